package io.github.cnnclassifier.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.model.CraftedModels;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.model.ModelMetadata;
import io.github.cnnclassifier.transfer.TransferOptions;
import io.github.cnnclassifier.transfer.TransferTrainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What training refuses before it reads an image, each case as a user (or
 * someone sharing a file) could meet it: checkpoints that would replace
 * another file, validation data that is the training data, resume_from
 * options it cannot honour, and a model that declares a huge input.
 */
class TrainingRefusalsTest {

	private static final String SMALL = "conv3x3x2 relu gap";

	@TempDir
	static Path shared;

	@TempDir
	Path tmp;

	/** A tiny model of the cells, whose network takes any input size. */
	private static Path cellsModel;

	@BeforeAll
	static void trainOnce() {
		cellsModel = shared.resolve("cells.zip");
		new FolderTrainer(TestModels.quick().layers(SMALL).maxEpochs(1).build(),
			TrainingMonitor.SILENT).train(TestModels.CELLS, null, cellsModel);
	}

	// -- Checkpoints are outputs too --

	@Test
	void aCheckpointNeverReplacesAFileOfAnotherKind() throws IOException {
		final Path folder = Files.createDirectories(tmp.resolve("checkpoints"));
		final Path notes = Files.writeString(folder.resolve("m-epoch001.zip"), "my notes");
		final Path model = tmp.resolve("m.zip");
		final List<String> messages = new ArrayList<>();
		final DataException e = assertThrows(DataException.class, () -> new FolderTrainer(
			TestModels.quick().layers(SMALL).maxEpochs(1).checkpointFolder(folder).build(),
			recording(messages)).train(TestModels.CELLS, null, model));
		assertEquals("Cannot save the checkpoint to " + notes + ": that file exists and is not " +
			"a CNN Classifier model (a .zip with cnn-classifier.json). Choose another file name " +
			"or move that file away.", e.getMessage());
		assertEquals("my notes", Files.readString(notes));
		assertFalse(Files.exists(model));
		assertTrue(messages.isEmpty(), "nothing was read: " + messages);
	}

	@Test
	void aCheckpointNeverReplacesTheResumeFromModel() throws IOException {
		final Path folder = Files.createDirectories(tmp.resolve("checkpoints"));
		final Path start = Files.copy(cellsModel, folder.resolve("m-epoch002.zip"));
		final byte[] before = Files.readAllBytes(start);
		final DataException e = assertThrows(DataException.class, () -> new FolderTrainer(
			TestModels.quick().layers(SMALL).maxEpochs(1).checkpointFolder(folder).resumeFrom(
				start).build(), TrainingMonitor.SILENT).train(TestModels.CELLS, null, tmp.resolve(
					"m.zip")));
		assertEquals("Cannot save the checkpoint to " + start + ": it is the resume_from model " +
			"this command reads. Choose another file name; an output never replaces an input.", e
				.getMessage());
		assertArrayEquals(before, Files.readAllBytes(start));
	}

	@Test
	void aCheckpointNeverReplacesTheBaseModelOfATransfer() throws IOException {
		final Path folder = Files.createDirectories(tmp.resolve("checkpoints"));
		final Path base = Files.copy(cellsModel, folder.resolve("m-epoch001.zip"));
		final byte[] before = Files.readAllBytes(base);
		final DataException e = assertThrows(DataException.class, () -> new TransferTrainer(
			TestModels.quick().maxEpochs(1).checkpointFolder(folder).build(), TransferOptions.of(
				base.toString()), TrainingMonitor.SILENT).train(TestModels.CELLS, null, tmp.resolve(
					"m.zip")));
		assertEquals("Cannot save the checkpoint to " + base + ": it is the base_model this " +
			"command reads. Choose another file name; an output never replaces an input.", e
				.getMessage());
		assertArrayEquals(before, Files.readAllBytes(base));
	}

