package io.github.cnnclassifier.data;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.Opener;
import ij.io.TiffDecoder;
import ij.plugin.PGM_Reader;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ImageConverter;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/**
 * Opens image files with ImageJ's decoders, never through a path that shows
 * an error dialog or aborts the calling macro: a file that cannot be read
 * gives a {@link DataException} naming it.
 * <p>
 * NB: {@code IJ.openImage} reports corrupt files with {@code IJ.error}, which
 * aborts a running macro (the one that called our command) and opens one
 * dialog per file in the GUI. So the format is recognised by its first bytes
 * and each decoder is called in a way that throws instead.
 * </p>
 */
public final class ImageFiles {

	private ImageFiles() {}

	/**
	 * Opens {@code file} as an ImagePlus titled with its file name; palette
	 * images become the grey or RGB values they show, ImageJ "8-bit Color"
	 * TIFFs become RGB, grey JPEGs stored as RGB become 8-bit (as ImageJ's
	 * File › Open does).
	 *
	 * @throws DataException if the file cannot be read or is not an image
	 */
	public static ImagePlus open(final Path file) {
		final ImagePlus imp;
		try {
			imp = decode(file);
		}
		catch (final IOException | RuntimeException e) {
			throw unreadable(file, e.getMessage() == null ? e.toString() : e.getMessage());
		}
		if (imp == null || imp.getProcessor() == null) {
			throw unreadable(file, "ImageJ could not decode it");
		}
		// NB: ImageJ's "8-bit Color" TIFFs keep their colours; pseudo-colour LUTs (Fire) stay grey data.
		if (imp.getType() == ImagePlus.COLOR_256) new ImageConverter(imp).convertToRGB();
		imp.setTitle(file.getFileName().toString());
		return imp;
	}

	private static ImagePlus decode(final Path file) throws IOException {
		final byte[] head = new byte[132];
		final int n;
		try (InputStream in = Files.newInputStream(file)) {
			n = in.readNBytes(head, 0, head.length);
		}
		if (n == 0) throw new IOException("the file is empty");
		final String name = file.getFileName().toString();
		if (isTiff(head, n)) return openTiff(file);
		if (isImageIoFormat(head, n)) {
			final BufferedImage bi = ImageIO.read(file.toFile());
			if (bi == null) throw new IOException("not a PNG, JPEG, GIF or BMP image");
			if (bi.getColorModel() instanceof IndexColorModel) return fromPalette(name, bi);
			final ImagePlus imp = new ImagePlus(name, bi);
			if (head[0] == (byte) 0xFF && imp.getType() == ImagePlus.COLOR_RGB) {
				Opener.convertGrayJpegTo8Bits(imp);
			}
			return imp;
		}
		if (n >= 2 && head[0] == 'P' && head[1] >= '1' && head[1] <= '6') {
			checkPnmLength(file);
			final ImageStack stack = new PGM_Reader().openFile(file.toString());
			return new ImagePlus(name, stack);
		}
		final String lower = name.toLowerCase(java.util.Locale.ROOT);
		if (lower.endsWith(".dcm") || lower.endsWith(".fits") || lower.endsWith(".fit")) {
			final Opener opener = new Opener();
			opener.setSilentMode(true);
			return opener.openImage(file.toString());
		}
		throw new IOException("its content is not a TIFF, PNG, JPEG, GIF, BMP, PGM, " +
			"DICOM or FITS image");
	}

	/** NB: the header is read first so that a corrupt one throws instead of reaching IJ.error. */
	private static ImagePlus openTiff(final Path file) throws IOException {
		final Path dir = file.toAbsolutePath().getParent();
		final FileInfo[] info = new TiffDecoder(dir + java.io.File.separator,
			file.getFileName().toString()).getTiffInfo();
		if (info == null || info.length == 0) throw new IOException("no TIFF image in it");
		final long length = Files.size(file);
		for (final FileInfo fi : info) {
			if (fi.width <= 0 || fi.height <= 0) {
				throw new IOException("its TIFF header is damaged (image size " + fi.width +
					"x" + fi.height + ")");
			}
			final long planeBytes = (long) fi.width * fi.height * fi.getBytesPerPixel();
			final long end = fi.getOffset() + planeBytes * Math.max(1, fi.nImages);
			if (fi.compression <= FileInfo.COMPRESSION_NONE && end > length) {
				throw new IOException("the file is truncated (its pixel data ends early)");
			}
		}
		final Opener opener = new Opener();
		opener.setSilentMode(true);
		return opener.openImage(file.toString());
	}

