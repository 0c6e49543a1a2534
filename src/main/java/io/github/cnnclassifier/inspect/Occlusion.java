package io.github.cnnclassifier.inspect;

import io.github.cnnclassifier.engine.Runner;
import io.github.cnnclassifier.tensor.InputShape;

/**
 * Occlusion sensitivity (Zeiler and Fergus 2014, MATLAB's
 * occlusionSensitivity): a square patch, a fifth of the input's shorter side,
 * slides over the image and is filled with the training mean (0 once
 * normalised); each pixel gets the mean drop of the class probability over
 * the patches that cover it.
 */
final class Occlusion {

	static final String NAME = "occlusion";
	/** Occluded copies per forward pass. */
	private static final int BATCH = 64;

	private Occlusion() {}

	/** The map of one normalised sample {@code x} whose probability of {@code target} is {@code p0}. */
	static float[] map(final Runner runner, final float[] x, final int target, final float p0,
		final InputShape shape, final int classes)
	{
		final int h = shape.height(), w = shape.width(), c = shape.channels();
		final int mask = Math.max(1, Math.round(Math.min(h, w) / 5f));
		// NB: at most about 32 x 32 patch positions, whatever the input size.
		final int stride = Math.max(1, (int) Math.ceil(Math.min(h, w) / 32.0));
		final int[] ys = positions(h, mask, stride), xs = positions(w, mask, stride);
		final int count = ys.length * xs.length;
		final double[] drop = new double[h * w];
		final int[] covered = new int[h * w];
		final int size = x.length;
		final float[] batch = new float[Math.min(BATCH, count) * size];
		for (int from = 0; from < count; from += BATCH) {
			final int b = Math.min(BATCH, count - from);
			for (int i = 0; i < b; i++) {
				System.arraycopy(x, 0, batch, i * size, size);
				final int y0 = ys[(from + i) / xs.length], x0 = xs[(from + i) % xs.length];
				for (int ch = 0; ch < c; ch++) {
					for (int y = Math.max(0, y0); y < Math.min(h, y0 + mask); y++) {
						final int row = i * size + (ch * h + y) * w;
						java.util.Arrays.fill(batch, row + Math.max(0, x0), row + Math.min(w, x0 + mask),
							0f);
					}
				}
			}
			final float[] p = runner.output(batch, b);
			for (int i = 0; i < b; i++) {
				final int y0 = ys[(from + i) / xs.length], x0 = xs[(from + i) % xs.length];
				final float d = p0 - p[i * classes + target];
				for (int y = Math.max(0, y0); y < Math.min(h, y0 + mask); y++) {
					for (int xx = Math.max(0, x0); xx < Math.min(w, x0 + mask); xx++) {
						drop[y * w + xx] += d;
						covered[y * w + xx]++;
					}
				}
			}
		}
		final float[] map = new float[h * w];
		for (int i = 0; i < map.length; i++) map[i] = (float) (drop[i] / covered[i]);
		return map;
	}

	/**
	 * Patch origins along a side of {@code n} pixels, {@code stride} apart, so
	 * that patch centres run from the first pixel to the last.
	 */
	private static int[] positions(final int n, final int mask, final int stride) {
		final int[] p = new int[(n - 1) / stride + 1];
		for (int i = 0; i < p.length; i++) p[i] = i * stride - mask / 2;
		return p;
	}
}
