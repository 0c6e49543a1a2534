package io.github.cnnclassifier.ij;

import ij.IJ;
import io.github.cnnclassifier.data.Messages;

import org.scijava.log.LogService;

/**
 * Messages for the user: ImageJ's Log window when ImageJ's main window is
 * open (the terminal is not where a GUI user looks), else the SciJava log
 * (standard error, headless). Each is one line: control characters in the
 * labels and file names it names are escaped ({@link Messages#escaped}).
 */
public final class LogWindow {

	private LogWindow() {}

	/** Shows {@code text} as information. */
	public static void info(final LogService log, final String text) {
		if (IJ.getInstance() != null) IJ.log(Messages.escaped(text));
		else log.info(Messages.escaped(text));
	}

	/** Shows {@code text} as a warning. */
	public static void warn(final LogService log, final String text) {
		if (IJ.getInstance() != null) IJ.log("Warning: " + Messages.escaped(text));
		else log.warn(Messages.escaped(text));
	}
}
