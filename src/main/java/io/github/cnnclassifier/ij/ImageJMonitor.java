package io.github.cnnclassifier.ij;

import ij.IJ;
import io.github.cnnclassifier.train.TrainingProgress;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Shows training in ImageJ: progress bar and status line per iteration, the
 * Log window per validation, and a live training-progress plot; cancelled
 * with Esc or the plot's Stop button. Without an ImageJ window (headless, or a
 * plain SciJava context) it writes one line per validation to {@code console} instead, and the plot
 * only records, for {@link #saveProgress}.
 */
public final class ImageJMonitor extends CommandProgress {

	private final TrainingPlot plot;
	private TrainingProgress last;
	private TrainingProgress stoppedAt;

	/**
	 * @param console receives messages when no ImageJ window is open
	 * @param title what is trained, for the plot's title (e.g. the model file's name)
	 */
	public ImageJMonitor(final Consumer<String> console, final String title) {
		super("Training", console, IJ.getInstance() != null, System::currentTimeMillis);
		this.plot = new TrainingPlot("Training progress: " + title, gui());
	}

	/**
	 * Ends the progress display (the bar is reset, the plot says whether the
	 * user stopped training and where) and saves the plot as {@code png} (see
	 * {@link TrainingPlot#fileFor}).
	 */
	public void saveProgress(final Path png) {
		plot.finish(stoppedAt == null ? null : String.format(Locale.ROOT,
			"stopped by the user at epoch %d, iteration %d", stoppedAt.epoch(), stoppedAt
				.iteration()));
		if (gui()) {
			IJ.showProgress(1.0);
			IJ.resetEscape();
			IJ.showStatus(stoppedAt == null ? "Training completed" : "Training stopped at epoch " +
				stoppedAt.epoch() + ", iteration " + stoppedAt.iteration());
		}
		plot.save(png);
		message("Saved the training progress plot to " + png);
	}

	@Override
	public void iteration(final TrainingProgress progress) {
		last = progress;
		plot.iteration(progress);
		if (!gui()) return;
		IJ.showProgress(progress.fractionDone());
		IJ.showStatus(progress.line() + "  (Esc or Stop stops)");
	}

	@Override
	public void validation(final TrainingProgress progress) {
		plot.validation(progress);
		message(progress.line());
	}

	@Override
	public boolean cancelRequested() {
		final boolean cancel = super.cancelRequested() || (gui() && plot.stopPressed());
		if (cancel && stoppedAt == null) stoppedAt = last;
		return cancel;
	}

	/** The plot, for tests. */
	TrainingPlot plot() {
		return plot;
	}
}
