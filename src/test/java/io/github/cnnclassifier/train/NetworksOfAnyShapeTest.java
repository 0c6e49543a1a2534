package io.github.cnnclassifier.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.EpochRecord;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.model.ModelMetadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** Networks written as layer specs, and the training options MATLAB users expect, on the shipped images. */
class NetworksOfAnyShapeTest {

	@TempDir
	Path tmp;

	private static TrainingOptions.Builder resized(final String layers) {
		return TestModels.quick().layers(layers).inputSize(32, 32, 1).maxEpochs(3);
	}

	@Test
	void aVggStyleNetworkLearnsTheDigits() {
		final ModelBundle m = new FolderTrainer(resized("vgg-small").build(), TrainingMonitor.SILENT)
			.train(TestModels.DIGITS, null, tmp.resolve("vgg.zip"));
		final EpochRecord last = m.metadata().history().get(2);
		assertTrue(last.validationAccuracy() >= 0.9, "validation accuracy " + last
			.validationAccuracy());
		final ModelMetadata saved = ModelIO.readMetadata(tmp.resolve("vgg.zip"));
		assertEquals("vgg-small", saved.architecture());
		assertEquals(Architectures.spec("vgg-small").toString(), saved.layers());
		assertEquals("dropout_1", saved.layerNames().get(saved.layerNames().size() - 2));
	}

	@Test
	void aResidualNetworkLearnsTheDigits() {
		final ModelBundle m = new FolderTrainer(resized("conv3x3x8 bn relu res[conv3x3x8 bn relu " +
			"conv3x3x8 bn] relu maxpool2 res[conv3x3x16s2 bn relu conv3x3x16 bn] relu").build(),
			TrainingMonitor.SILENT).train(TestModels.DIGITS, null, tmp.resolve("res.zip"));
		assertTrue(m.metadata().history().get(2).validationAccuracy() >= 0.8, "validation " +
			"accuracy " + m.metadata().history().get(2).validationAccuracy());
		final ModelBundle loaded = ModelIO.load(tmp.resolve("res.zip"));
		assertTrue(loaded.metadata().layerNames().containsAll(List.of("res_1", "res_2",
			"res_2_shortcut")), loaded.metadata().layerNames().toString());
		assertEquals("custom", loaded.metadata().architecture());
	}

	@Test
	void validationPatienceStopsWhenTheValidationLossNoLongerImproves() {
		final List<String> messages = new ArrayList<>();
		final ModelBundle m = new FolderTrainer(TestModels.quick().maxEpochs(40)
			.validationFrequency(5).validationPatience(3).build(), new TrainingMonitor() {

				@Override
				public void message(final String text) {
					messages.add(text);
				}
			}).train(TestModels.CELLS, null, null);
		assertTrue(m.metadata().stopped().startsWith("stopped by validation_patience=3"), m
			.metadata().stopped());
		assertTrue(m.metadata().history().size() < 40, "epochs " + m.metadata().history().size());
	}

	@Test
	void checkpointsAreModelsThatTrainingCanContinueFrom() throws IOException {
		final Path checkpoints = Files.createDirectory(tmp.resolve("checkpoints"));
		new FolderTrainer(TestModels.quick().maxEpochs(2).solver(Solver.ADAM).initialLearnRate(
			0.001).checkpointFolder(checkpoints).build(), TrainingMonitor.SILENT).train(
				TestModels.CELLS, null, tmp.resolve("cells.zip"));
		final List<Path> files;
		try (Stream<Path> s = Files.list(checkpoints)) {
			files = s.sorted().collect(Collectors.toList());
		}
		assertEquals(List.of(checkpoints.resolve("cells-epoch001.zip"), checkpoints.resolve(
			"cells-epoch002.zip")), files);
		final ModelBundle first = ModelIO.load(files.get(0));
		assertEquals(1, first.metadata().history().size());
		assertNotNull(first.network().getUpdater().getStateViewArray());
		// continuing from epoch 1 for one more epoch
		final ModelBundle resumed = new FolderTrainer(TestModels.quick().maxEpochs(1).solver(
			Solver.ADAM).initialLearnRate(0.001).resumeFrom(files.get(0)).build(),
			TrainingMonitor.SILENT).train(TestModels.CELLS, null, tmp.resolve("resumed.zip"));
		assertEquals(List.of(1, 2), resumed.metadata().history().stream().map(
			EpochRecord::epoch).collect(Collectors.toList()));
		assertEquals(first.normalization().mean(), resumed.normalization().mean());
		assertEquals(first.metadata().history().get(0).loss(), resumed.metadata().history().get(0)
			.loss());
	}

	@Test
	void stoppingBeforeAnyAccuracyWasMeasuredStillSavesTheModel() {
		final Path file = tmp.resolve("stopped.zip");
		// NB: DL4J's layers measure accuracy only when validating; the engine always does.
		System.setProperty("cnnclassifier.engine", "dl4j");
		try {
			new FolderTrainer(TestModels.quick().validationFrequency(50).build(),
				new TrainingMonitor() {

					@Override
					public boolean cancelRequested() {
						return true;
					}
				}).train(TestModels.CELLS, null, file);
		}
		finally {
			System.clearProperty("cnnclassifier.engine");
		}
		final ModelMetadata m = ModelIO.readMetadata(file);
		assertTrue(m.stopped().startsWith("cancelled at epoch 1, iteration 1"), m.stopped());
		assertTrue(Double.isNaN(m.history().get(0).accuracy()), "not measured");
	}

	@Test
	void resumingOnOtherClassesIsRefusedAtOnce() {
		final DataException e = assertThrows(DataException.class, () -> new FolderTrainer(
			TestModels.quick().resumeFrom(TestModels.digitsFile()).build(), TrainingMonitor.SILENT)
				.train(TestModels.CELLS, null, null));
		assertTrue(e.getMessage().contains("resume_from") && e.getMessage().contains(
			"same classes"), e.getMessage());
	}

	@Test
	void balancedClassWeightsMakeTheSmallClassCountAsMuch() throws IOException {
		// 40 elongated and 10 round cells
		final Path folder = tmp.resolve("imbalanced");
		for (final String label : List.of("elongated", "round")) {
			final Path to = Files.createDirectories(folder.resolve(label));
			try (Stream<Path> files = Files.list(TestModels.CELLS.resolve(label))) {
				for (final Path f : files.sorted().limit(label.equals("round") ? 10 : 40).collect(
					Collectors.toList())) Files.copy(f, to.resolve(f.getFileName()));
			}
		}
		final ModelBundle m = new FolderTrainer(TestModels.quick().maxEpochs(1).classWeights(
			ClassWeights.BALANCED).build(), TrainingMonitor.SILENT).train(folder, null, null);
		final OutputLayer head = (OutputLayer) ((LayerVertex) m.network().getConfiguration()
			.getVertices().get(Architectures.HEAD)).getLayerConf().getLayer();
		final float[] weights = ((LossMCXENT) head.getLossFn()).getWeights().toFloatVector();
		assertEquals("balanced", m.metadata().training().get("class_weights"));
		// NB: 30 and 8 training images: each class weighs n / (2 n_class) in all.
		assertArrayEquals(new float[] { 38f / 60, 38f / 16 }, weights, 1e-6f);
	}
}
