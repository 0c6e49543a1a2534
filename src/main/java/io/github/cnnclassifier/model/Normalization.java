package io.github.cnnclassifier.model;

import io.github.cnnclassifier.tensor.InputShape;

import java.util.Arrays;

/**
 * How raw pixel values become network inputs: {@code (value - mean) / std},
 * with one mean and standard deviation measured over all training pixels
 * ({@value #ZSCORE}), or with one of each per channel ({@value #PER_CHANNEL},
 * e.g. the ImageNet mean subtraction a pretrained network was trained with).
 * <p>
 * NB: raw values, not values scaled by bit depth, so a 12-bit camera image
 * stored as 16-bit is not squeezed into a thousandth of the range.
 * </p>
 */
public final class Normalization {

	/** One mean and standard deviation for all values. */
	public static final String ZSCORE = "zscore";
	/** One mean and standard deviation per channel. */
	public static final String PER_CHANNEL = "per-channel";

	private final String method;
	private final double mean;
	private final double std;
	/** Per channel, or null; NB: null in files written before per-channel normalisation. */
	private final double[] channelMean;
	private final double[] channelStd;
	/** Values per channel plane (height x width) for {@value #PER_CHANNEL}; 0 otherwise. */
	private final int plane;

	public Normalization(final double mean, final double std) {
		if (!(std > 0) || Double.isNaN(mean) || Double.isInfinite(mean)) {
			throw new ModelException("Invalid normalisation: mean " + mean + ", std " + std);
		}
		this.method = ZSCORE;
		this.mean = mean;
		this.std = std;
		this.channelMean = null;
		this.channelStd = null;
		this.plane = 0;
	}

	private Normalization(final double[] means, final double[] stds, final int plane) {
		this.method = PER_CHANNEL;
		this.mean = 0;
		this.std = 1;
		this.channelMean = means.clone();
		this.channelStd = stds.clone();
		this.plane = plane;
		final String why = problem(means.length);
		if (why != null) throw new ModelException("Invalid normalisation: " + why);
	}

	/**
	 * (x - mean) / std with one mean and one std for all channels where each
	 * is one number, else {@link #perChannel}.
	 *
	 * @throws ModelException as the constructors do
	 */
	public static Normalization of(final double[] means, final double[] stds,
		final InputShape shape)
	{
		return means.length == 1 && stds.length == 1 ? new Normalization(means[0], stds[0])
			: perChannel(means, stds, shape);
	}

	/**
	 * Per-channel normalisation of inputs of {@code shape}: one mean and one
	 * standard deviation for each of its channels, or one of either for all.
	 */
	public static Normalization perChannel(final double[] means, final double[] stds,
		final InputShape shape)
	{
		final int c = shape.channels();
		return new Normalization(spread(means, c), spread(stds, c), shape.height() * shape
			.width());
	}

	private static double[] spread(final double[] values, final int channels) {
		if (values.length == 1 && channels > 1) {
			final double[] all = new double[channels];
			Arrays.fill(all, values[0]);
			return all;
		}
		return values;
	}

	/** From the count, sum and sum of squares of all values. */
	public static Normalization ofSums(final double[] countSumSquares) {
		final double n = countSumSquares[0];
		final double mean = n == 0 ? 0 : countSumSquares[1] / n;
		final double std = n == 0 ? 0 : Math.sqrt(Math.max(0, countSumSquares[2] / n - mean *
			mean));
		return new Normalization(mean, std > 1e-12 ? std : 1);
	}

	/**
	 * What makes this normalisation unusable for inputs with {@code channels}
	 * channels (non-finite values, a standard deviation that is not positive,
	 * an unknown method or channel count), or null if it is sound.
	 */
	String problem(final int channels) {
		if (method == null || method.equals(ZSCORE)) {
			return !Double.isFinite(mean) || !Double.isFinite(std) || std <= 0 ? "mean " + mean +
				", std " + std + " would turn every image into NaN or infinity" : null;
		}
		if (!method.equals(PER_CHANNEL)) return "its method '" + method + "' is unknown";
		if (channelMean == null || channelStd == null || channelMean.length != channels ||
			channelStd.length != channels || plane < 1)
		{
			return "it does not give a mean and std for each of the " + channels + " channels";
		}
		for (int c = 0; c < channels; c++) {
			if (!Double.isFinite(channelMean[c]) || !Double.isFinite(channelStd[c]) ||
				channelStd[c] <= 0)
			{
				return "channel " + c + "'s mean " + channelMean[c] + ", std " + channelStd[c] +
					" would turn every image into NaN or infinity";
			}
		}
		return null;
	}

	/** Values per channel plane this normalisation was made for (0 for {@value #ZSCORE}). */
	int plane() {
		return plane;
	}

	/**
	 * Normalises {@code length} values from {@code offset} in place: whole
	 * samples (channel planes one after another) for {@value #PER_CHANNEL}.
	 */
	public void apply(final float[] values, final int offset, final int length) {
		if (channelMean == null) {
			scale(values, offset, offset + length, mean, std);
			return;
		}
		final int channels = channelMean.length;
		for (int from = offset, c = 0; from < offset + length; from += plane, c = (c + 1) %
			channels)
		{
			scale(values, from, Math.min(from + plane, offset + length), channelMean[c],
				channelStd[c]);
		}
	}

	private static void scale(final float[] values, final int from, final int to,
		final double mean, final double std)
	{
		final float m = (float) mean;
		final float scale = (float) (1 / std);
		for (int i = from; i < to; i++) {
			values[i] = (values[i] - m) * scale;
		}
	}

	public String method() {
		return method == null ? ZSCORE : method;
	}

	/** The mean of {@value #ZSCORE}; 0 for {@value #PER_CHANNEL}. */
	public double mean() {
		return mean;
	}

	/** The standard deviation of {@value #ZSCORE}; 1 for {@value #PER_CHANNEL}. */
	public double std() {
		return std;
	}

	/** The mean of each channel ({@value #PER_CHANNEL}), or null. */
	public double[] channelMean() {
		return channelMean == null ? null : channelMean.clone();
	}

	/** The standard deviation of each channel ({@value #PER_CHANNEL}), or null. */
	public double[] channelStd() {
		return channelStd == null ? null : channelStd.clone();
	}

	/** In words, for the log: e.g. "mean 33.1, std 78.4" or "per channel: mean 123.7, 116.8, 103.9; std 1, 1, 1". */
	@Override
	public String toString() {
		if (channelMean == null) return String.format(java.util.Locale.ROOT,
			"mean %.4g, std %.4g", mean, std);
		return "per channel: mean " + join(channelMean) + "; std " + join(channelStd);
	}

	private static String join(final double[] values) {
		final StringBuilder s = new StringBuilder();
		for (final double v : values) {
			if (s.length() > 0) s.append(", ");
			s.append(String.format(java.util.Locale.ROOT, "%.4g", v));
		}
		return s.toString();
	}
}
