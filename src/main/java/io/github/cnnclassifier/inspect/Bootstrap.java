package io.github.cnnclassifier.inspect;

import java.util.Arrays;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Percentile bootstrap intervals of a metric of (truth, prediction) pairs:
 * the images are resampled with replacement, seeded, so the same evaluation
 * always gives the same interval.
 */
public final class Bootstrap {

	/** Resamples drawn, as the README states. */
	public static final int RESAMPLES = 1000;

	private Bootstrap() {}

	/** A metric's value on all images and its 95 % interval. */
	public record Interval(double value, double low, double high) {}

	/**
	 * @param metric the metric of truths and predictions, e.g. {@link #accuracy}
	 */
	public static Interval of(final int[] truth, final int[] predicted, final long seed,
		final BiFunction<int[], int[], Double> metric)
	{
		final Random random = new Random(seed);
		final int n = truth.length;
		final double[] values = new double[RESAMPLES];
		final int[] t = new int[n], p = new int[n];
		for (int r = 0; r < RESAMPLES; r++) {
			for (int i = 0; i < n; i++) {
				final int pick = random.nextInt(n);
				t[i] = truth[pick];
				p[i] = predicted[pick];
			}
			values[r] = metric.apply(t, p);
		}
		Arrays.sort(values);
		return new Interval(metric.apply(truth, predicted), values[(int) (0.025 * RESAMPLES)],
			values[(int) Math.ceil(0.975 * RESAMPLES) - 1]);
	}

	/** The share of predictions that are right. */
	public static double accuracy(final int[] truth, final int[] predicted) {
		int right = 0;
		for (int i = 0; i < truth.length; i++) {
			if (truth[i] == predicted[i]) right++;
		}
		return truth.length == 0 ? 0 : right / (double) truth.length;
	}

	/** The mean F1 over the classes present among the truths or predictions. */
	public static double macroF1(final int[] truth, final int[] predicted) {
		int classes = 0;
		for (int i = 0; i < truth.length; i++) {
			classes = Math.max(classes, Math.max(truth[i], predicted[i]) + 1);
		}
		final int[] tp = new int[classes], fp = new int[classes], fn = new int[classes];
		for (int i = 0; i < truth.length; i++) {
			if (truth[i] == predicted[i]) tp[truth[i]]++;
			else {
				fp[predicted[i]]++;
				fn[truth[i]]++;
			}
		}
		double sum = 0;
		int present = 0;
		for (int k = 0; k < classes; k++) {
			if (tp[k] + fp[k] + fn[k] == 0) continue;
			sum += 2.0 * tp[k] / (2 * tp[k] + fp[k] + fn[k]);
			present++;
		}
		return present == 0 ? 0 : sum / present;
	}
}
