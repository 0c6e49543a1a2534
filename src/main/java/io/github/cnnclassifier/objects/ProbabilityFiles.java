package io.github.cnnclassifier.objects;

import ij.VirtualStack;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Probability planes too large for the heap, written row by row to one hidden
 * raw float file per class and read back one plane at a time as a virtual
 * stack (plane order: class, then sample).
 */
final class ProbabilityFiles implements TileClassification.Rows, AutoCloseable {

	/** Floats read or written per I/O call: bounds the byte buffer. */
	private static final int CHUNK = 1 << 20;

	private final Path[] files;
	private final FileChannel[] channels;
	private final int width;
	private final int height;
	private final List<String> labels;
	private final int samples;
	private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK * Float.BYTES).order(
		ByteOrder.LITTLE_ENDIAN);

	/** Creates one file per class in {@code folder}, each new (created exclusively). */
	ProbabilityFiles(final Path folder, final String stem, final List<String> labels,
		final int width, final int height, final int samples) throws IOException
	{
		this.labels = labels;
		this.width = width;
		this.height = height;
		this.samples = samples;
		files = new Path[labels.size()];
		channels = new FileChannel[labels.size()];
		try {
			for (int c = 0; c < files.length; c++) {
				files[c] = Files.createTempFile(folder, "." + stem + "-P" + c + "-", ".raw");
				channels[c] = FileChannel.open(files[c], StandardOpenOption.READ,
					StandardOpenOption.WRITE);
			}
		}
		catch (final IOException e) {
			close();
			throw e;
		}
	}

	/** NB: rows of a class arrive in order, sample after sample, so each file is written sequentially. */
	@Override
	public void put(final int sample, final int c, final int y, final float[] rows,
		final int count) throws IOException
	{
		for (int from = 0; from < count * width; from += CHUNK) {
			final int n = Math.min(CHUNK, count * width - from);
			buffer.clear();
			buffer.asFloatBuffer().put(rows, from, n);
			buffer.limit(n * Float.BYTES);
			while (buffer.hasRemaining()) channels[c].write(buffer);
		}
	}

	/** The planes as a virtual stack: ImageJ's TIFF writer reads one plane at a time. */
	VirtualStack stack() {
		return new VirtualStack(width, height) {

			@Override
			public ImageProcessor getProcessor(final int n) {
				final float[] plane = new float[width * height];
				final long offset = (long) ((n - 1) / files.length) * plane.length * Float.BYTES;
				try {
					read(channels[(n - 1) % files.length], offset, plane);
				}
				catch (final IOException e) {
					throw new UncheckedIOException(e);
				}
				return new FloatProcessor(width, height, plane);
			}

			@Override
			public int getSize() {
				return files.length * samples;
			}

			@Override
			public String getSliceLabel(final int n) {
				return "P_" + labels.get((n - 1) % files.length);
			}

			@Override
			public int getBitDepth() {
				return 32;
			}
		};
	}

	private void read(final FileChannel channel, final long offset, final float[] plane)
		throws IOException
	{
		for (int from = 0; from < plane.length; from += CHUNK) {
			final int n = Math.min(CHUNK, plane.length - from);
			buffer.clear().limit(n * Float.BYTES);
			long at = offset + (long) from * Float.BYTES;
			while (buffer.hasRemaining()) {
				final int read = channel.read(buffer, at);
				if (read < 0) throw new IOException("Unexpected end of " + channel);
				at += read;
			}
			buffer.flip();
			buffer.asFloatBuffer().get(plane, from, n);
		}
	}

	/** Deletes the files. */
	@Override
	public void close() {
		for (int c = 0; c < files.length; c++) {
			try {
				if (channels[c] != null) channels[c].close();
				if (files[c] != null) Files.deleteIfExists(files[c]);
			}
			catch (final IOException e) {
				// NB: a temporary file left behind is hidden; nothing the user wrote is at stake.
			}
		}
	}
}
