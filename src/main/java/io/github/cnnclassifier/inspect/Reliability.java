package io.github.cnnclassifier.inspect;

/**
 * The images binned by their top-class confidence in {@link #BINS} equal-width
 * bins: per bin the count, the mean confidence and the accuracy, from which
 * the expected calibration error and a reliability diagram are made.
 *
 * @param count images per bin
 * @param confidence mean top-class confidence per bin (0 in an empty bin)
 * @param accuracy share of right answers per bin (0 in an empty bin)
 */
public record Reliability(int[] count, double[] confidence, double[] accuracy) {

	/** Bins, as Guo et al. 2017 use for the expected calibration error. */
	public static final int BINS = 15;

	/**
	 * @param probabilities one row of class probabilities per image
	 * @param labels the true class of each image
	 */
	public static Reliability of(final double[][] probabilities, final int[] labels) {
		final int[] count = new int[BINS];
		final double[] confidence = new double[BINS], correct = new double[BINS];
		for (int i = 0; i < probabilities.length; i++) {
			final double[] p = probabilities[i];
			int best = 0;
			for (int k = 1; k < p.length; k++) {
				if (p[k] > p[best]) best = k;
			}
			// NB: a confidence of exactly 1 belongs to the last bin.
			final int bin = Math.min(BINS - 1, (int) (p[best] * BINS));
			count[bin]++;
			confidence[bin] += p[best];
			if (best == labels[i]) correct[bin]++;
		}
		for (int b = 0; b < BINS; b++) {
			if (count[b] == 0) continue;
			confidence[b] /= count[b];
			correct[b] /= count[b];
		}
		return new Reliability(count, confidence, correct);
	}

	/** Images binned. */
	public int images() {
		int n = 0;
		for (final int c : count) n += c;
		return n;
	}

	/**
	 * Expected calibration error: the gap between accuracy and mean confidence
	 * of each bin, weighted by its share of the images; 0 for no images.
	 */
	public double ece() {
		final int n = images();
		double ece = 0;
		for (int b = 0; b < BINS; b++) {
			if (count[b] > 0) ece += count[b] * Math.abs(accuracy[b] - confidence[b]) / n;
		}
		return ece;
	}
}
