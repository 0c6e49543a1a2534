package io.github.cnnclassifier.testimages;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Image files that break naive readers, written from code for the tests:
 * huge dimensions in a small file, NaN pixels, a truncated JPEG, an animated
 * GIF, a TIFF whose pages differ, a 16-bit composite. Each method creates the
 * file's folders and returns the file.
 */
public final class BadImages {

	private BadImages() {}

	/**
	 * A valid 8-bit grey TIFF of {@code width} x {@code height} black pixels,
	 * Deflate-compressed into one strip, so 20000 x 20000 pixels (400 MB when
	 * decoded) take about 400 kB on disk; written row by row in little memory.
	 */
	public static Path hugeTiff(final Path file, final int width, final int height) {
		final ByteArrayOutputStream strip = new ByteArrayOutputStream();
		final Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
		try (OutputStream z = new DeflaterOutputStream(strip, deflater, 1 << 16)) {
			final byte[] row = new byte[width];
			for (int y = 0; y < height; y++) z.write(row);
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
		finally {
			deflater.end();
		}
		return tiff(file, width, height, 8, strip.toByteArray());
	}

	/**
	 * The header of an uncompressed 8-bit TIFF of {@code width} x
	 * {@code height} pixels, and none of its pixel data: a reader that trusts
	 * the header allocates the whole image before it finds out.
	 */
	public static Path hugeTiffHeaderOnly(final Path file, final int width,
		final int height)
	{
		return tiff(file, width, height, 1, new byte[16]);
	}

	/** Minimal little-endian TIFF: one IFD, one strip, grey (BlackIsZero). */
	private static Path tiff(final Path file, final int width, final int height,
		final int compression, final byte[] strip)
	{
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final int ifdEnd = 8 + 2 + 9 * 12 + 4;
		final int[][] tags = { { 256, 4, width }, { 257, 4, height }, { 258, 3, 8 },
			{ 259, 3, compression }, { 262, 3, 1 }, { 273, 4, ifdEnd }, { 277, 3, 1 },
			{ 278, 4, height }, { 279, 4, compression == 1 ? width * height : strip.length } };
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.write(new byte[] { 'I', 'I', 42, 0 });
			out.writeInt(Integer.reverseBytes(8));
			out.writeShort(Short.reverseBytes((short) tags.length));
			for (final int[] tag : tags) {
				out.writeShort(Short.reverseBytes((short) tag[0]));
				out.writeShort(Short.reverseBytes((short) tag[1]));
				out.writeInt(Integer.reverseBytes(1));
				out.writeInt(Integer.reverseBytes(tag[1] == 3 ? tag[2] & 0xffff : tag[2]));
			}
			out.writeInt(0);
			out.write(strip);
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
		return write(file, bytes.toByteArray());
	}

	/** A 32-bit grey TIFF of value {@code value} with one NaN, one +Inf and one -Inf pixel. */
	public static Path nanTiff(final Path file, final int width, final int height,
		final float value)
	{
		final float[] pixels = new float[width * height];
		Arrays.fill(pixels, value);
		pixels[0] = Float.NaN;
		pixels[1] = Float.POSITIVE_INFINITY;
		pixels[2] = Float.NEGATIVE_INFINITY;
		mkdirs(file);
		check(new FileSaver(new ImagePlus("nan", new FloatProcessor(width, height, pixels)))
			.saveAsTiff(file.toString()), file);
		return file;
	}

	/** A JPEG of a grey gradient, cut to its first half (as an interrupted copy leaves it). */
	public static Path truncatedJpeg(final Path file, final int width, final int height) {
		final BufferedImage image = new BufferedImage(width, height,
			BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) image.setRGB(x, y, ((x + y) * 4 & 255) * 0x010101);
		}
		final ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
		try {
			check(ImageIO.write(image, "jpeg", jpeg), file);
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
		final byte[] all = jpeg.toByteArray();
		return write(file, Arrays.copyOf(all, all.length / 2));
	}

	/** An animated GIF of {@code frames} grey frames, frame k filled with 40 k and a white bar. */
	public static Path animatedGif(final Path file, final int frames, final int width,
		final int height)
	{
		final BufferedImage[] images = new BufferedImage[frames];
		for (int k = 0; k < frames; k++) {
			images[k] = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
			for (int y = 0; y < height; y++) {
				for (int x = 0; x < width; x++) {
					images[k].getRaster().setSample(x, y, 0, x == k ? 255 : 40 * k);
				}
			}
		}
		return sequence(file, "gif", images);
	}

	/**
	 * A multi-page TIFF whose pages differ in size and bit depth (28x28 8-bit,
	 * 56x56 8-bit, 28x28 16-bit), which ImageJ opens as its first page only.
	 */
	public static Path mixedPagesTiff(final Path file) {
		final BufferedImage a = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
		final BufferedImage b = new BufferedImage(56, 56, BufferedImage.TYPE_BYTE_GRAY);
		final BufferedImage c = new BufferedImage(28, 28, BufferedImage.TYPE_USHORT_GRAY);
		for (int i = 0; i < 28; i++) {
			a.getRaster().setSample(i, i, 0, 255);
			b.getRaster().setSample(2 * i, 55 - 2 * i, 0, 255);
			c.getRaster().setSample(14, i, 0, 60000);
		}
		return sequence(file, "tiff", a, b, c);
	}

	/** An ImageJ 16-bit composite TIFF with {@code channels} channels, channel c filled with 1000 (c + 1). */
	public static Path composite16(final Path file, final int width, final int height,
		final int channels)
	{
		final ImageStack stack = new ImageStack(width, height);
		for (int c = 0; c < channels; c++) {
			final short[] pixels = new short[width * height];
			Arrays.fill(pixels, (short) (1000 * (c + 1)));
			stack.addSlice("c" + c, new ShortProcessor(width, height, pixels, null));
		}
		final ImagePlus imp = new ImagePlus("composite", stack);
		imp.setDimensions(channels, 1, 1);
		mkdirs(file);
		check(new FileSaver(new CompositeImage(imp, CompositeImage.COMPOSITE)).saveAsTiff(
			file.toString()), file);
		return file;
	}

	private static Path sequence(final Path file, final String format,
		final BufferedImage... images)
	{
		mkdirs(file);
		final ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
		try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
			writer.setOutput(out);
			writer.prepareWriteSequence(null);
			for (final BufferedImage image : images) {
				writer.writeToSequence(new IIOImage(image, null, null), null);
			}
			writer.endWriteSequence();
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
		finally {
			writer.dispose();
		}
		return file;
	}

	private static Path write(final Path file, final byte[] bytes) {
		mkdirs(file);
		try {
			return Files.write(file, bytes);
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

	private static void check(final boolean written, final Path file) {
		if (!written) throw new IllegalStateException("Could not write " + file);
	}
}
