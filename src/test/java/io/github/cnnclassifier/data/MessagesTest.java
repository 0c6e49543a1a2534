package io.github.cnnclassifier.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Labels and file names cannot forge log lines or colour a terminal (issue 15, cause 7). */
class MessagesTest {

	@Test
	void newlinesAndEscapeSequencesInLabelsAreShownEscaped() {
		assertEquals("cat\\n[INFO] Classified 0 files", Messages.escaped(
			"cat\n[INFO] Classified 0 files"));
		assertEquals("\\u001b[31mred\\u001b[0m\\r\\t", Messages.escaped(
			"\u001b[31mred\u001b[0m\r\t"));
		assertEquals("nul\\u0000 c1\\u009b ls\\u2028 rlo\\u202e", Messages.escaped(
			"nul\0 c1\u009b ls\u2028 rlo\u202e"));
		assertEquals("été 日本 a\\b", Messages.escaped("été 日本 a\\b"), "printable stays");
	}
}
