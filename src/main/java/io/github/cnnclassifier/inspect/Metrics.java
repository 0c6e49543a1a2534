package io.github.cnnclassifier.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleBiFunction;

/**
 * What a held-out evaluation reports: accuracy, macro-F1 and per-class
 * recall with 95 % percentile bootstrap intervals ({@link Bootstrap}, seeded
 * with {@link #SEED}), the reliability of the top-class confidence with its
 * expected calibration error, and the multi-class Brier score.
 *
 * @param recall per class in output order; NaN for a class without images
 * @param brier mean over images of the squared distance between the
 *          probabilities and the one-hot truth, 0 (sure and right) to 2
 */
public record Metrics(int images, Bootstrap.Interval accuracy, Bootstrap.Interval macroF1,
	List<Bootstrap.Interval> recall, Reliability reliability, double brier)
{

	/** Seed of the resamples, so the same evaluation always gives the same intervals. */
	public static final long SEED = 1;

	public Metrics {
		recall = List.copyOf(recall);
	}

	/**
	 * @param truth the true class of each image
	 * @param probabilities one row of class probabilities per image, every row
	 *          {@code classes} long; the predicted class is the most probable
	 *          (the first on a tie)
	 * @param classes the model's classes (some may have no image)
	 */
	public static Metrics of(final int[] truth, final double[][] probabilities,
		final int classes)
	{
		final int n = truth.length;
		final int[] predicted = new int[n];
		double brier = 0;
		for (int i = 0; i < n; i++) {
			final double[] p = probabilities[i];
			for (int k = 0; k < classes; k++) {
				if (p[k] > p[predicted[i]]) predicted[i] = k;
				final double d = p[k] - (k == truth[i] ? 1 : 0);
				brier += d * d;
			}
		}
		final List<ToDoubleBiFunction<int[], int[]>> metrics = new ArrayList<>();
		metrics.add(Bootstrap::accuracy);
		metrics.add(Bootstrap::macroF1);
		for (int k = 0; k < classes; k++) {
			final int c = k;
			metrics.add((t, p) -> Bootstrap.recall(t, p, c));
		}
		final List<Bootstrap.Interval> intervals = Bootstrap.of(truth, predicted, SEED, metrics);
		return new Metrics(n, intervals.get(0), intervals.get(1), intervals.subList(2, intervals
			.size()), Reliability.of(probabilities, truth), n == 0 ? Double.NaN : brier / n);
	}

	/** The expected calibration error ({@link Reliability#ece}). */
	public double ece() {
		return reliability.ece();
	}

	/**
	 * One line of {@code key=value} pairs, fractions with four decimals, e.g.
	 * {@code accuracy=0.9500 accuracy_ci95=0.9420-0.9580 macro_f1=0.9460
	 * macro_f1_ci95=0.9370-0.9550 ece=0.0095 brier=0.0760 images=3000}.
	 */
	public String summary() {
		return String.format(Locale.ROOT, "accuracy=%.4f accuracy_ci95=%.4f-%.4f macro_f1=%.4f " +
			"macro_f1_ci95=%.4f-%.4f ece=%.4f brier=%.4f images=%d", accuracy.value(), accuracy
				.low(), accuracy.high(), macroF1.value(), macroF1.low(), macroF1.high(), ece(), brier,
			images);
	}
}
