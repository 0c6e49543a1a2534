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

	/** Measures mean and standard deviation of {@code values}; a constant set gets std 1. */
	public static Normalization of(final float[] values) {
		double sum = 0;
		for (final float v : values) sum += v;
		final double mean = values.length == 0 ? 0 : sum / values.length;
		double squares = 0;
		for (final float v : values) {
			final double d = v - mean;
			squares += d * d;
		}
		final double std = values.length == 0 ? 0 : Math.sqrt(squares / values.length);
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
