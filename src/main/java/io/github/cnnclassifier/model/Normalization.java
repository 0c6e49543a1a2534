package io.github.cnnclassifier.model;

/**
 * How raw pixel values become network inputs: {@code (value - mean) / std},
 * with one mean and standard deviation measured over all training pixels.
 * <p>
 * NB: raw values, not values scaled by bit depth, so a 12-bit camera image
 * stored as 16-bit is not squeezed into a thousandth of the range.
 * </p>
 */
public final class Normalization {

	/** The only method so far; written to the model file for future ones. */
	public static final String ZSCORE = "zscore";

	private final String method;
	private final double mean;
	private final double std;

	public Normalization(final double mean, final double std) {
		if (!(std > 0) || Double.isNaN(mean) || Double.isInfinite(mean)) {
			throw new ModelException("Invalid normalisation: mean " + mean + ", std " + std);
		}
		this.method = ZSCORE;
		this.mean = mean;
		this.std = std;
	}

	/** From the count, sum and sum of squares of all values. */
	public static Normalization ofSums(final double[] countSumSquares) {
		final double n = countSumSquares[0];
		final double mean = n == 0 ? 0 : countSumSquares[1] / n;
		final double std = n == 0 ? 0 : Math.sqrt(Math.max(0, countSumSquares[2] / n - mean *
			mean));
		return new Normalization(mean, std > 1e-12 ? std : 1);
	}

	/** Normalises {@code length} values from {@code offset} in place. */
	public void apply(final float[] values, final int offset, final int length) {
		final float m = (float) mean;
		final float scale = (float) (1 / std);
		for (int i = offset; i < offset + length; i++) {
			values[i] = (values[i] - m) * scale;
		}
	}

	public String method() {
		return method;
	}

	public double mean() {
		return mean;
	}

	public double std() {
		return std;
	}
}
