package io.github.cnnclassifier.data;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Two fingerprints of an image's decoded pixels: {@code exact}, 128 bits of
 * the SHA-256 of its size and pixel values (the same only for the same
 * pixels, whatever the file format), and {@code near}, a 64-bit perceptual
 * hash (low DCT frequencies) of its grey image shrunk to 32x32 (the same or a few bits apart after a
 * one-pixel shift, a re-encode or a brightness change).
 */
public record ImageHash(String exact, long near) {

	/**
	 * Largest number of differing bits of {@link #near} between two near
	 * copies. NB: measured on MNIST, test-images/digits and cells (README,
	 * "Duplicates"): 2 bits catch 95 % or more of JPEG re-encodings and
	 * brightness changes while fewer than 1 in 10,000 pairs of distinct
	 * digits come that close; at 4 bits every MNIST digit would have two
	 * "copies" among 10,000. Distances are even: every hash has 31 bits set.
	 */
	public static final int NEAR_BITS = 2;

	/** The hashes of {@code imp}'s pixels. */
	public static ImageHash of(final ImagePlus imp) {
		return new ImageHash(exact(imp), near(imp.getProcessor()));
	}

	/** True when the two images' perceptual hashes are at most {@link #NEAR_BITS} bits apart. */
	public boolean nearTo(final ImageHash other) {
		return areNear(near, other.near);
	}

	/** True when two perceptual hashes ({@link #near()}) are at most {@link #NEAR_BITS} bits apart. */
	public static boolean areNear(final long a, final long b) {
		return Long.bitCount(a ^ b) <= NEAR_BITS;
	}

	/** Bits in which the two perceptual hashes differ. */
	public int distance(final ImageHash other) {
		return Long.bitCount(near ^ other.near);
	}

	private static String exact(final ImagePlus imp) {
		final MessageDigest sha;
		try {
			sha = MessageDigest.getInstance("SHA-256");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("Java lacks SHA-256", e);
		}
		final ImageStack stack = imp.getStack();
		sha.update(ByteBuffer.allocate(16).putInt(imp.getWidth()).putInt(imp.getHeight())
			.putInt(stack.getSize()).putInt(imp.getBitDepth()).array());
		for (int s = 1; s <= stack.getSize(); s++) sha.update(bytes(stack.getPixels(s)));
		final byte[] digest = sha.digest();
		return HexFormat.of().formatHex(digest, 0, 16);
	}

	private static byte[] bytes(final Object pixels) {
		if (pixels instanceof byte[] b) return b;
		if (pixels instanceof short[] s) {
			final ByteBuffer buf = ByteBuffer.allocate(2 * s.length);
			buf.asShortBuffer().put(s);
			return buf.array();
		}
		if (pixels instanceof int[] i) {
			final ByteBuffer buf = ByteBuffer.allocate(4 * i.length);
			buf.asIntBuffer().put(i);
			return buf.array();
		}
		if (pixels instanceof float[] f) {
			final ByteBuffer buf = ByteBuffer.allocate(4 * f.length);
			buf.asFloatBuffer().put(f);
			return buf.array();
		}
		return new byte[0];
	}

	/** Side of the grey image the DCT is taken of. */
	private static final int GRID = 32;

	/**
	 * Bit {@code 8u + v} is set when the DCT coefficient (u, v) of the grey
	 * image shrunk to 32x32 is above the median of the 8x8 lowest-frequency
	 * coefficients (the constant one left out). NB: low frequencies barely
	 * move under a small shift or re-encoding; comparing with the median makes
	 * the bits blind to brightness and contrast.
	 */
	static long near(final ImageProcessor ip) {
		final int w = ip.getWidth(), h = ip.getHeight();
		final double[] grey = new double[w * h];
		final boolean rgb = ip instanceof ColorProcessor;
		double mean = 0;
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				final double v;
				if (rgb) {
					final int c = ip.get(x, y);
					v = ((c >> 16 & 0xff) + (c >> 8 & 0xff) + (c & 0xff)) / 3.0;
				}
				else v = ip.getPixelValue(x, y);
				grey[y * w + x] = Double.isFinite(v) ? v : 0;
				mean += grey[y * w + x];
			}
		}
		mean /= grey.length;
		// NB: centred on the centroid of the contrast, the grid moves with the content.
		double weight = 0, cx = 0, cy = 0;
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				final double c = Math.abs(grey[y * w + x] - mean);
				weight += c;
				cx += c * x;
				cy += c * y;
			}
		}
		final double dx = weight > 0 ? cx / weight - (w - 1) / 2.0 : 0;
		final double dy = weight > 0 ? cy / weight - (h - 1) / 2.0 : 0;
		// NB: every cell averages n x n interpolated samples, so that a sub-pixel move of the grid moves its values smoothly.
		final int n = Math.max(2, Math.min(16, (Math.max(w, h) + GRID - 1) / GRID));
		final double[] cells = new double[GRID * GRID];
		for (int r = 0; r < GRID; r++) {
			for (int c = 0; c < GRID; c++) {
				double sum = 0;
				for (int i = 0; i < n; i++) {
					final double y = (r + (i + 0.5) / n) * h / GRID - 0.5 + dy;
					for (int j = 0; j < n; j++) {
						sum += bilinear(grey, w, h, (c + (j + 0.5) / n) * w / GRID - 0.5 + dx, y);
					}
				}
				cells[r * GRID + c] = sum / (n * n);
			}
		}
		final double[] dct = new double[64];
		for (int u = 0; u < 8; u++) {
			for (int v = 0; v < 8; v++) {
				double s = 0;
				for (int y = 0; y < GRID; y++) {
					double r = 0;
					for (int x = 0; x < GRID; x++) r += cells[y * GRID + x] * COS[v][x];
					s += r * COS[u][y];
				}
				dct[u * 8 + v] = s;
			}
		}
		final double[] sorted = java.util.Arrays.copyOfRange(dct, 1, 64);
		java.util.Arrays.sort(sorted);
		final double median = sorted[31];
		long bits = 0;
		for (int k = 1; k < 64; k++) {
			if (dct[k] > median) bits |= 1L << k;
		}
		return bits;
	}

	/** The grey value at (x, y), interpolated, the edge repeated beyond the image. */
	private static double bilinear(final double[] grey, final int w, final int h,
		final double x, final double y)
	{
		final double cx = Math.max(0, Math.min(w - 1, x)), cy = Math.max(0, Math.min(h - 1, y));
		final int x0 = Math.min(w - 2 < 0 ? 0 : w - 2, (int) cx), y0 = Math.min(h - 2 < 0 ? 0
			: h - 2, (int) cy);
		final int x1 = Math.min(w - 1, x0 + 1), y1 = Math.min(h - 1, y0 + 1);
		final double fx = cx - x0, fy = cy - y0;
		return (1 - fy) * ((1 - fx) * grey[y0 * w + x0] + fx * grey[y0 * w + x1]) + fy * ((1 -
			fx) * grey[y1 * w + x0] + fx * grey[y1 * w + x1]);
	}

	/** cos((2x + 1) u pi / 64), the DCT-II basis on 32 points. */
	private static final double[][] COS = new double[8][GRID];
	static {
		for (int u = 0; u < 8; u++) {
			for (int x = 0; x < GRID; x++) COS[u][x] = Math.cos((2 * x + 1) * u * Math.PI / (2 * GRID));
		}
	}
}
