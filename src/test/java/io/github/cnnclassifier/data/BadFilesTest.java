package io.github.cnnclassifier.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BadFilesTest {

	@Test
	void wordsParseIgnoringCaseAndSpaces() {
		assertEquals(BadFiles.SKIP, BadFiles.of("skip"));
		assertEquals(BadFiles.SKIP, BadFiles.of(" Skip "));
		assertEquals(BadFiles.STOP, BadFiles.of("STOP"));
	}

	@Test
	void wordRoundTrips() {
		for (final BadFiles b : BadFiles.values())
			assertEquals(b, BadFiles.of(b.word()));
	}

	@Test
	void unknownWordThrowsNamingIt() {
		final DataException e = assertThrows(DataException.class, () -> BadFiles.of(
			"ignore"));
		assertTrue(e.getMessage().contains("'ignore'"), e.getMessage());
	}
}
