package io.github.cnnclassifier.ij;

import ij.IJ;
import io.github.cnnclassifier.api.Progress;
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
public final class ImageJMonitor implements Progress {

	private final Consumer<String> console;
	private final boolean gui;
	private final TrainingPlot plot;

	/**
	 * @param console receives messages when no ImageJ window is open
	 * @param title what is trained, for the plot's title (e.g. the model file's name)
	 */
	public ImageJMonitor(final Consumer<String> console, final String title) {
		this.console = console;
		this.gui = IJ.getInstance() != null;
		this.plot = new TrainingPlot("Training progress: " + title, gui);
		if (gui) IJ.resetEscape();
	}

	/** Saves the training-progress plot as {@code png} (see {@link TrainingPlot#fileFor}). */
	public void saveProgress(final Path png) {
		plot.save(png);
		message("Saved the training progress plot to " + png);
	}

	@Override
	public void message(final String text) {
		if (gui) IJ.log(text);
		else console.accept(text);
	}

	@Override
	public void reading(final int done, final int total) {
		if (!gui) return;
		IJ.showProgress(done, total);
		IJ.showStatus("Reading images " + done + "/" + total);
	}

	@Override
	public void iteration(final TrainingProgress progress) {
		plot.iteration(progress);
		if (!gui) return;
		IJ.showProgress(progress.fractionDone());
		IJ.showStatus(progress.line() + "  (Esc stops)");
	}

	@Override
	public void validation(final TrainingProgress progress) {
		plot.validation(progress);
		message(progress.line());
	}

	@Override
	public boolean cancelRequested() {
		return Thread.currentThread().isInterrupted() || (gui && IJ.escapePressed());
	}
}
