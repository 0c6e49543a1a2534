package io.github.cnnclassifier.cli;

import io.github.cnnclassifier.data.Messages;

import java.io.PrintStream;

import org.scijava.log.LogMessage;

/**
 * Standard error for SciJava's console log: a message prints as one line,
 * its control characters escaped ({@link Messages#escaped}: a label or file
 * name cannot forge a line), and one that carries an exception names it,
 * with the stack trace only when the user asked for it
 * ({@code -Dcnnclassifier.debug=true}).
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
		if (o instanceof LogMessage) {
			final LogMessage m = (LogMessage) o;
			if (debug || m.throwable() == null) {
				super.print(new LogMessage(m.source(), m.level(), Messages.escaped(m.text()), m
					.throwable()));
			}
			else {
				final String text = m.text() == null ? summary(m.throwable()) : m.text() + ": " +
					summary(m.throwable());
				super.print(new LogMessage(m.source(), m.level(), Messages.escaped(text)));
			}
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
