package io.github.cnnclassifier.output;

import io.github.cnnclassifier.data.DataException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFileTest {

	private static final OutputFile.Kind MODEL = OutputFile.Kind.zipWithEntry("model",
		"a model", "meta.json");
	private static final OutputFile.Kind CSV = OutputFile.Kind.csvWithColumns("results",
		"a results table", "Class", "Confidence");

	@TempDir
	Path dir;

	@Test
	void aNewFileInAnExistingFolderPasses() {
		final Path out = dir.resolve("new.csv");
		assertEquals(out, OutputFile.of(out, CSV).check());
	}

	@Test
	void anOutputThatIsAnInputIsRefusedEvenWithOverwrite() throws IOException {
		final Path model = zip(dir.resolve("m.zip"), "meta.json");
		final DataException e = assertThrows(DataException.class, () -> OutputFile.of(model,
			CSV).notTheSameAs("model", model).overwrite(true).check());
		assertEquals("Cannot save the results to " + model + ": it is the model this command " +
			"reads. Choose another file name; an output never replaces an input.", e
				.getMessage());
		assertTrue(Files.size(model) > 0);
	}

	@Test
	void anInputReachedThroughALinkOrDotsIsStillTheInput() throws IOException {
		final Path image = Files.writeString(dir.resolve("image.tif"), "pixels");
		final Path link = Files.createSymbolicLink(dir.resolve("link.csv"), image);
		assertThrows(DataException.class, () -> OutputFile.of(link, CSV).notTheSameAs("image",
			image).overwrite(true).check());
		Files.createDirectory(dir.resolve("sub"));
		final Path dots = dir.resolve("sub/../image.tif");
		assertThrows(DataException.class, () -> OutputFile.of(dots, CSV).notTheSameAs("image",
			image).overwrite(true).check());
	}

	@Test
	void anOutputInsideAnInputFolderIsRefusedEvenIfNew() throws IOException {
		final Path data = Files.createDirectories(dir.resolve("data/cat"));
		final Path model = data.resolve("model.zip");
		final DataException e = assertThrows(DataException.class, () -> OutputFile.of(model,
			MODEL).notInside("training folder", dir.resolve("data")).overwrite(true).check());
		assertTrue(e.getMessage().contains("lies inside the training folder " + dir.resolve(
			"data")), e.getMessage());
		assertTrue(Files.notExists(model));
		final Path link = Files.createSymbolicLink(dir.resolve("elsewhere"), data);
		assertThrows(DataException.class, () -> OutputFile.of(link.resolve("m.zip"), MODEL)
			.notInside("training folder", dir.resolve("data")).check());
		OutputFile.of(dir.resolve("data-model.zip"), MODEL).notInside("training folder", dir
			.resolve("data")).check();
	}

	@Test
	void anExistingFileOfAnotherKindNeedsOverwrite() throws IOException {
		final Path notes = Files.writeString(dir.resolve("notes.txt"), "my notes");
		final DataException e = assertThrows(DataException.class, () -> OutputFile.of(notes,
			MODEL).check());
		assertEquals("Cannot save the model to " + notes + ": that file exists and is not a " +
			"model. Choose another file name, or set overwrite=true to replace it.", e
				.getMessage());
		assertEquals(notes, OutputFile.of(notes, MODEL).overwrite(true).check());
		final Path otherZip = zip(dir.resolve("other.zip"), "configuration.json");
		assertThrows(DataException.class, () -> OutputFile.of(otherZip, MODEL).check());
		final Path otherCsv = Files.writeString(dir.resolve("other.csv"), "a,b\n1,2\n");
		assertThrows(DataException.class, () -> OutputFile.of(otherCsv, CSV).check());
	}

	@Test
	void anExistingFileOfTheSameKindOrAnEmptyOneIsReplaced() throws IOException {
		final Path model = zip(dir.resolve("m.zip"), "meta.json");
		OutputFile.of(model, MODEL).check();
		final Path csv = Files.writeString(dir.resolve("r.csv"),
			"Slice,Class,Confidence,P_a\n1,a,0.9,0.9\n");
		OutputFile.of(csv, CSV).check();
		OutputFile.of(Files.createFile(dir.resolve("empty.zip")), MODEL).check();
	}

	@Test
	void aMissingFolderIsStillNamed() {
		final DataException e = assertThrows(DataException.class, () -> OutputFile.of(dir
			.resolve("no/r.csv"), CSV).check());
		assertTrue(e.getMessage().contains(dir.resolve("no").toString()), e.getMessage());
	}

	private static Path zip(final Path file, final String entry) throws IOException {
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
			zip.putNextEntry(new ZipEntry(entry));
			zip.write('{');
			zip.closeEntry();
		}
		return file;
	}
}
