package io.github.cnnclassifier.ij;

import ij.IJ;
import io.github.cnnclassifier.train.TrainingProgress;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Shows training in ImageJ: progress bar and status line per iteration, the
 * Log window per validation, and a live training-progress plot; cancelled
 * with Esc. Without an ImageJ window (headless, or a plain SciJava context)
 * it writes one line per validation to {@code console} instead, and the plot
 * only records, for {@link #saveProgress}.
 */
public final class ImageJMonitor extends CommandProgress {

	private final TrainingPlot plot;

	/**
	 * @param console receives messages when no ImageJ window is open
	 * @param title what is trained, for the plot's title (e.g. the model file's name)
	 */
	public ImageJMonitor(final Consumer<String> console, final String title) {
		super("Training", console, IJ.getInstance() != null, System::currentTimeMillis);
		this.plot = new TrainingPlot("Training progress: " + title, gui());
	}

	/** Saves the training-progress plot as {@code png} (see {@link TrainingPlot#fileFor}). */
	public void saveProgress(final Path png) {
		plot.save(png);
		message("Saved the training progress plot to " + png);
	}

	@Override
	public void iteration(final TrainingProgress progress) {
		plot.iteration(progress);
		if (!gui()) return;
		IJ.showProgress(progress.fractionDone());
		IJ.showStatus(progress.line() + "  (Esc stops)");
	}

	@Override
	public void validation(final TrainingProgress progress) {
		plot.validation(progress);
		message(progress.line());
	}
}