	/**
	 * Grey or RGB pixels of a palette image (GIF, palette PNG or BMP): the
	 * colours it shows, not its palette indices.
	 */
	private static ImagePlus fromPalette(final String name, final BufferedImage bi) {
		final IndexColorModel cm = (IndexColorModel) bi.getColorModel();
		boolean grey = true;
		for (int i = 0; i < cm.getMapSize() && grey; i++) {
			grey = cm.getRed(i) == cm.getGreen(i) && cm.getGreen(i) == cm.getBlue(i);
		}
		final int w = bi.getWidth();
		final int h = bi.getHeight();
		final int[] rgb = bi.getRGB(0, 0, w, h, null, 0, w);
		if (!grey) return new ImagePlus(name, new ColorProcessor(w, h, rgb));
		final byte[] values = new byte[w * h];
		for (int i = 0; i < values.length; i++) values[i] = (byte) rgb[i];
		return new ImagePlus(name, new ByteProcessor(w, h, values));
	}

	/**
	 * NB: ImageJ's PGM reader fills a short binary file with zeros; this
	 * checks that the pixel data is all there first.
	 */
	private static void checkPnmLength(final Path file) throws IOException {
		final byte[] bytes = Files.readAllBytes(file);
		final char kind = (char) bytes[1];
		if (kind < '4') return; // NB: ASCII variants end where their numbers end.
		final int[] values = new int[kind == '4' ? 2 : 3];
		int pos = 2;
		for (int v = 0; v < values.length; v++) {
			while (pos < bytes.length && (Character.isWhitespace(bytes[pos]) ||
				bytes[pos] == '#'))
			{
				if (bytes[pos] == '#') while (pos < bytes.length && bytes[pos] != '\n') pos++;
				else pos++;
			}
			final int start = pos;
			while (pos < bytes.length && Character.isDigit(bytes[pos])) pos++;
			if (pos == start) throw new IOException("its PGM/PPM header is damaged");
			values[v] = Integer.parseInt(new String(bytes, start, pos - start,
				java.nio.charset.StandardCharsets.US_ASCII));
		}
		pos++; // the single white space after the header
		final long w = values[0], h = values[1];
		final long pixels = kind == '4' ? (w + 7) / 8 * h : w * h * (kind == '6' ? 3 : 1) *
			(values[2] > 255 ? 2 : 1);
		if (pos + pixels > bytes.length) {
			throw new IOException("the file is truncated (its pixel data ends early)");
		}
	}

	private static boolean isTiff(final byte[] h, final int n) {
		return n >= 4 && ((h[0] == 'I' && h[1] == 'I' && h[2] == 42 && h[3] == 0) ||
			(h[0] == 'M' && h[1] == 'M' && h[2] == 0 && h[3] == 42));
	}

	private static boolean isImageIoFormat(final byte[] h, final int n) {
		final boolean png = n >= 4 && h[0] == (byte) 0x89 && h[1] == 'P' && h[2] == 'N' &&
			h[3] == 'G';
		final boolean jpeg = n >= 3 && h[0] == (byte) 0xFF && h[1] == (byte) 0xD8 &&
			h[2] == (byte) 0xFF;
		final boolean gif = n >= 4 && h[0] == 'G' && h[1] == 'I' && h[2] == 'F' &&
			h[3] == '8';
		final boolean bmp = n >= 2 && h[0] == 'B' && h[1] == 'M';
		return png || jpeg || gif || bmp;
	}

	private static DataException unreadable(final Path file, final String why) {
		return new DataException("Cannot read image " + file + ": " + why +
			". Replace or remove the file.");
	}
}
