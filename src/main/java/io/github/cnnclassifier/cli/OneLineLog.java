package io.github.cnnclassifier.cli;

import java.io.PrintStream;

import org.scijava.log.LogMessage;

/**
 * Standard error for SciJava's console log: a message that carries an
 * exception prints as one line naming it, with the stack trace only when
 * the user asked for it ({@code -Dcnnclassifier.debug=true}).
 * NB: {@code StderrLogService} prints each {@link LogMessage} with {@code print(Object)}.
 */
final class OneLineLog extends PrintStream {

	private final boolean debug;

	OneLineLog(final PrintStream out, final boolean debug) {
		super(out, true);
		this.debug = debug;
	}

	@Override
	public void print(final Object o) {
		if (!debug && o instanceof LogMessage && ((LogMessage) o).throwable() != null) {
			final LogMessage m = (LogMessage) o;
			final String text = m.text() == null ? summary(m.throwable()) : m.text() + ": " +
				summary(m.throwable());
			super.print(new LogMessage(m.source(), m.level(), text));
		}
		else super.print(o);
	}

	/** The innermost cause of {@code t}, as its class and message. */
	static String summary(final Throwable t) {
		Throwable root = t;
		while (root.getCause() != null && root.getCause() != root) root = root.getCause();
		return root.toString();
	}
}
