package io.github.cnnclassifier.ij;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.plugin.LutLoader;
import ij.process.LUT;

import java.awt.Color;

/** The lookup tables of the inspection pictures, and values turned into their colours. */
final class Luts {

	private Luts() {}

	/** Blue for negative, white for 0, red for positive, for values centred on 0 (weights). */
	static LUT diverging() {
		final int[][] stops = { { 0, 33, 102, 172 }, { 64, 103, 169, 207 }, { 128, 247, 247,
			247 }, { 192, 239, 138, 98 }, { 255, 178, 24, 43 } };
		final byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int s = 0; s + 1 < stops.length; s++) {
			final int[] a = stops[s], z = stops[s + 1];
			for (int i = a[0]; i <= z[0]; i++) {
				final double t = (double) (i - a[0]) / (z[0] - a[0]);
				r[i] = (byte) Math.round(a[1] + t * (z[1] - a[1]));
				g[i] = (byte) Math.round(a[2] + t * (z[2] - a[2]));
				b[i] = (byte) Math.round(a[3] + t * (z[3] - a[3]));
			}
		}
		return new LUT(r, g, b);
	}

	/** ImageJ's Fire: black, through red and orange, to white (heat maps). */
	static LUT fire() {
		return new LUT(LutLoader.getLut("fire"), 0, 255);
	}

	/** Black to white. */
	static LUT grays() {
		return new LUT(LutLoader.getLut("grays"), 0, 255);
	}

	/** Diverging for values of both signs, else {@code positive}. */
	static LUT forRange(final double min, final LUT positive) {
		return min < 0 ? diverging() : positive;
	}

	/**
	 * The display range of values: symmetric around 0 (±the largest magnitude)
	 * when some are negative, else 0 to the largest; never empty.
	 */
	static double[] range(final float[] values) {
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (final float v : values) {
			if (Float.isNaN(v)) continue;
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		if (min > max) return new double[] { 0, 1 };
		if (min < 0) {
			final double m = Math.max(Math.max(-min, max), 1e-12);
			return new double[] { -m, m };
		}
		return new double[] { 0, max > 0 ? max : 1 };
	}

	/**
	 * {@code imp} shown through {@code lut} over {@code range} in every
	 * channel: as a grayscale-mode composite when it has several channels.
	 */
	static ImagePlus withLut(final ImagePlus imp, final LUT lut, final double[] range) {
		lut.min = range[0];
		lut.max = range[1];
		if (imp.getNChannels() > 1) {
			final CompositeImage ci = new CompositeImage(imp, IJ.GRAYSCALE);
			final LUT[] luts = new LUT[imp.getNChannels()];
			for (int c = 0; c < luts.length; c++) luts[c] = (LUT) lut.clone();
			ci.setLuts(luts);
			ci.setDisplayRange(range[0], range[1]);
			return ci;
		}
		imp.getProcessor().setLut(lut);
		imp.getStack().setColorModel(lut);
		imp.setDisplayRange(range[0], range[1]);
		return imp;
	}

	/** The colour {@code lut} gives {@code v} on the display range [min, max]. */
	static Color color(final LUT lut, final double v, final double min, final double max) {
		final int i = (int) Math.round((v - min) / (max - min) * 255);
		return new Color(lut.getRGB(Math.max(0, Math.min(255, i))));
	}
}
