package io.github.cnnclassifier.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard error while a macro runs: passes everything on and notes whether
 * ImageJ's interpreter printed a macro error (ij1-patcher prints the text of
 * its error dialog, "Macro Error: ... in line N", to standard error).
 */
final class MacroErrors extends PrintStream {

	private static final String MARK = "Macro Error";

	private final Watch watch;

	MacroErrors(final PrintStream err) {
		this(new Watch(err));
	}

	private MacroErrors(final Watch watch) {
		super(watch, true);
		this.watch = watch;
	}

	/** Whether a macro error was printed. */
	boolean seen() {
		return watch.seen;
	}

	private static final class Watch extends FilterOutputStream {

		volatile boolean seen;

		Watch(final OutputStream out) {
			super(out);
		}

		@Override
		public void write(final byte[] b, final int off, final int len) throws IOException {
			// NB: PrintStream hands over a whole println at once.
			if (!seen && new String(b, off, len, StandardCharsets.UTF_8).contains(MARK)) {
				seen = true;
			}
			out.write(b, off, len);
		}
	}
}
