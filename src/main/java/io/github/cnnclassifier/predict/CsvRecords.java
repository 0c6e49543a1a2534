package io.github.cnnclassifier.predict;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV records (RFC 4180: quoted fields may hold commas, quotes and line
 * breaks) with the byte offsets where each starts and ends; a last line
 * without its line end is not a record. NB: bytes, not characters: the
 * structural characters are ASCII and never part of a UTF-8 sequence, and
 * the offsets are where to cut the file.
 */
final class CsvRecords implements AutoCloseable {

	private final InputStream in;
	private long pos;
	private long start;
	private long end;
	private long lines;
	private int pending = -1;

	CsvRecords(final InputStream in) {
		this.in = new BufferedInputStream(in, 1 << 16);
	}

	/** The next complete record, or null at the end. */
	List<String> next() throws IOException {
		final List<String> fields = new ArrayList<>();
		final ByteArrayOutputStream field = new ByteArrayOutputStream();
		boolean quoted = false;
		boolean wasQuoted = false;
		final long from = pos;
		while (true) {
			final int b = read();
			if (b < 0) return null;
			if (quoted) {
				if (b != '"') field.write(b);
				else if (peek() == '"') field.write(read());
				else quoted = false;
			}
			else if (b == '"' && field.size() == 0 && !wasQuoted) {
				quoted = true;
				wasQuoted = true;
			}
			else if (b == ',' || b == '\n') {
				fields.add(field.toString(StandardCharsets.UTF_8));
				field.reset();
				wasQuoted = false;
				if (b == '\n') {
					start = from;
					end = pos;
					lines++;
					return fields;
				}
			}
			else if (b != '\r') field.write(b);
		}
	}

	/** Where the last record began. */
	long start() {
		return start;
	}

	/** Just after the last record's line end (after the heading line, at first). */
	long end() {
		return end;
	}

	/** Records read, the heading line included. */
	long lines() {
		return lines;
	}

	private int read() throws IOException {
		final int b = pending >= 0 ? pending : in.read();
		pending = -1;
		if (b >= 0) pos++;
		return b;
	}

	private int peek() throws IOException {
		if (pending < 0) pending = in.read();
		return pending;
	}

	@Override
	public void close() throws IOException {
		in.close();
	}
}
