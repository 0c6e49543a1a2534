package io.github.cnnclassifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.scijava.log.LogLevel;
import org.scijava.log.LogMessage;
import org.scijava.log.LogSource;

/** What the headless launcher prints of a log message. */
class OneLineLogTest {

	private static String printed(final LogMessage m) {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (OneLineLog log = new OneLineLog(new PrintStream(bytes, true,
			StandardCharsets.UTF_8), false))
		{
			log.print(m);
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	@Test
	void aLabelWithANewlineOrEscapeSequenceCannotForgeALogLine() {
		final String out = printed(new LogMessage(LogSource.newRoot(), LogLevel.INFO,
			"Rows per class: cat\n[ERROR] forged\u001b[2J: 3"));
		assertEquals(1, out.lines().count(), out);
		assertTrue(out.contains("cat\\n[ERROR] forged\\u001b[2J: 3"), out);
	}

	@Test
	void anErrorWithItsCauseIsOneEscapedLine() {
		final String out = printed(new LogMessage(LogSource.newRoot(), LogLevel.ERROR,
			"Cannot read a\rb.png", new IllegalStateException("bad\nthing")));
		assertEquals(1, out.lines().count(), out);
		assertTrue(out.contains("Cannot read a\\rb.png: java.lang.IllegalStateException: " +
			"bad\\nthing"), out);
	}
}
