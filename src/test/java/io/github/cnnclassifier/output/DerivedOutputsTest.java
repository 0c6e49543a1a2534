package io.github.cnnclassifier.output;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.Memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.tensor.InputShape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names derived from an output, and outputs of one command that collide. */
class DerivedOutputsTest {

	@TempDir
	Path tmp;

	@Test
	void zipIsStrippedFromAModelNameInAnyCase() {
		assertEquals("Model", OutputFile.withoutZip("Model.ZIP"));
		assertEquals("m", OutputFile.withoutZip(Path.of("/a/m.zip")));
		assertEquals("m.Zip.tif", OutputFile.withoutZip("m.Zip.tif"));
		assertEquals("zip", OutputFile.withoutZip("zip"));
	}

	@Test
	void twoOutputsThatAreOneFileAreRefusedNamingBoth() throws IOException {
		final Path csv = tmp.resolve("out.csv");
		final DataException e = assertThrows(DataException.class, () -> OutputFile
			.checkDistinct(List.of("results", "confusion", "misclassified"), csv, null, tmp
				.resolve("sub/../out.csv")));
		assertEquals("results and misclassified are the same file, " + csv + ": one would " +
			"replace the other. Give each its own file.", e.getMessage());
		final Path link = Files.createSymbolicLink(tmp.resolve("link.csv"), Files.writeString(
			csv, "x"));
		assertThrows(DataException.class, () -> OutputFile.checkDistinct(List.of("a", "b"), csv,
			link));
		OutputFile.checkDistinct(List.of("a", "b"), csv, tmp.resolve("other.csv"));
	}

	@Test
	void aModelInputTooLargeForOneImageIsBlamedOnTheModelNotTheBatch() {
		final DataException e = assertThrows(DataException.class, () -> Memory.requireBatches(1,
			2, new InputShape(30000, 30000, 1)));
		assertTrue(e.getMessage().startsWith("mini_batch_size=1 (images of 30000x30000x1) needs "),
			e.getMessage());
		assertTrue(e.getMessage().contains("Even one image does not fit: 30000x30000x1 is the " +
			"input size the model file declares; use a model with a smaller input size."), e
				.getMessage());
	}
}
