package io.github.cnnclassifier.cli;

import static io.github.cnnclassifier.cli.SafetyIT.assertFailure;
import static io.github.cnnclassifier.cli.SafetyIT.digits;
import static io.github.cnnclassifier.cli.SafetyIT.run;
import static io.github.cnnclassifier.cli.SafetyIT.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Derived outputs and options as a user meets them through ./cnn-classifier:
 * each refusal one line with its exit status, and nothing on disk changed.
 */
class OutputsIT {

	@TempDir
	Path dir;

	@Test
	void aRepeatedOptionOnTheRunLineIsAUsageErrorNamingIt() throws Exception {
		final Launcher r = run("Train CNN Classifier", "data='test-images/digits',model='" + dir
			.resolve("m.zip") + "',max_epochs=2,max_epochs=5");
		assertFailure(r, 2, "The option 'max_epochs' is given more than once");
		assertFalse(Files.exists(dir.resolve("m.zip")));
	}

	@Test
	void aMacroFolderWithAnUnbalancedBracketIsRefusedNotReadAsAnotherFolder() throws Exception {
		final Path other = digits(dir.resolve("x"), 2);
		final Path meant = digits(dir.resolve("x]y"), 2);
		final Path csv = dir.resolve("out.csv");
		final Path macro = Files.writeString(dir.resolve("m.ijm"), "run(\"Classify Folder with " +
			"CNN\", \"folder=[" + meant + "] model=[" + TestModels.digitsFile() + "] results=[" +
			csv + "] sort_to=[" + dir.resolve("sorted") + "] sort_mode=move\");\n");
		final Map<String, String> withMacro = snapshot(dir);
		final Launcher r = Launcher.run("-batch", macro.toString());
		assertEquals(1, r.exit, r.toString());
		assertTrue(r.err.contains("folder=[" + meant + "] is ambiguous: ImageJ ends the value " +
			"at the bracket or quote before 'y' and reads folder as '" + other + "'."), r
				.toString());
		assertFalse(r.err.contains("\tat "), r.toString());
		assertEquals(withMacro, snapshot(dir));
	}

	@Test
	void aRepeatedOptionInAMacroIsRefusedInOneLine() throws Exception {
		final Path macro = Files.writeString(dir.resolve("m.ijm"), "run(\"Train CNN " +
			"Classifier\", \"data=[" + TestModels.DIGITS.toAbsolutePath() + "] model=[" + dir
				.resolve("m.zip") + "] max_epochs=2 max_epochs=5\");\n");
		final Launcher r = Launcher.run("-batch", macro.toString());
		assertEquals(1, r.exit, r.toString());
		assertTrue(r.err.contains("the option 'max_epochs' is given more than once"), r
			.toString());
		assertFalse(Files.exists(dir.resolve("m.zip")));
	}

	@Test
	void evaluateRefusesResultsAndConfusionThatAreOneFile() throws Exception {
		final Path csv = dir.resolve("out.csv");
		final Launcher r = run("Evaluate CNN", "model='" + TestModels.digitsFile() + "',data=" +
			"'test-images/digits',results='" + csv + "',confusion='" + csv + "'");
		assertFailure(r, 1, "results and confusion are the same file, " + csv + ": one would " +
			"replace the other. Give each its own file.");
		assertFalse(Files.exists(csv));
	}

	@Test
	void aValidationFolderThatIsTheTrainingFolderIsRefused() throws Exception {
		final Path data = digits(dir.resolve("data"), 5);
		final Launcher r = run("Train CNN Classifier", "data='" + data + "',validation_folder='" +
			data + "',model='" + dir.resolve("m.zip") + "'");
		assertFailure(r, 1, "validation_folder " + data + " is the training folder, so the " +
			"model would be validated on images it trains on.");
		assertFalse(Files.exists(dir.resolve("m.zip")));
	}

	@Test
	void aSpecOfTwelveThousandLayersIsRefusedInOneLine() throws Exception {
		final Launcher r = run("Train CNN Classifier", "data='test-images/digits',model='" + dir
			.resolve("m.zip") + "',layers='" + "relu ".repeat(12_000) + "'");
		assertFailure(r, 1, "The layer spec has 12000 layers; at most 1000 are allowed.");
	}

	@Test
	void aCheckpointThatWouldReplaceAUserFileIsRefusedBeforeTraining() throws Exception {
		final Path data = digits(dir.resolve("data"), 5);
		final Path folder = Files.createDirectories(dir.resolve("checkpoints"));
		final Path notes = Files.writeString(folder.resolve("m-epoch001.zip"), "my notes");
		final Launcher r = run("Train CNN Classifier", "data='" + data + "',model='" + dir
			.resolve("m.zip") + "',checkpoint_folder='" + folder + "',max_epochs=1");
		assertFailure(r, 1, "Cannot save the checkpoint to " + notes + ": that file exists and " +
			"is not a CNN Classifier model");
		assertEquals("my notes", Files.readString(notes));
		assertFalse(Files.exists(dir.resolve("m.zip")));
	}
}
