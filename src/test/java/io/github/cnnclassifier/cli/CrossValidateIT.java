package io.github.cnnclassifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.folder.Folders;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-Validate CNN and unsure_below end to end: ./cnn-classifier --headless
 * --run, and an ImageJ macro through plugins.config.
 */
class CrossValidateIT {

	@TempDir
	Path tmp;

	@Test
	void theHeadlessCommandPrintsARowPerFoldThenMeanAndSd() throws Exception {
		final Launcher r = Launcher.run("--headless", "--run", "Cross-Validate CNN",
			"data='test-images/cells',folds=2,max_epochs=1");
		assertEquals(0, r.exit, r.toString());
		final List<String> lines = r.out.lines().filter(l -> l.matches("(Fold|\\d|mean|sd),.*"))
			.toList();
		assertEquals(5, lines.size(), r.toString());
		assertEquals("Fold,Training,Validation,Accuracy,Macro_F1", lines.get(0));
		assertTrue(lines.get(1).startsWith("1,60,60,") && lines.get(3).startsWith("mean,,,") &&
			lines.get(4).startsWith("sd,,,"), r.toString());
		assertTrue(r.err.contains("Cross-validation: accuracy "), r.toString());
	}

	@Test
	void aMacroCrossValidatesAndSavesAModelPerFold() throws Exception {
		final Path csv = tmp.resolve("cv.csv"), models = tmp.resolve("fold models");
		final Path macro = tmp.resolve("cv.ijm");
		Files.writeString(macro, "run(\"Cross-Validate CNN\", \"data=[" + TestModels.CELLS
			.toAbsolutePath() + "] folds=2 max_epochs=1 results=[" + csv + "] save_models=[" +
			models + "]\");\nprint(\"done\");\n", StandardCharsets.UTF_8);
		final Launcher r = Launcher.run("-batch", macro.toString());
		assertEquals(0, r.exit, r.toString());
		assertEquals(5, Files.readAllLines(csv).size(), r.toString());
		assertTrue(Files.isRegularFile(models.resolve("fold-1.zip")));
		assertTrue(Files.isRegularFile(models.resolve("fold-2.zip")));
	}

	@Test
	void classifyFolderWithUnsureBelowCountsTheUnsureRows() throws Exception {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 2);
		final Path csv = tmp.resolve("r.csv");
		final Launcher r = Launcher.run("--headless", "--run", "Classify Folder with CNN",
			"folder='" + root + "',model='" + TestModels.digitsFile() + "',results='" + csv +
				"',unsure_below=0.999999");
		assertEquals(0, r.exit, r.toString());
		long unsure = 0;
		for (final String row : Files.readAllLines(csv).subList(1, 21)) {
			final String[] cells = row.split(",");
			if (cells[2].equals("unsure")) unsure++;
			assertEquals(cells[2].equals("unsure"), Double.parseDouble(cells[3]) < 0.999999, row);
		}
		assertTrue(unsure > 0, "some digit is classified with less than 0.999999");
		final List<String> counts = Files.readAllLines(tmp.resolve("r-counts.csv"));
		assertEquals(12, counts.size(), "heading, 10 digits, unsure");
		assertTrue(counts.get(11).startsWith("unsure," + unsure + ","), counts.toString());
	}

	@Test
	void aMacroClassifiesAStackWithUnsureBelowAndALabelOfItsOwn() throws Exception {
		final Path macro = tmp.resolve("unsure.ijm");
		Files.writeString(macro, "open(\"" + TestModels.DIGITS_STACK.toAbsolutePath() + "\");\n" +
			"run(\"Classify with CNN\", \"model=[" + TestModels.digitsFile() + "] " +
			"unsure_below=0.999999 unsure_label=[not sure]\");\n" +
			"n = 0; wrong = 0;\n" +
			"for (i = 0; i < nResults; i++) {\n" +
			"  below = getResult(\"Confidence\", i) < 0.999999;\n" +
			"  if (getResultString(\"Class\", i) == \"not sure\") n++;\n" +
			"  if (below != (getResultString(\"Class\", i) == \"not sure\")) wrong++;\n" +
			"}\n" +
			"print(\"unsure \" + n + \" wrong \" + wrong + \" rows \" + nResults);\n",
			StandardCharsets.UTF_8);
		final Launcher r = Launcher.run("-batch", macro.toString());
		assertEquals(0, r.exit, r.toString());
		final java.util.regex.Matcher m = java.util.regex.Pattern.compile(
			"unsure (\\d+) wrong 0 rows 40").matcher(r.out);
		assertTrue(m.find(), r.toString());
		assertTrue(Integer.parseInt(m.group(1)) > 0, r.toString());
	}

	@Test
	void anUnsureBelowOfOneIsRefusedInOneLine() throws Exception {
		final Launcher r = Launcher.run("--headless", "--run", "Classify Folder with CNN",
			"folder='test-images/digits',model='" + TestModels.digitsFile() + "',results='" + tmp
				.resolve("r.csv") + "',unsure_below=1");
		SafetyIT.assertFailure(r, 1, "unsure_below must be a confidence from 0 (off) up to, " +
			"not including, 1, e.g. 0.6; got 1.0.");
	}
}
