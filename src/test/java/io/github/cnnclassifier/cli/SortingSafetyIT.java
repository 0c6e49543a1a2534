package io.github.cnnclassifier.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.folder.Folders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sorting, CSVs and logs through ./cnn-classifier --headless (issue 15,
 * causes 2 and 7): nothing lost, one line, exit status 1.
 */
class SortingSafetyIT {

	@TempDir
	Path tmp;

	/** Two digits of each class, flat in {@code root}; their bytes by name. */
	private static Map<String, byte[]> images(final Path root) throws IOException {
		Files.createDirectories(root);
		final Map<String, byte[]> bytes = new HashMap<>();
		for (int d = 0; d < 10; d++) {
			for (final Path f : Folders.digitFiles(d, 2)) {
				Files.copy(f, root.resolve(f.getFileName()));
				bytes.put(f.getFileName().toString(), Files.readAllBytes(f));
			}
		}
		return bytes;
	}

	private static Launcher classify(final Path folder, final Path model, final Path csv,
		final String more) throws Exception
	{
		return Launcher.run("--headless", "--run", "Classify Folder with CNN", "folder='" +
			folder + "',model='" + model + "',results='" + csv + "'" + more);
	}

	@Test
	void aMoveIntoClassFoldersLinkedBackIntoTheFolderIsOneLineAndDeletesNothing()
		throws Exception
	{
		final Path folder = tmp.resolve("images");
		final Map<String, byte[]> bytes = images(folder);
		final Path sortTo = Files.createDirectories(tmp.resolve("sorted"));
		for (int d = 0; d < 10; d++) {
			Files.createSymbolicLink(sortTo.resolve(String.valueOf(d)), folder);
		}
		final Launcher r = classify(folder, TestModels.digitsFile(), tmp.resolve("r.csv"),
			",sort_to='" + sortTo + "',sort_mode='move'");
		assertEquals(1, r.exit, r.toString());
		final List<String> errors = r.errorLines();
		assertEquals(1, errors.size(), r.toString());
		assertTrue(errors.get(0).contains("Cannot sort into " + sortTo + ": its class folder 0 " +
			"leads into " + folder), r.toString());
		assertFalse(r.err.contains("Moved"), r.toString());
		for (final Map.Entry<String, byte[]> e : bytes.entrySet()) {
			assertArrayEquals(e.getValue(), Files.readAllBytes(folder.resolve(e.getKey())), e
				.getKey());
		}
	}

	@Test
	void aMoveSaysHowManyItMovedAndEveryImageIsInItsClassFolder() throws Exception {
		final Path folder = tmp.resolve("images");
		final Map<String, byte[]> bytes = images(folder);
		final Path sortTo = tmp.resolve("sorted");
		final Launcher r = classify(folder, TestModels.digitsFile(), tmp.resolve("r.csv"),
			",sort_to='" + sortTo + "',sort_mode='move'");
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.err.contains("Moved 20 images into " + sortTo), r.toString());
		assertEquals(List.of(), Folders.files(folder));
		final List<String> sorted = Folders.files(sortTo);
		assertEquals(20, sorted.size(), sorted.toString());
		for (final String f : sorted) {
			assertArrayEquals(bytes.get(Path.of(f).getFileName().toString()), Files
				.readAllBytes(sortTo.resolve(f)), f);
		}
	}

	@Test
	void labelsWithNewlinesAndFormulasNeitherForgeLogLinesNorRunInASpreadsheet()
		throws Exception
	{
		final Path folder = tmp.resolve("images");
		images(folder);
		final Path model = tmp.resolve("odd labels.zip");
		ModelIO.save(Folders.relabelled("zero\n[ERROR] forged\u001b[2J", "=HYPERLINK(\"x\")"),
			model);
		final Path csv = tmp.resolve("odd.csv");
		final Launcher r = classify(folder, model, csv, "");
		assertEquals(0, r.exit, r.toString());
		assertEquals(List.of(), r.errorLines(), "no forged error line");
		assertFalse(r.err.contains("\u001b"), r.toString());
		assertTrue(r.err.contains("zero\\n[ERROR] forged\\u001b[2J"), r.toString());
		final String counts = Files.readString(tmp.resolve("odd-counts.csv"),
			StandardCharsets.UTF_8);
		assertTrue(counts.contains("\n\"'=HYPERLINK(\"\"x\"\")\","), counts);
	}
}
