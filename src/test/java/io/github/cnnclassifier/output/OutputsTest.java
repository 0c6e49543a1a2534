package io.github.cnnclassifier.output;

import io.github.cnnclassifier.data.DataException;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one declaration of a command's outputs: every rule of {@link OutputFile}, for all of them. */
class OutputsTest {

	private static final OutputFile.Kind CSV = OutputFile.Kind.csvWithColumns("results",
		"a results table", "Class");
	private static final OutputFile.Kind MATRIX = OutputFile.Kind.csvWithColumns(
		"confusion matrix", "a confusion matrix", "True");

	@TempDir
	Path dir;

	@Test
	void twoOptionsNamingOneFileAreRefusedByTheirNames() {
		final Path csv = dir.resolve("r.csv");
		final DataException e = assertThrows(DataException.class, () -> Outputs.of(true).file(
			"results", csv, CSV).file("confusion", csv, MATRIX).check());
		assertEquals("results and confusion are the same file, " + csv + ": one would replace " +
			"the other. Give each its own file.", e.getMessage());
	}

	@Test
	void everyOutputIsCheckedAgainstEveryInput() throws IOException {
		final Path model = Files.writeString(dir.resolve("m.zip"), "model");
		final DataException e = assertThrows(DataException.class, () -> Outputs.of(true).file(
			"results", dir.resolve("r.csv"), CSV).file("confusion", model, MATRIX).input("model",
				model).check());
		assertEquals("Cannot save the confusion matrix to " + model + ": it is the model this " +
			"command reads. Choose another file name; an output never replaces an input.", e
				.getMessage());
		assertEquals("model", Files.readString(model));
	}

	@Test
	void anOutputInsideAnInputFolderIsRefused() throws IOException {
		final Path data = Files.createDirectory(dir.resolve("data"));
		final DataException e = assertThrows(DataException.class, () -> Outputs.of(false).file(
			"results", data.resolve("r.csv"), CSV).inputFolder("data folder", data).check());
		assertEquals("Cannot save the results to " + data.resolve("r.csv") + ": it lies inside " +
			"the data folder " + data + ", which this command reads. Choose a path outside it.", e
				.getMessage());
	}

	@Test
	void aFileOfAnotherKindIsReplacedOnlyWithOverwrite() throws IOException {
		final Path notes = Files.writeString(dir.resolve("notes.csv"), "my notes\n");
		assertThrows(DataException.class, () -> Outputs.of(false).file("results", notes, CSV)
			.check());
		assertDoesNotThrow(() -> Outputs.of(true).file("results", notes, CSV).check());
	}

	@Test
	void anOutputNotGivenIsNotChecked() {
		assertDoesNotThrow(() -> Outputs.of(false).file("results", null, CSV).file("save_to",
			null, p -> {
				throw new AssertionError("the kind of a file not given is never asked");
			}).input("model", null).inputFolder("data folder", null).check());
	}
}
