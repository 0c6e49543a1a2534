package io.github.cnnclassifier.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.DatasetReader;
import io.github.cnnclassifier.data.ImageDataset;
import io.github.cnnclassifier.data.LabelledFolder;
import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.data.BadFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelIOTest {

	/** NB: the file that readies reading models must not go stale: it is what training writes. */
	@Test
	void thePrimerIsTheLectureCnnsConfigurationAsTrainingWritesIt() throws IOException {
		final String primer;
		try (var in = ModelIO.class.getResourceAsStream(ModelIO.PRIMER)) {
			primer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertEquals(Architectures.build(Architectures.spec(Architectures.LECTURE_CNN),
			new io.github.cnnclassifier.tensor.InputShape(28, 28, 1), 10, new SgdMomentum(), 1e-4, 1,
			null).toJson(), primer, "regenerate " + ModelIO.PRIMER + " from Architectures");
	}


	@TempDir
	Path tmp;

	@Test
	void saveThenLoadGivesIdenticalPredictions() {
		final ModelBundle trained = TestModels.digits();
		final Path file = tmp.resolve("copy.zip");
		ModelIO.save(trained, file);
		final ModelBundle loaded = ModelIO.load(file);
		assertEquals(trained.labels(), loaded.labels());
		assertEquals(trained.inputShape(), loaded.inputShape());
		assertEquals(trained.normalization().mean(), loaded.normalization().mean());
		final ImageDataset digits = someDigits(trained);
		assertArrayEquals(probabilities(trained, digits), probabilities(loaded, digits));
	}

	@Test
	void savingReplacesAnOlderFileAndLeavesNoTemporaryFile() throws IOException {
		final Path file = tmp.resolve("model.zip");
		Files.write(file, "old".getBytes(StandardCharsets.UTF_8));
		ModelIO.save(TestModels.digits(), file);
		assertEquals(TestModels.digits().labels(), ModelIO.load(file).labels());
		try (java.util.stream.Stream<Path> files = Files.list(tmp)) {
			assertEquals(List.of(file), files.collect(java.util.stream.Collectors.toList()));
		}
	}

	@Test
	void aMissingFileIsNamedWithWhatToDo() {
		final Path file = tmp.resolve("none.zip");
		final ModelException e = assertThrows(ModelException.class, () -> ModelIO.load(file));
		assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
		assertTrue(e.getMessage().contains("Train CNN Classifier"), e.getMessage());
	}

	@Test
	void aFileThatIsNotAZipIsRefused() throws IOException {
		final Path file = tmp.resolve("notes.zip");
		Files.write(file, "not a model".getBytes(StandardCharsets.UTF_8));
		final ModelException e = assertThrows(ModelException.class, () -> ModelIO.load(file));
		assertTrue(e.getMessage().contains("not a zip"), e.getMessage());
	}

	@Test
	void aZipWithoutOurMetadataIsRefused() throws IOException {
		final Path file = tmp.resolve("other.zip");
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
			zip.putNextEntry(new ZipEntry("readme.txt"));
			zip.write("hello".getBytes(StandardCharsets.UTF_8));
		}
		final ModelException e = assertThrows(ModelException.class, () -> ModelIO.load(file));
		assertTrue(e.getMessage().contains("not a CNN Classifier model"), e.getMessage());
	}

	@Test
	void aPlainDeeplearning4jModelIsRecognisedButRefused() throws IOException {
		final Path file = tmp.resolve("dl4j.zip");
		try (OutputStream out = Files.newOutputStream(file)) {
			ModelSerializer.writeModel(TestModels.digits().network(), out, false);
		}
		final ModelException e = assertThrows(ModelException.class, () -> ModelIO.load(file));
		assertTrue(e.getMessage().contains("Deeplearning4j network without"), e.getMessage());
	}

	@Test
	void aModelPathInAMissingFolderIsRefused() {
		final Path file = tmp.resolve("no/such/folder/m.zip");
		final DataException e = assertThrows(DataException.class, () -> ModelIO.save(
			TestModels.digits(), file));
		assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
		assertFalse(Files.exists(file.getParent()));
	}

	private static ImageDataset someDigits(final ModelBundle model) {
		final LabelledFolder folder = LabelledFolder.scan(TestModels.DIGITS);
		return new DatasetReader(model.inputShape(), folder.labels(), BadFiles.STOP).read(
			folder.images().subList(0, 240), done -> {});
	}

	private static float[] probabilities(final ModelBundle model, final ImageDataset data) {
		final float[] x = new float[data.count() * data.shape().size()];
		for (int i = 0; i < data.count(); i++) data.fill(i, x, i * data.shape().size());
		return new Classifier(model).probabilities(x, data.count());
	}
}
