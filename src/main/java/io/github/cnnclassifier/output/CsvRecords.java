package io.github.cnnclassifier.output;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's CSV: {@link #text} writes every text cell of every CSV it
 * writes; an instance reads records (RFC 4180: quoted fields may hold
 * commas, quotes and line breaks) back, as they were given, with the byte
 * offsets where each starts and ends; a last line without its line end is
 * not a record. NB: bytes, not characters: the structural characters are
 * ASCII and never part of a UTF-8 sequence, and the offsets are where to
 * cut the file.
 */
public final class CsvRecords implements AutoCloseable {

	private final InputStream in;
	private long pos;
	private long start;
	private long end;
	private long lines;
	private int pending = -1;

	public CsvRecords(final InputStream in) {
		this.in = new BufferedInputStream(in, 1 << 16);
	}

	/** Every complete record of {@code file}, the heading line first. */
	public static List<List<String>> readAll(final java.nio.file.Path file) throws IOException {
		final List<List<String>> records = new ArrayList<>();
		try (CsvRecords csv = new CsvRecords(java.nio.file.Files.newInputStream(file))) {
			for (List<String> r; (r = csv.next()) != null;) records.add(r);
		}
		return records;
	}

	/** The next complete record, or null at the end. */
	public List<String> next() throws IOException {
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
				fields.add(decoded(field.toString(StandardCharsets.UTF_8)));
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
	public long start() {
		return start;
	}

	/** Just after the last record's line end (after the heading line, at first). */
	public long end() {
		return end;
	}

	/** Records read, the heading line included. */
	public long lines() {
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

	/**
	 * A text cell (a label, a file name, a layer name; never a number): as it
	 * is, or in double quotes (quotes doubled) where it holds a comma, quote or
	 * line break. NB: a cell that starts like a formula ({@code = + - @}, tab,
	 * CR) gets a leading apostrophe inside quotes, as OWASP advises, so that a
	 * spreadsheet shows it as text instead of running it; {@link #next} takes it
	 * off again.
	 */
	public static String text(final String text) {
		final String cell = formulaLike(text) ? "'" + text : text;
		if (cell.equals(text) && text.indexOf(',') < 0 && text.indexOf('"') < 0 && text
			.indexOf('\n') < 0 && text.indexOf('\r') < 0)
		{
			return text;
		}
		return '"' + cell.replace("\"", "\"\"") + '"';
	}

	/** A cell as {@link #text} was given it: without the apostrophe it added. */
	static String decoded(final String cell) {
		return cell.startsWith("'") && formulaLike(cell.substring(1)) ? cell.substring(1)
			: cell;
	}

	/**
	 * Whether {@code text} starts like a formula, or is an apostrophe before
	 * such a start (so that decoding is exact).
	 */
	private static boolean formulaLike(final String text) {
		int i = 0;
		while (i < text.length() && text.charAt(i) == '\'') i++;
		return i < text.length() && "=+-@\t\r".indexOf(text.charAt(i)) >= 0;
	}
}
