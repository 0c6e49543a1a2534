package io.github.cnnclassifier.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Tiny real image files, written with ImageJ's own writers, for the data tests. */
final class DataFiles {

	private DataFiles() {}

	/** An 8-bit image whose pixels are all {@code value}. */
	static ImagePlus constant8(final int width, final int height, final int value) {
		final byte[] pixels = new byte[width * height];
		Arrays.fill(pixels, (byte) value);
		return new ImagePlus("c" + value, new ByteProcessor(width, height, pixels));
	}

	/** A packed RGB value. */
	static int rgb(final int r, final int g, final int b) {
		return (r << 16) | (g << 8) | b;
	}

	/** An RGB image whose pixels are all {@code rgb}. */
	static ImagePlus constantRgb(final int width, final int height, final int rgb) {
		final int[] pixels = new int[width * height];
		Arrays.fill(pixels, rgb);
		return new ImagePlus("rgb", new ColorProcessor(width, height, pixels));
	}

	/** An 8-bit stack of {@code planes} planes, plane k filled with {@code first + k}. */
	static ImagePlus stack8(final int width, final int height, final int planes,
		final int first)
	{
		final ImageStack stack = new ImageStack(width, height);
		for (int k = 0; k < planes; k++) {
			stack.addSlice("p" + k, constant8(width, height, first + k).getProcessor());
		}
		return new ImagePlus("stack", stack);
	}

	/** Writes a constant 8-bit PNG, creating its folders. */
	static Path png(final Path file, final int width, final int height, final int value) {
		return png(file, constant8(width, height, value));
	}

	static Path png(final Path file, final ImagePlus imp) {
		mkdirs(file);
		assertTrue(new FileSaver(imp).saveAsPng(file.toString()), "saved " + file);
		return file;
	}

	static Path tiff(final Path file, final ImagePlus imp) {
		mkdirs(file);
		final boolean saved = imp.getStackSize() > 1 ? new FileSaver(imp).saveAsTiffStack(
			file.toString()) : new FileSaver(imp).saveAsTiff(file.toString());
		assertTrue(saved, "saved " + file);
		return file;
	}

	/**
	 * An 8-bit stack as other software writes it: one TIFF directory per
	 * plane (little-endian, uncompressed), no ImageJ description; with
	 * {@code reversed} the planes' pixels lie in the file in reverse order.
	 */
	static Path multiPageTiff(final Path file, final int width, final int height,
		final byte[][] planes, final boolean reversed)
	{
		final int entries = 8;
		final int ifd = 2 + entries * 12 + 4;
		final int plane = width * height;
		final int pixelsStart = 8 + planes.length * ifd;
		final java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(pixelsStart + planes.length *
			plane).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
		for (int k = 0; k < planes.length; k++) {
			final int at = pixelsStart + (reversed ? planes.length - 1 - k : k) * plane;
			b.putShort((short) entries);
			final int[][] tags = { { 256, 4, width }, { 257, 4, height }, { 258, 3, 8 }, { 259, 3,
				1 }, { 262, 3, 1 }, { 273, 4, at }, { 277, 3, 1 }, { 279, 4, plane } };
			for (final int[] t : tags) {
				b.putShort((short) t[0]).putShort((short) t[1]).putInt(1);
				if (t[1] == 3) b.putShort((short) t[2]).putShort((short) 0);
				else b.putInt(t[2]);
			}
			b.putInt(k < planes.length - 1 ? 8 + (k + 1) * ifd : 0);
		}
		for (int k = 0; k < planes.length; k++) {
			b.put(planes[reversed ? planes.length - 1 - k : k]);
		}
		return bytes(file, b.array());
	}

	/** Writes {@code text} as the whole file, creating its folders. */
	static Path text(final Path file, final String text) {
		return bytes(file, text.getBytes(StandardCharsets.UTF_8));
	}

	static Path bytes(final Path file, final byte[] content) {
		mkdirs(file);
		try {
			return Files.write(file, content);
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Cuts {@code file} down to its first {@code keep} bytes. */
	static Path truncate(final Path file, final int keep) {
		try {
			final byte[] all = Files.readAllBytes(file);
			assertTrue(keep < all.length, "truncating " + file + " shortens it");
			return Files.write(file, Arrays.copyOf(all, keep));
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static void mkdirs(final Path file) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
