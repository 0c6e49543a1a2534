package io.github.cnnclassifier.train;

import java.util.Locale;

/**
 * Where training stands after one iteration: {@code iteration} is 1-based,
 * counted over the whole training; {@code loss} is the last mini-batch's;
 * accuracies are 0..1, NaN when not measured (validation: without validation data).
 */
public record TrainingProgress(int epoch, int maxEpochs, int iteration, int maxIterations,
	double loss, double accuracy, double validationLoss, double validationAccuracy,
	double elapsedSeconds)
{

	/** Estimated seconds left, from the time per iteration so far. */
	public double remainingSeconds() {
		return iteration == 0 ? Double.NaN : elapsedSeconds / iteration *
			(maxIterations - iteration);
	}

	/** Fraction done, 0..1, for a progress bar. */
	public double fractionDone() {
		return maxIterations == 0 ? 1 : (double) iteration / maxIterations;
	}

	/** One console line: epoch, iteration, loss, accuracy, validation accuracy, time left. */
	public String line() {
		return String.format(Locale.ROOT,
			"epoch %d/%d  iteration %d/%d  loss %.4f  accuracy %s  validation %s  " +
				"elapsed %s  left %s",
			epoch, maxEpochs, iteration, maxIterations, loss, percent(accuracy),
			percent(validationAccuracy), clock(elapsedSeconds), clock(remainingSeconds()));
	}

	static String percent(final double fraction) {
		return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.2f %%",
			100 * fraction);
	}

	static String clock(final double seconds) {
		if (Double.isNaN(seconds)) return "-";
		final long s = Math.round(seconds);
		return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
	}
}
