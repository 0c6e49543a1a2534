package io.github.cnnclassifier.testimages;

import static io.github.cnnclassifier.testimages.SyntheticDigits.uniform;

import ij.process.ShortProcessor;

import java.util.Random;

/**
 * Renders 32×32 unsigned 16-bit "microscopy" images of one blurred bright blob,
 * round or elongated, on a dim noisy background.
 */
final class SyntheticCells {

	/** Side of the output image in pixels. */
	static final int SIZE = 32;

	private static final int OVERSAMPLE = 4;

	private SyntheticCells() {}

	/**
	 * Renders one cell from {@code seed}: round (aspect 1.0–1.2) or elongated
	 * (aspect 2–3, any orientation), with a peak of 2,000–12,000 counts, or
	 * 33,000–45,000 when {@code bright}.
	 */
	static ShortProcessor render(final boolean elongated, final boolean bright,
		final long seed)
	{
		final Random rnd = new Random(seed);
		final double aspect = elongated ? uniform(rnd, 2.0, 3.0) : uniform(rnd, 1.0,
			1.2);
		final double minor = elongated ? uniform(rnd, 2.3, 3.3) : uniform(rnd, 3.8,
			5.5);
		final double major = minor * aspect;
		final double theta = uniform(rnd, 0, Math.PI);
		final double cx = SIZE / 2.0 + uniform(rnd, -3.5, 3.5);
		final double cy = SIZE / 2.0 + uniform(rnd, -3.5, 3.5);
		final double peak = bright ? uniform(rnd, 33_000, 45_000) : uniform(rnd,
			2_000, 12_000);
		final double background = uniform(rnd, 200, 400);
		final double readNoise = uniform(rnd, 5, 15);

		final float[] blob = Blur.gaussian(ellipse(cx, cy, major, minor, theta),
			SIZE, SIZE, uniform(rnd, 0.8, 1.3));
		final short[] out = new short[SIZE * SIZE];
		for (int i = 0; i < out.length; i++) {
			final double mean = background + peak * blob[i];
			// NB: shot noise as Gaussian with variance = mean (Poisson, 1 count/ADU), plus read noise.
			final double v = mean + Math.sqrt(mean) * rnd.nextGaussian() + readNoise *
				rnd.nextGaussian();
			out[i] = (short) SyntheticDigits.clamp((int) Math.round(v), 0, 65535);
		}
		return new ShortProcessor(SIZE, SIZE, out, null);
	}

	/** A supersampled filled ellipse, slightly brighter in its middle, with values in 0..1. */
	private static float[] ellipse(final double cx, final double cy,
		final double major, final double minor, final double theta)
	{
		final double cos = Math.cos(theta);
		final double sin = Math.sin(theta);
		final float[] out = new float[SIZE * SIZE];
		final double step = 1.0 / OVERSAMPLE;
		for (int y = 0; y < SIZE; y++)
			for (int x = 0; x < SIZE; x++) {
				double sum = 0;
				for (int sy = 0; sy < OVERSAMPLE; sy++)
					for (int sx = 0; sx < OVERSAMPLE; sx++) {
						final double px = x + (sx + 0.5) * step - cx;
						final double py = y + (sy + 0.5) * step - cy;
						final double u = (px * cos + py * sin) / major;
						final double w = (-px * sin + py * cos) / minor;
						final double r2 = u * u + w * w;
						if (r2 <= 1) sum += 0.75 + 0.25 * (1 - r2);
					}
				out[y * SIZE + x] = (float) (sum / (OVERSAMPLE * OVERSAMPLE));
			}
		return out;
	}
}
