package io.github.cnnclassifier.inspect;

/**
 * Temperature scaling (Guo et al. 2017, "On calibration of modern neural
 * networks"): one temperature T divides every logit before the softmax,
 * fitted to minimise the negative log-likelihood of labelled images, with the
 * expected calibration error (ECE) and NLL it gives.
 */
public final class Calibration {

	/** Range of log T searched: T from 0.05 to 20. */
	private static final double LOG_T_MIN = Math.log(0.05), LOG_T_MAX = Math.log(20);

	private Calibration() {}

	/**
	 * The temperature that minimises {@link #nll} of {@code labels} under
	 * {@code logits / T}, by golden-section search on log T (the NLL is
	 * unimodal in it).
	 *
	 * @param logits one row of class scores per image
	 * @param labels the true class of each image
	 */
	public static double fitTemperature(final float[][] logits, final int[] labels) {
		final double g = (Math.sqrt(5) - 1) / 2;
		double a = LOG_T_MIN, b = LOG_T_MAX;
		double c = b - g * (b - a), d = a + g * (b - a);
		double fc = nll(logits, labels, Math.exp(c)), fd = nll(logits, labels, Math.exp(d));
		while (b - a > 1e-5) {
			if (fc < fd) {
				b = d;
				d = c;
				fd = fc;
				c = b - g * (b - a);
				fc = nll(logits, labels, Math.exp(c));
			}
			else {
				a = c;
				c = d;
				fc = fd;
				d = a + g * (b - a);
				fd = nll(logits, labels, Math.exp(d));
			}
		}
		return Math.exp((a + b) / 2);
	}

	/** The softmax of {@code logits / temperature}. */
	public static double[] probabilities(final float[] logits, final double temperature) {
		double max = Double.NEGATIVE_INFINITY;
		for (final float z : logits) max = Math.max(max, z / temperature);
		final double[] p = new double[logits.length];
		double sum = 0;
		for (int k = 0; k < p.length; k++) {
			p[k] = Math.exp(logits[k] / temperature - max);
			sum += p[k];
		}
		for (int k = 0; k < p.length; k++) p[k] /= sum;
		return p;
	}

	/** Mean negative log-likelihood of the true classes under {@code logits / temperature}. */
	public static double nll(final float[][] logits, final int[] labels,
		final double temperature)
	{
		double sum = 0;
		for (int i = 0; i < logits.length; i++) {
			final double p = probabilities(logits[i], temperature)[labels[i]];
			sum -= Math.log(Math.max(p, 1e-300));
		}
		return sum / logits.length;
	}

	/**
	 * Expected calibration error in {@link Reliability#BINS} equal-width bins of
	 * top-class confidence ({@link Reliability#ece}).
	 *
	 * @param probabilities one row of class probabilities per image
	 */
	public static double ece(final double[][] probabilities, final int[] labels) {
		return Reliability.of(probabilities, labels).ece();
	}

	/** {@link #ece} of {@code logits / temperature}. */
	public static double ece(final float[][] logits, final int[] labels,
		final double temperature)
	{
		final double[][] p = new double[logits.length][];
		for (int i = 0; i < logits.length; i++) p[i] = probabilities(logits[i], temperature);
		return ece(p, labels);
	}
}
