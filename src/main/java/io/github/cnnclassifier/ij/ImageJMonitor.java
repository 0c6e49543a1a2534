package io.github.cnnclassifier.ij;

import ij.IJ;
import io.github.cnnclassifier.train.TrainingMonitor;
import io.github.cnnclassifier.train.TrainingProgress;

import java.util.function.Consumer;

/**
 * Shows training in ImageJ: progress bar and status line per iteration, and
 * the Log window per validation; cancelled with Esc. Without an ImageJ window
 * (headless, or a plain SciJava context) it writes one line per validation to
 * {@code console} instead.
 */
public final class ImageJMonitor implements TrainingMonitor {

	private final Consumer<String> console;
	private final boolean gui;

	/** @param console receives messages when no ImageJ window is open */
	public ImageJMonitor(final Consumer<String> console) {
		this.console = console;
		this.gui = IJ.getInstance() != null;
		if (gui) IJ.resetEscape();
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
		if (!gui) return;
		IJ.showProgress(progress.fractionDone());
		IJ.showStatus(progress.line() + "  (Esc stops)");
	}

	@Override
	public void validation(final TrainingProgress progress) {
		message(progress.line());
	}

	@Override
	public boolean cancelRequested() {
		return Thread.currentThread().isInterrupted() || (gui && IJ.escapePressed());
	}
}
