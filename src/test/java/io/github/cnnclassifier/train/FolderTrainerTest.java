package io.github.cnnclassifier.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.DataException;
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
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training the lecture CNN on the shipped digits, end to end through a model file. */
class FolderTrainerTest {

	@TempDir
	Path tmp;

	@Test
	void reaches95PercentValidationAccuracyOnTheShippedDigits() {
		final List<EpochRecord> history = TestModels.digits().metadata().history();
		assertEquals(4, history.size());
		final EpochRecord last = history.get(3);
		assertTrue(last.validationAccuracy() >= 0.95, "validation accuracy " +
			last.validationAccuracy());
		assertTrue(last.loss() < history.get(0).loss(), "loss went down");
	}

	@Test
	void theModelFileDescribesLabelsInputDataAndHistory() {
		final ModelMetadata m = ModelIO.readMetadata(TestModels.digitsFile());
		assertEquals(IntStream.range(0, 10).mapToObj(String::valueOf).collect(Collectors
			.toList()), m.labels());
		assertEquals("28x28x1", m.input().toString());
		assertEquals("lecture-cnn", m.architecture());
		assertEquals(42, m.seed());
		assertEquals("completed", m.stopped());
		assertEquals(32.0, ((Number) m.training().get("mini_batch_size")).doubleValue());
		assertEquals("sgdm", m.training().get("solver"));
		assertEquals(1200, m.data().files());
		assertEquals(900, m.data().trainingImages());
		assertEquals(300, m.data().validationImages());
		assertEquals(64, m.data().fingerprint().length());
		assertTrue(m.normalization().mean() > 0 && m.normalization().std() > 0);
		assertTrue(m.versions().get("deeplearning4j").length() > 0);
		assertTrue(m.created().startsWith("20"), m.created());
		for (int e = 0; e < 4; e++) assertEquals(e + 1, m.history().get(e).epoch());
	}

	@Test
	void theJsonEntryHasTheDocumentedNames() throws IOException {
		final String json = ModelIO.toJson(TestModels.digits().metadata());
		for (final String key : new String[] { "\"labels\"", "\"input\"", "\"height\"",
			"\"normalization\"", "\"architecture\"", "\"training\"", "\"seed\"",
			"\"history\"", "\"validation_accuracy\"", "\"validation_loss\"", "\"loss\"",
			"\"accuracy\"", "\"epoch\"", "\"fingerprint\"", "\"versions\"", "\"created\"" })
		{
			assertTrue(json.contains(key), key + " in " + json);
		}
	}

	@Test
	void aModelPathInAMissingFolderFailsBeforeAnyTraining() {
		final Path model = tmp.resolve("missing").resolve("m.zip");
		final List<String> messages = new ArrayList<>();
		final TrainingMonitor monitor = new TrainingMonitor() {

			@Override
			public void message(final String text) {
				messages.add(text);
			}
		};
		final DataException e = assertThrows(DataException.class, () -> new FolderTrainer(
			TestModels.quick().build(), monitor).train(TestModels.DIGITS, null, model));
		assertTrue(e.getMessage().contains(tmp.resolve("missing").toString()), e.getMessage());
		assertTrue(messages.isEmpty(), "nothing was read: " + messages);
		assertFalse(Files.exists(model));
	}

	@Test
	void aDivergingLearningRateStopsWithAClearErrorAndWritesNoModel() {
		final Path model = tmp.resolve("nan.zip");
		final TrainingException e = assertThrows(TrainingException.class,
			() -> new FolderTrainer(TestModels.quick().initialLearnRate(1e9).l2Regularization(0)
				.build(), TrainingMonitor.SILENT).train(TestModels.CELLS, null, model));
		assertTrue(e.getMessage().contains("initial_learn_rate"), e.getMessage());
		assertTrue(e.getMessage().matches("(?s)The loss became .* training diverged.*"), e
			.getMessage());
		assertFalse(Files.exists(model));
	}

	@Test
	void cancellingKeepsTheWeightsOfThatMomentAndSaysSo() {
		final Path model = tmp.resolve("cancelled.zip");
		final TrainingMonitor cancelAfterThree = new TrainingMonitor() {

			private int iterations;

			@Override
			public void iteration(final TrainingProgress progress) {
				iterations = progress.iteration();
			}

			@Override
			public boolean cancelRequested() {
				return iterations >= 3;
			}
		};
		final ModelBundle bundle = new FolderTrainer(TestModels.quick().build(),
			cancelAfterThree).train(TestModels.CELLS, null, model);
		final ModelMetadata saved = ModelIO.readMetadata(model);
		// NB: 90 training cells in batches of 32 make 2 iterations per epoch.
		assertEquals("cancelled at epoch 2, iteration 3 of 8", saved.stopped());
		assertEquals(2, saved.history().size());
		assertEquals(3, saved.history().get(1).iteration());
		assertFalse(Double.isNaN(saved.history().get(1).validationAccuracy()));
		assertEquals(bundle.metadata().stopped(), saved.stopped());
	}

	@Test
	void aSeparateValidationFolderIsUsedInsteadOfASplit() throws IOException {
		final ModelBundle bundle = new FolderTrainer(TestModels.quick().maxEpochs(1).build(),
			TrainingMonitor.SILENT).train(TestModels.CELLS, TestModels.CELLS, null);
		assertEquals(120, bundle.metadata().data().trainingImages());
		assertEquals(120, bundle.metadata().data().validationImages());
		assertEquals(TestModels.CELLS.toAbsolutePath().toString(), bundle.metadata().data()
			.validationFolder());
	}

	@Test
	void aValidationFolderWithAnUnknownClassIsRefused() throws IOException {
		final Path val = tmp.resolve("val");
		Files.createDirectories(val.resolve("round"));
		Files.createDirectories(val.resolve("square"));
		Files.copy(TestModels.CELLS.resolve("round/cell_001.tif"), val.resolve(
			"round/a.tif"));
		Files.copy(TestModels.CELLS.resolve("round/cell_002.tif"), val.resolve(
			"square/b.tif"));
		final DataException e = assertThrows(DataException.class, () -> new FolderTrainer(
			TestModels.quick().build(), TrainingMonitor.SILENT).train(TestModels.CELLS, val,
				null));
		assertTrue(e.getMessage().contains("square"), e.getMessage());
	}
}
