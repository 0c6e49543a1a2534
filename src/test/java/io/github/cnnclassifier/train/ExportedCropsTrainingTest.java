package io.github.cnnclassifier.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.model.CropInfo;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.transfer.TransferOptions;
import io.github.cnnclassifier.transfer.TransferTrainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on crops exported from objects records their geometry
 * ({@code crop-geometry.json} beside the class folders) in the model file,
 * and refuses data whose crops were cut in different ways.
 */
class ExportedCropsTrainingTest {

	private static final String SMALL = "conv3x3x2 relu gap";

	@TempDir
	Path tmp;

	@Test
	void transferLearningOnExportedCropsRecordsTheirGeometryInTheModelAndItsCheckpoints() throws IOException {
		final Path base = tmp.resolve("base.zip");
		new FolderTrainer(TestModels.quick().layers(SMALL).maxEpochs(1).build(),
			TrainingMonitor.SILENT).train(TestModels.CELLS, null, base);
		final Path data = cellsWithGeometry(tmp.resolve("crops"), "{\"crop\": 24, \"padding\": " +
			"0, \"mask_outside\": true, \"objects\": [\"label image\"]}");
		final List<String> log = new ArrayList<>();
		final Path model = tmp.resolve("transferred.zip");
		new TransferTrainer(TestModels.quick().maxEpochs(1).checkpointFolder(Files
			.createDirectories(tmp.resolve("checkpoints"))).build(), TransferOptions.of(base.toString()), recording(log)).train(
				data, null, model);
		final CropInfo recorded = new CropInfo(24, 0, true, List.of("label image"));
		assertEquals(recorded, ModelIO.readMetadata(model).crops());
		assertEquals(recorded, ModelIO.readMetadata(tmp.resolve(
			"checkpoints/transferred-epoch001.zip")).crops(), "checkpoints too");
		assertTrue(log.contains("Crops of objects cut with crop=24, padding=0, mask_outside=true " +
			"(" + data.resolve("crop-geometry.json") + "); the model records it for Classify ROIs " +
			"with CNN"), log.toString());
	}

	@Test
	void aValidationFolderOfCropsCutAnotherWayIsRefusedBeforeAnImageIsRead() throws IOException {
		final Path data = cellsWithGeometry(tmp.resolve("train"), new CropInfo(32, 2, false, List
			.of("ROI file")).json());
		final Path validation = cellsWithGeometry(tmp.resolve("validation"), new CropInfo(0, 2,
			false, List.of("ROI file")).json());
		final List<String> log = new ArrayList<>();
		final DataException e = assertThrows(DataException.class, () -> new FolderTrainer(
			TestModels.quick().layers(SMALL).build(), recording(log)).train(data, validation, tmp
				.resolve("m.zip")));
		assertEquals("validation_folder " + validation + " holds crops cut with crop=0, " +
			"padding=2, mask_outside=false, but " + data + " crops cut with crop=32, padding=2, " +
			"mask_outside=false (crop-geometry.json): export both with the same crop, padding and " +
			"mask_outside", e.getMessage());
		assertTrue(log.isEmpty(), "nothing was read: " + log);
	}

	@Test
	void aDamagedCropGeometryIsOneLineNamingTheFile() throws IOException {
		final Path data = cellsWithGeometry(tmp.resolve("train"), "{\"crop\": -3, \"padding\": " +
			"2, \"mask_outside\": false}");
		final DataException e = assertThrows(DataException.class, () -> new FolderTrainer(
			TestModels.quick().layers(SMALL).build(), TrainingMonitor.SILENT).train(data, null,
				null));
		assertEquals(data.resolve("crop-geometry.json") + " is not a crop geometry written by " +
			"Export ROIs as Training Images (crop and padding from 0 to 4096, mask_outside true " +
			"or false): delete it or export the crops again", e.getMessage());
	}

	/** Ten cells of each class, with {@code json} as their crop-geometry.json. */
	private static Path cellsWithGeometry(final Path to, final String json) throws IOException {
		for (final String label : new String[] { "round", "elongated" }) {
			Files.createDirectories(to.resolve(label));
			try (Stream<Path> files = Files.list(TestModels.CELLS.resolve(label))) {
				for (final Path f : files.sorted().limit(10).toList()) {
					Files.copy(f, to.resolve(label).resolve(f.getFileName()));
				}
			}
		}
		Files.writeString(to.resolve(CropInfo.FILE), json);
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
