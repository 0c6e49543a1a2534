package io.github.cnnclassifier.data;

import ij.io.FileInfo;
import ij.io.RandomAccessStream;
import ij.io.TiffDecoder;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * Reads the image directories of a TIFF file with ImageJ's own decoder, through a buffer.
 * <p>
 * NB: ImageJ's {@code TiffDecoder} reads a file one byte per system call
 * (a {@code RandomAccessFile} without a buffer). An ImageJ stack has one
 * directory, but a stack that other software wrote (PIL, tifffile, a
 * microscope) has one per plane: 10,000 planes took 3.5 s to scan, and
 * about 20 ms through this buffer. Pixels are still decoded by ImageJ.
 * </p>
 */
final class TiffPages {

	/** Bytes read at once: a few directories of small planes, or one directory and its arrays. */
	private static final int BUFFER = 16 * 1024;

	private TiffPages() {}

	/**
	 * ImageJ's file info of every page of {@code file}, as {@code TiffDecoder.getTiffInfo} gives
	 * it; null if the file is not a TIFF.
	 */
	static FileInfo[] read(final Path file) throws IOException {
		final Path absolute = file.toAbsolutePath();
		try (BufferedFile buffered = new BufferedFile(absolute.toFile())) {
			final TiffDecoder decoder = new TiffDecoder(absolute.getParent() + File.separator,
				absolute.getFileName().toString())
			{
				{
					in = new RandomAccessStream(buffered);
				}
			};
			return decoder.getTiffInfo();
		}
	}

	/**
	 * A read-only file that serves {@code read} and {@code seek} from a buffer
	 * (the methods ImageJ's RandomAccessStream calls), instead of one system call per byte.
	 */
	private static final class BufferedFile extends RandomAccessFile {

		private final byte[] buffer = new byte[BUFFER];
		/** File position of buffer[0]. */
		private long start;
		/** Valid bytes in the buffer. */
		private int count;
		/** The position the next read starts from. */
		private long position;

		BufferedFile(final File file) throws IOException {
			super(file, "r");
		}

		@Override
		public int read() throws IOException {
			if (!holds(position) && !fill()) return -1;
			return buffer[(int) (position++ - start)] & 0xFF;
		}

		@Override
		public int read(final byte[] b, final int off, final int len) throws IOException {
			if (len == 0) return 0;
			if (!holds(position)) {
				// NB: a long read (pixels, a colour map) goes straight to the file.
				if (len >= BUFFER) {
					super.seek(position);
					final int n = super.read(b, off, len);
					if (n > 0) position += n;
					return n;
				}
				if (!fill()) return -1;
			}
			final int n = Math.min(len, (int) (start + count - position));
			System.arraycopy(buffer, (int) (position - start), b, off, n);
			position += n;
			return n;
		}

		@Override
		public void seek(final long pos) throws IOException {
			if (pos < 0) throw new IOException("Negative seek offset " + pos);
			position = pos;
		}

		@Override
		public long getFilePointer() {
			return position;
		}

		private boolean holds(final long pos) {
			return pos >= start && pos < start + count;
		}

		/** Fills the buffer from {@link #position}; false at the end of the file. */
		private boolean fill() throws IOException {
			super.seek(position);
			final int n = super.read(buffer, 0, BUFFER);
			start = position;
			count = Math.max(0, n);
			return n > 0;
		}
	}
}
