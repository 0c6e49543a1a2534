package io.github.cnnclassifier.train;

import java.util.Locale;

/** Where training stands after one iteration; accuracies are 0..1, NaN when not measured. */
public final class TrainingProgress {

	private final int epoch;
	private final int maxEpochs;
	private final int iteration;
	private final int maxIterations;
	private final double loss;
	private final double accuracy;
	private final double validationLoss;
	private final double validationAccuracy;
	private final double elapsedSeconds;

	public TrainingProgress(final int epoch, final int maxEpochs, final int iteration,
		final int maxIterations, final double loss, final double accuracy,
		final double validationLoss, final double validationAccuracy,
		final double elapsedSeconds)
	{
		this.epoch = epoch;
		this.maxEpochs = maxEpochs;
		this.iteration = iteration;
		this.maxIterations = maxIterations;
		this.loss = loss;
		this.accuracy = accuracy;
		this.validationLoss = validationLoss;
		this.validationAccuracy = validationAccuracy;
		this.elapsedSeconds = elapsedSeconds;
	}

	public int epoch() {
		return epoch;
	}

	public int maxEpochs() {
		return maxEpochs;
	}

	/** 1-based, counted over the whole training. */
	public int iteration() {
		return iteration;
	}

	public int maxIterations() {
		return maxIterations;
	}

	/** Loss of the last mini-batch. */
	public double loss() {
		return loss;
	}

	/** Accuracy of the last measured mini-batch; NaN if none was measured yet. */
	public double accuracy() {
		return accuracy;
	}

	/** NaN without validation data. */
	public double validationLoss() {
		return validationLoss;
	}

	/** NaN without validation data. */
	public double validationAccuracy() {
		return validationAccuracy;
	}

	public double elapsedSeconds() {
		return elapsedSeconds;
	}

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