	@Test
	void checkpointsInsideTheTrainingDataAreRefusedBeforeReading() throws IOException {
		final Path data = copyOfCells(tmp.resolve("data"));
		final Path folder = data.resolve("round");
		final List<String> messages = new ArrayList<>();
		final DataException e = assertThrows(DataException.class, () -> new FolderTrainer(
			TestModels.quick().layers(SMALL).maxEpochs(1).checkpointFolder(folder).build(),
			recording(messages)).train(data, null, tmp.resolve("m.zip")));
		assertTrue(e.getMessage().startsWith("Cannot save the checkpoint to " + folder.resolve(
			"m-epoch001.zip") + ": it lies inside the training folder " + data), e.getMessage());
		assertTrue(messages.isEmpty(), "nothing was read: " + messages);
		try (Stream<Path> files = Files.list(folder)) {
			assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".zip")));
		}
	}

	@Test
	void checkpointsOfAModelNamedWithZipInCapitalsDropTheEnding() throws IOException {
		final Path folder = Files.createDirectories(tmp.resolve("checkpoints"));
		new FolderTrainer(TestModels.quick().layers(SMALL).maxEpochs(1).checkpointFolder(folder)
			.build(), TrainingMonitor.SILENT).train(TestModels.CELLS, null, tmp.resolve(
				"Model.ZIP"));
		try (Stream<Path> files = Files.list(folder)) {
			assertEquals(List.of("Model-epoch001.zip"), files.map(f -> f.getFileName().toString())
				.toList());
		}
	}

	// -- Validation data is not the training data --

	@Test
	void aValidationFolderThatIsTheTrainingFolderIsRefused() {
		final DataException e = assertThrows(DataException.class, () -> new FolderTrainer(
			TestModels.quick().layers(SMALL).build(), TrainingMonitor.SILENT).train(
				TestModels.CELLS, TestModels.CELLS, null));
		assertEquals("validation_folder " + TestModels.CELLS + " is the training folder, so the " +
			"model would be validated on images it trains on. Give a separate folder, or leave " +
			"validation_folder empty to split the data by training_fraction.", e.getMessage());
	}

	@Test
	void aValidationFolderInsideOrAroundTheTrainingFolderIsRefused() throws IOException {
		final Path outer = Files.createDirectories(tmp.resolve("outer"));
		final Path data = copyOfCells(outer.resolve("data"));
		final Path inside = copyOfCells(data.resolve("round").resolve("val"));
		final DataException in = assertThrows(DataException.class, () -> new FolderTrainer(
			TestModels.quick().layers(SMALL).build(), TrainingMonitor.SILENT).train(data, inside,
				null));
		assertTrue(in.getMessage().startsWith("validation_folder " + inside + " lies inside the " +
			"training folder " + data + ", so the model"), in.getMessage());
		final DataException around = assertThrows(DataException.class, () -> new FolderTrainer(
			TestModels.quick().layers(SMALL).build(), TrainingMonitor.SILENT).train(data, outer,
				null));
		assertTrue(around.getMessage().startsWith("validation_folder " + outer + " holds the " +
			"training folder " + data + ", so the model"), around.getMessage());
	}

	// -- resume_from continues the model's own network --

	@Test
	void resumeFromRefusesAnotherInputSize() {
		final Path model = tmp.resolve("m.zip");
		final DataException e = assertThrows(DataException.class, () -> new FolderTrainer(
			TestModels.quick().maxEpochs(1).inputSize(64, 64, 0).resumeFrom(cellsModel).build(),
			TrainingMonitor.SILENT).train(TestModels.CELLS, null, model));
		assertTrue(e.getMessage().startsWith("input_height=64, input_width=64, input_channels=0 " +
			"differ from the input of resume_from " + cellsModel + ", "), e.getMessage());
		assertFalse(Files.exists(model));
	}

	@Test
	void resumeFromIgnoresOtherLayersWithAWarningAndRecordsWhatWasUsed() {
		final Path model = tmp.resolve("m.zip");
		final ModelMetadata start = ModelIO.readMetadata(cellsModel);
		final List<String> messages = new ArrayList<>();
		new FolderTrainer(TestModels.quick().maxEpochs(1).layers("vgg-small").resumeFrom(
			cellsModel).build(), recording(messages)).train(TestModels.CELLS, null, model);
		assertTrue(messages.stream().anyMatch(m -> m.startsWith("Warning: layers '") && m
			.contains("is ignored: resume_from " + cellsModel + " continues its own network, '" +
				SMALL + "'")), messages.toString());
		final ModelMetadata saved = ModelIO.readMetadata(model);
		assertEquals(SMALL, saved.training().get("layers"));
		assertEquals((double) start.input().height(), ((Number) saved.training().get(
			"input_height")).doubleValue());
		assertEquals(2, saved.history().size());
	}

	// -- A size a model file declares is named as the model's --

	@Test
	void aHugeInputDeclaredByTheResumeFromModelIsNamedAsTheModels() throws IOException {
		final Path crafted = CraftedModels.from(cellsModel).edit(ModelIO.METADATA_ENTRY,
			json -> json.replaceFirst("\"height\":\\s*\\d+", "\"height\": 8192").replaceFirst(
				"\"width\":\\s*\\d+", "\"width\": 8192")).write(tmp.resolve("crafted.zip"));
		final DataException e = assertThrows(DataException.class, () -> new FolderTrainer(
			TestModels.quick().resumeFrom(crafted).build(), TrainingMonitor.SILENT).train(
				TestModels.CELLS, null, null));
		assertTrue(e.getMessage().startsWith("The input size 8192x8192 (declared by " +
			"resume_from " + crafted + ") with mini_batch_size=32"), e.getMessage());
		assertTrue(e.getMessage().contains("Use a smaller mini_batch_size, or start from a " +
			"model with a smaller input size."), e.getMessage());
		assertFalse(e.getMessage().contains("input_height"), e.getMessage());
	}

	private static Path copyOfCells(final Path to) throws IOException {
		for (final String label : new String[] { "round", "elongated" }) {
			Files.createDirectories(to.resolve(label));
			try (Stream<Path> files = Files.list(TestModels.CELLS.resolve(label))) {
				for (final Path f : files.sorted().limit(10).toList()) {
					Files.copy(f, to.resolve(label).resolve(f.getFileName()));
				}
			}
		}
		return to;
	}

	private static TrainingMonitor recording(final List<String> messages) {
		return new TrainingMonitor() {

			@Override
			public void message(final String text) {
				messages.add(text);
			}
		};
	}
}
