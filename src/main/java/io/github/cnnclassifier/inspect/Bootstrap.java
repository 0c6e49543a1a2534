package io.github.cnnclassifier.inspect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.ToDoubleBiFunction;

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
		return of(truth, predicted, seed, List.of(metric::apply)).get(0);
	}

	/**
	 * The intervals of several metrics over the same resamples. A resample on
	 * which a metric is NaN (e.g. the recall of a class it happens to lack)
	 * is left out of that metric's interval.
	 */
	public static List<Interval> of(final int[] truth, final int[] predicted, final long seed,
		final List<ToDoubleBiFunction<int[], int[]>> metrics)
	{
		final Random random = new Random(seed);
		final int n = truth.length;
		final double[][] values = new double[metrics.size()][RESAMPLES];
		final int[] t = new int[n], p = new int[n];
		for (int r = 0; r < RESAMPLES; r++) {
			for (int i = 0; i < n; i++) {
				final int pick = random.nextInt(n);
				t[i] = truth[pick];
				p[i] = predicted[pick];
			}
			for (int m = 0; m < metrics.size(); m++) values[m][r] = metrics.get(m).applyAsDouble(t, p);
		}
		final List<Interval> intervals = new ArrayList<>();
		for (int m = 0; m < metrics.size(); m++) {
			final double[] v = Arrays.stream(values[m]).filter(x -> !Double.isNaN(x)).sorted()
				.toArray();
			final double value = metrics.get(m).applyAsDouble(truth, predicted);
			intervals.add(v.length == 0 ? new Interval(value, Double.NaN, Double.NaN)
				: new Interval(value, v[(int) (0.025 * v.length)], v[(int) Math.ceil(0.975 * v
					.length) - 1]));
		}
		return intervals;
	}

	/** Of the images of class {@code k}, the share predicted as {@code k}; NaN without any. */
	public static double recall(final int[] truth, final int[] predicted, final int k) {
		int of = 0, right = 0;
		for (int i = 0; i < truth.length; i++) {
			if (truth[i] != k) continue;
			of++;
			if (predicted[i] == k) right++;
		}
		return of == 0 ? Double.NaN : right / (double) of;
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
