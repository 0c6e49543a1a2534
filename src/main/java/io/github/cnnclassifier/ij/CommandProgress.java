package io.github.cnnclassifier.ij;

import ij.IJ;
import io.github.cnnclassifier.data.Messages;
import io.github.cnnclassifier.api.Progress;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.scijava.log.LogService;

/**
 * The progress of a long command, the one way every command shows it: with
 * ImageJ's window open, the progress bar, a status line and Esc to stop;
 * without it (headless), a line at most every {@link #HEADLESS_PERIOD_MS} ms.
 * Messages go where {@link LogWindow} sends them.
 */
public class CommandProgress implements Progress {

	/** How often a headless run says how far it is. */
	public static final long HEADLESS_PERIOD_MS = 10_000;

	private final String what;
	private final Consumer<String> console;
	private final boolean gui;
	private final LongSupplier clock;
	private long lastLine;

	/**
	 * @param what what is done, for the status line, e.g. "Evaluating"
	 * @param log receives messages and headless progress lines
	 */
	public CommandProgress(final String what, final LogService log) {
		this(what, log::info, IJ.getInstance() != null, System::currentTimeMillis);
	}

	/** For tests and headless callers: lines to {@code console}, time from {@code clock} (ms). */
	public CommandProgress(final String what, final Consumer<String> console, final boolean gui,
		final LongSupplier clock)
	{
		this.what = what;
		this.console = console;
		this.gui = gui;
		this.clock = clock;
		this.lastLine = clock.getAsLong();
		if (gui) IJ.resetEscape();
	}

	/** Whether ImageJ's window shows the progress. */
	protected boolean gui() {
		return gui;
	}

	@Override
	public void message(final String text) {
		if (gui) IJ.log(Messages.escaped(text));
		else console.accept(Messages.escaped(text));
	}

	@Override
	public void reading(final int done, final int total) {
		if (gui) {
			IJ.showProgress(done, total);
			IJ.showStatus("Reading images " + done + "/" + total + "  (Esc stops)");
		}
		else periodically(() -> what + ": read " + done + " of " + total + " images");
	}

	@Override
	public void fraction(final double done) {
		if (gui) {
			IJ.showProgress(done);
			IJ.showStatus(String.format(Locale.ROOT, "%s: %.0f %%  (Esc stops)", what, 100 * done));
		}
		else periodically(() -> String.format(Locale.ROOT, "%s: %.0f %%", what, 100 * done));
	}

	/** Clears the progress bar; call when the command is done or stopped. */
	public void done() {
		if (gui) {
			IJ.showProgress(1.0);
			IJ.showStatus("");
		}
	}

	@Override
	public boolean cancelRequested() {
		return Thread.currentThread().isInterrupted() || (gui && IJ.escapePressed());
	}

	/**
	 * Writes {@code line} if the last one is at least the period old. NB: made
	 * only then: formatting it at every call cost a macro's short calls more
	 * than the rest of the progress.
	 */
	protected final synchronized void periodically(final Supplier<String> line) {
		final long now = clock.getAsLong();
		if (now - lastLine < HEADLESS_PERIOD_MS) return;
		lastLine = now;
		console.accept(line.get());
	}
}
