package io.github.cnnclassifier.ij;

import ij.IJ;
import ij.plugin.PlugIn;
import io.github.cnnclassifier.install.MissingLibraries;

/**
 * Runs one of our SciJava commands as a plain ImageJ 1.x plugin (named in
 * {@code plugins.config}, the command's class name as argument), through
 * {@link LegacyCommandRunner}. In Fiji the SciJava command replaces this menu
 * item (same label).
 * <p>
 * NB: this class touches nothing outside ImageJ and the JDK, so that it loads
 * when a library jar is missing and can say which: ImageJ 1.x silently drops
 * a {@code NoClassDefFoundError} of a plugin whose class name has no
 * underscore (IJ.runUserPlugIn), and a missing scijava-common made the menu
 * items do nothing at all.
 * </p>
 */
public final class LegacyCommandBridge implements PlugIn {

	@Override
	public void run(final String commandClass) {
		try {
			LegacyCommandRunner.run(commandClass);
		}
		catch (final LinkageError e) {
			report(e);
		}
	}

	/**
	 * Starts making what our commands share (the SciJava context) and readying
	 * the reading of model files in the background, for a runner of macros
	 * that knows one is about to start (the launcher's {@code -batch}): half a
	 * second of a macro's first call.
	 */
	public static void prepareInBackground() {
		LegacyCommandRunner.prepareInBackground();
	}

	/**
	 * Says in ImageJ's Log window and an error dialog (which also stops a
	 * macro) which library is missing, or rethrows {@code e} if it is none of ours.
	 */
	static void report(final Throwable e) {
		final String message = MissingLibraries.explain(e, IJ.getDirectory("imagej")).orElse(
			null);
		if (message == null) {
			if (e instanceof Error) throw (Error) e;
			throw new IllegalStateException(e);
		}
		IJ.log("CNN Classifier: " + message);
		// NB: one sentence per line in the dialog; the Log keeps the one line to copy.
		IJ.error("CNN Classifier", message.replace(". ", ".\n"));
	}
}
