package io.github.cnnclassifier.ij;

import ij.IJ;

import org.scijava.log.LogService;

/**
 * Messages for the user: ImageJ's Log window when ImageJ's main window is
 * open (the terminal is not where a GUI user looks), else the SciJava log
 * (standard error, headless).
 */
public final class LogWindow {

	private LogWindow() {}

	/** Shows {@code text} as information. */
	public static void info(final LogService log, final String text) {
		if (IJ.getInstance() != null) IJ.log(text);
		else log.info(text);
	}

	/** Shows {@code text} as a warning. */
	public static void warn(final LogService log, final String text) {
		if (IJ.getInstance() != null) IJ.log("Warning: " + text);
		else log.warn(text);
	}
}
