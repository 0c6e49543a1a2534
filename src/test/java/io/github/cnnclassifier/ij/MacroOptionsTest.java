package io.github.cnnclassifier.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.Macro;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Macro options are read as ImageJ reads them, or refused where that differs from what was written. */
class MacroOptionsTest {

	private static final List<String> NAMES = List.of("folder", "model", "max_epochs",
		"overwrite");

	private static String problem(final String options) {
		return MacroOptions.problem("Classify Folder with CNN", options + " ", NAMES);
	}

	@Test
	void aFolderWithAnUnbalancedBracketIsRefusedNotReadAsAnotherFolder() {
		assertEquals("/data/x", Macro.getValue("folder=[/data/x]y] model=m.zip ", "folder",
			null), "what ImageJ itself reads");
		assertEquals("In the options of \"Classify Folder with CNN\", folder=[/data/x]y] is " +
			"ambiguous: ImageJ ends the value at the bracket or quote before 'y' and reads folder " +
			"as '/data/x'. Put a value holding ']' in single quotes, e.g. folder='/data/x]y', or " +
			"balance its brackets.", problem("folder=[/data/x]y] model=m.zip"));
	}

	@Test
	void valuesWithBracketsWorkAsImageJDefinesThem() {
		assertNull(problem("folder='/data/x]y' model=m.zip"));
		assertEquals("/data/x]y", Macro.getValue("folder='/data/x]y' model=m.zip ", "folder",
			null));
		assertNull(problem("folder=[/data/[x]y] model=[/my models/m.zip] overwrite"));
		assertEquals("/data/[x]y", Macro.getValue("folder=[/data/[x]y] ", "folder", null));
		assertNull(problem("folder=/data/x]y max_epochs=2"));
		assertNull(problem("model=m.zip folder="));
	}

	@Test
	void aQuotedValueHoldingAQuoteIsRefusedWithAWayToWriteIt() {
		assertEquals("In the options of \"Classify Folder with CNN\", folder='/data/it's' is " +
			"ambiguous: ImageJ ends the value at the bracket or quote before 's' and reads folder " +
			"as '/data/it'. Write folder=[/data/it's].", problem("folder='/data/it's'"));
		assertNull(problem("folder=[/data/it's]"));
		assertEquals("/data/it's", Macro.getValue("folder=[/data/it's] ", "folder", null));
		assertTrue(problem("folder='/data/it's]x'").endsWith("ImageJ cannot read a value " +
			"holding both ' and an unbalanced ']': rename it."));
	}

	@Test
	void anUnclosedBracketIsRefused() {
		assertEquals("In the options of \"Classify Folder with CNN\", folder=[/data/x has an " +
			"unclosed '['. Close it, or put a value holding ']' in single quotes: folder='...'.",
			problem("folder=[/data/x"));
	}

	@Test
	void aRepeatedOptionNameIsRefused() {
		assertEquals("In the options of \"Classify Folder with CNN\", the option 'max_epochs' is " +
			"given more than once. Give each option once.", problem("max_epochs=2 max_epochs=5"));
	}

	@Test
	void aValueWithSpacesOutsideBracketsThatRepeatsANameIsRefused() {
		assertEquals("In the options of \"Classify Folder with CNN\", the option 'folder' is " +
			"given more than once (once as a word: is it part of a value with spaces? Put such a " +
			"value in [ ]). Give each option once.", problem("folder=/data/my folder model=m.zip"));
	}

	@Test
	void aKeyInsideAnotherValueIsRefused() {
		assertEquals("In the options of \"Classify Folder with CNN\", ImageJ reads model as " +
			"'b.zip]', though it is not given: another option's value holds 'model=', and ImageJ " +
			"takes the first. Give model before that option, or use a path without 'model='.",
			problem("folder=[/data/a model=b.zip]"));
		assertNull(problem("model=m.zip folder=[/data/a model=b.zip]"));
	}
}
