package io.github.cnnclassifier.tensor;

import ij.ImageStack;
import ij.process.ImageProcessor;

/** Copies ImageJ's primitive pixel arrays into float planes, the one place that knows their encodings. */
final class Pixels {

	/** Red, green and blue weights of ITU-R BT.601 luminance, as MATLAB's rgb2gray. */
	static final float RED = 0.299f;
	static final float GREEN = 0.587f;
	static final float BLUE = 0.114f;

	private Pixels() {}

	/** One plane of a stack: its pixel array and its size. */
	static final class Plane {

		final Object pixels;
		final int width;
		final int height;

		Plane(final Object pixels, final int width, final int height) {
			this.pixels = pixels;
			this.width = width;
			this.height = height;
		}

		boolean isRgb() {
			return pixels instanceof int[];
		}

		/** Channels this plane holds: 3 for RGB, else 1. */
		int channels() {
			return isRgb() ? 3 : 1;
		}
	}

	/** Reads plane {@code n} (1-based) of {@code stack} without copying the pixels of an in-memory stack. */
	static Plane plane(final ImageStack stack, final int n) {
		if (stack.isVirtual()) {
			// NB: a VirtualStack reads files through shared state (Opener, its own
			// cache), so one reader at a time.
			synchronized (stack) {
				final ImageProcessor ip = stack.getProcessor(n);
				return new Plane(ip.getPixels(), ip.getWidth(), ip.getHeight());
			}
		}
		// NB: getPixels, unlike getProcessor, neither allocates a processor nor
		// scans the plane for its min and max.
		return new Plane(stack.getPixels(n), stack.getWidth(), stack.getHeight());
	}

	/** Writes the raw values of a plane, R, G and B planes one after another for RGB, from {@code offset}. */
	static void toFloat(final Object pixels, final float[] dest, final int offset) {
		if (pixels instanceof byte[]) {
			final byte[] p = (byte[]) pixels;
			for (int i = 0; i < p.length; i++)
				dest[offset + i] = p[i] & 0xff;
		}
		else if (pixels instanceof short[]) {
			final short[] p = (short[]) pixels;
			for (int i = 0; i < p.length; i++)
				dest[offset + i] = p[i] & 0xffff;
		}
		else if (pixels instanceof float[]) {
			final float[] p = (float[]) pixels;
			System.arraycopy(p, 0, dest, offset, p.length);
		}
		else if (pixels instanceof int[]) {
			final int[] p = (int[]) pixels;
			final int n = p.length;
			for (int i = 0; i < n; i++) {
				final int c = p[i];
				dest[offset + i] = (c >> 16) & 0xff;
				dest[offset + n + i] = (c >> 8) & 0xff;
				dest[offset + 2 * n + i] = c & 0xff;
			}
		}
		else {
			throw new IllegalArgumentException("Unsupported pixel array: " +
				(pixels == null ? "null" : pixels.getClass().getSimpleName()));
		}
	}

	/** Writes the luminance 0.299 R + 0.587 G + 0.114 B of packed RGB pixels, unrounded, from {@code offset}. */
	static void luminance(final int[] rgb, final float[] dest, final int offset) {
		for (int i = 0; i < rgb.length; i++) {
			final int c = rgb[i];
			dest[offset + i] = RED * ((c >> 16) & 0xff) + GREEN * ((c >> 8) & 0xff) +
				BLUE * (c & 0xff);
		}
	}

	/** Fails unless {@code n} values fit one Java array. */
	static int checkedSize(final long n, final String what) {
		if (n > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException(what + " has " + n +
				" values, more than one array can hold (2^31); process it in batches");
		}
		return (int) n;
	}
}
