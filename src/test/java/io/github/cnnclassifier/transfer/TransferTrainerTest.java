package io.github.cnnclassifier.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.Augmentation;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.DatasetReader;
import io.github.cnnclassifier.data.ImageDataset;
import io.github.cnnclassifier.data.LabelledFolder;
import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.EpochRecord;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.model.ModelMetadata;
import io.github.cnnclassifier.model.TransferInfo;
import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.train.Trainer;
import io.github.cnnclassifier.train.TrainingMonitor;
import io.github.cnnclassifier.train.TrainingOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transfers the lecture CNN the tests train on the digits to the two classes of cells. */
class TransferTrainerTest {

	/** The layers of the lecture CNN before its head. */
	private static final List<String> BODY = List.of("conv_1", "bn_1", "relu_1", "maxpool_1",
		"conv_2", "bn_2", "relu_2", "maxpool_2", "conv_3", "bn_3", "relu_3");

	@TempDir
	Path tmp;

	private static TrainingOptions.Builder options() {
		return TrainingOptions.builder().maxEpochs(4).miniBatchSize(16).initialLearnRate(0.001)
			.validationFrequency(1000).seed(5);
	}

	/**
	 * From the digits network, normalising with the cells' own mean and std
	 * (NB: 16-bit cells are far from the 8-bit digits the base was trained on),
	 * only the new head trained, for max_epochs as given.
	 */
	private static TransferOptions fromDigits() {
		return TransferOptions.of(TestModels.digitsFile().toString()).normalizing("data")
			.freezing("").pace(1, 0);
	}

	@Test
	void theFrozenLayersKeepTheirWeightsAndBatchNormStatistics() {
		final ModelBundle base = TestModels.digits();
		final List<String> log = new ArrayList<>();
		final Path file = tmp.resolve("cells.zip");
		final ModelBundle m = new TransferTrainer(options().initialLearnRate(0.01).maxEpochs(8)
			.build(), fromDigits(), monitor(log)).train(TestModels.CELLS, null, file);
		for (final String layer : List.of("conv_1", "bn_1", "conv_2", "bn_2", "conv_3", "bn_3")) {
			// NB: DL4J keeps batch norm's running mean and variance among the parameters.
			assertEquals(base.network().getLayer(layer).params(), m.network().getLayer(layer)
				.params(), layer);
		}
		final List<EpochRecord> epochs = m.metadata().history();
		assertTrue(epochs.get(7).loss() < 0.75 * epochs.get(0).loss(), "the head learns: " + epochs
			.stream().map(EpochRecord::loss).toList());
		assertTrue(log.stream().anyMatch(l -> l.startsWith("Computing the features of the frozen " +
			"layers (up to relu_3, 7x7x32) once per image")), log.toString());
		final ModelMetadata saved = ModelIO.load(file).metadata();
		assertEquals(List.of("elongated", "round"), saved.labels());
		assertEquals(base.inputShape(), saved.input());
		assertTrue(saved.normalization().mean() > 200, "the cells' own: " + saved
			.normalization());
		assertEquals(base.metadata().layers(), saved.layers());
		final TransferInfo info = saved.transfer();
		assertNotNull(info);
		assertEquals("model", info.source());
		assertEquals(BaseNetworks.sha256(TestModels.digitsFile()), info.sha256());
		assertEquals(base.labels(), info.baseLabels());
		assertEquals(base.metadata().history().size(), info.baseHistory().size());
		assertEquals(List.of(Architectures.HEAD), info.removed());
		assertEquals("relu_3", info.featureLayer());
		assertEquals(BODY, info.frozen());
		assertTrue(info.featureCache());
		assertEquals(0, info.unfreezeAfter());
		assertEquals(TestModels.digitsFile().toString(), saved.training().get("base_model"));
		assertEquals(8, saved.history().size());
	}

	@Test
	void aTinyFolderTrainsAtLeastMinIterationsMiniBatchesSayingSo() {
		final List<String> log = new ArrayList<>();
		final ModelBundle m = new TransferTrainer(options().maxEpochs(2).build(), fromDigits()
			.pace(10, 20), monitor(log)).train(TestModels.CELLS, null, null);
		assertEquals(4, m.metadata().history().size());
		assertTrue(log.contains("90 training images make 5 iterations per epoch: training 4 " +
			"epochs rather than 2, for min_iterations=20"), log.toString());
		assertTrue(log.contains("Learning rate 0.001, the new head's 0.01 " +
			"(head_learn_rate_factor=10)"), log.toString());
		assertEquals(20, m.metadata().training().get("min_iterations"));
		assertEquals(10.0, m.metadata().training().get("head_learn_rate_factor"));
	}

	@Test
	void unfreezeAfterWithNothingFrozenTrainsTheHeadAloneUntilThen() {
		final TransferOptions o = TransferOptions.of("simplecnn");
		assertEquals(TransferOptions.NOTHING, o.freezeFirst());
		assertEquals("", o.unfreezing(5, 0).freezeFirst());
		assertEquals("relu_2", o.freezing("relu_2").unfreezing(5, 0).freezeFirst());
	}

	@Test
	void featuresComputedOnceTrainTheHeadAsTrainingTheWholeNetworkWould() {
		final BaseNetwork base = new BaseNetwork(TestModels.digits().network(), TestModels.digits()
			.inputShape(), TestModels.digits().normalization(), "lecture-cnn", "model", null, null,
			List.of(), java.util.Map.of(), List.of(), "");
		final ImageDataset cells = cells(base);
		final TrainingOptions o = options().maxEpochs(2).build();
		final ModelBundle cached = FeatureCache.train(start(base), FeatureCache.cut(start(base)
			.network(), base.input()), cells, null, o, TrainingMonitor.SILENT, null);
		final ModelBundle whole = new Trainer(o, TrainingMonitor.SILENT).train(start(base), cells,
			null);
		final float[] a = cached.network().getLayer(Architectures.HEAD).params().toFloatVector();
		final float[] b = whole.network().getLayer(Architectures.HEAD).params().toFloatVector();
		assertArrayEquals(b, a, 1e-5f);
		assertEquals(whole.metadata().history().get(1).loss(), cached.metadata().history().get(1)
			.loss(), 1e-6 * whole.metadata().history().get(1).loss());
		assertNotEquals(start(base).network().getLayer(Architectures.HEAD).params(), cached.network()
			.getLayer(Architectures.HEAD).params());
	}

	@Test
	void unfreezingTrainsEveryLayerAtTheLowerRateAfterTheGivenEpochs() {
		final ModelBundle base = TestModels.digits();
		final Path file = tmp.resolve("unfrozen.zip");
		final ModelBundle m = new TransferTrainer(options().build(), fromDigits().unfreezing(2, 0),
			TrainingMonitor.SILENT).train(TestModels.CELLS, null, file);
		assertEquals(4, m.metadata().history().size());
		assertNotEquals(base.network().getLayer("conv_1").params(), m.network().getLayer("conv_1")
			.params());
		final ModelBundle loaded = ModelIO.load(file);
		assertEquals(List.of(), Heads.frozen(loaded.network()));
		assertEquals(2, loaded.metadata().transfer().unfreezeAfter());
		assertEquals(0.0001, loaded.metadata().transfer().fineTuneLearnRate(), 1e-12);
	}

	@Test
	void augmentedTrainingTakesTheImagesEachEpochAndIsRecorded() {
		final List<String> log = new ArrayList<>();
		final ModelBundle m = new TransferTrainer(options().maxEpochs(2).augmentation(Augmentation
			.of("-180,180", true, true, "2", "")).build(), fromDigits(), monitor(log)).train(
				TestModels.CELLS, null, null);
		assertFalse(m.metadata().transfer().featureCache());
		assertTrue(log.stream().noneMatch(l -> l.startsWith("Computing the features")), log
			.toString());
		assertEquals("-180,180", m.metadata().training().get("augment_rotation"));
		assertEquals(true, m.metadata().training().get("augment_y_reflection"));
		for (final String layer : List.of("conv_1", "bn_3")) {
			assertEquals(TestModels.digits().network().getLayer(layer).params(), m.network()
				.getLayer(layer).params(), layer);
		}
	}

	@Test
	void everyLayerOfAKerasBaseTrainsWithFreezeNoneAndUnfreezeAfter() {
		for (final Path keras : List.of(CraftedKeras.FUNCTIONAL, CraftedKeras.SEQUENTIAL)) {
			final ModelBundle none = new TransferTrainer(options().maxEpochs(1).build(),
				TransferOptions.of(keras.toString()).freezing("none").normalizing("data").pace(1, 0), monitor(
					new ArrayList<>())).train(TestModels.CELLS, null, null);
			assertTrue(none.metadata().transfer().frozen().isEmpty(), keras.toString());
			final ModelBundle later = new TransferTrainer(options().maxEpochs(2).build(),
				TransferOptions.of(keras.toString()).freezing("").unfreezing(1, 0).normalizing(
					"data").pace(1, 0), monitor(new ArrayList<>())).train(TestModels.CELLS, null, null);
			assertEquals(2, later.metadata().history().size(), keras.toString());
		}
	}

	@Test
	void featuresThatHardlyDifferBetweenTheImagesAreWarnedAbout() {
		final List<String> log = new ArrayList<>();
		new TransferTrainer(options().maxEpochs(1).build(), fromDigits().normalizing("0/1e12"),
			monitor(log)).train(TestModels.CELLS, null, null);
		assertTrue(log.stream().anyMatch(l -> l.startsWith("Warning: the features at relu_3 " +
			"hardly differ between the") && l.contains("Check the normalization")), log.toString());
		log.clear();
		new TransferTrainer(options().maxEpochs(1).build(), fromDigits(), monitor(log)).train(
			TestModels.CELLS, null, null);
		assertTrue(log.stream().noneMatch(l -> l.contains("hardly differ")), log.toString());
	}

	@Test
	void spreadIsZeroForIdenticalFeaturesAndOneForOpposite() {
		assertEquals(0, FeatureCache.spread(new float[] { 2, 3, 2, 3 }, 2, 2));
		assertEquals(0, FeatureCache.spread(new float[4], 2, 2));
		assertEquals(1, FeatureCache.spread(new float[] { 1, -1, -1, 1 }, 2, 2), 1e-12);
	}

	@Test
	void aSavedTransferKeepsTheBaseNormalisationAndClassifiesAsTheTrainedOne() {
		final Path file = tmp.resolve("saved.zip");
		final List<String> log = new ArrayList<>();
		final ModelBundle m = new TransferTrainer(options().maxEpochs(1).build(), TransferOptions
			.of(TestModels.digitsFile().toString()).normalizing("base"), monitor(log)).train(
				TestModels.CELLS, null, file);
		assertEquals(TestModels.digits().normalization().mean(), m.normalization().mean());
		assertTrue(log.stream().anyMatch(l -> l.startsWith("Warning: The training images' values") &&
			l.endsWith("use normalization=auto or data.")), log.toString());
		final ImageDataset cells = cells(m.inputShape(), m.labels());
		final int size = m.inputShape().size();
		final float[] x = new float[8 * size];
		for (int i = 0; i < 8; i++) cells.fill(i * 7, x, i * size);
		try (Classifier now = new Classifier(m); Classifier later = new Classifier(ModelIO.load(
			file)))
		{
			assertArrayEquals(now.probabilities(x.clone(), 8), later.probabilities(x.clone(), 8),
				1e-6f);
		}
	}

	private static ModelBundle start(final BaseNetwork base) {
		final Heads.Transfer t = Heads.replace(base.network(), base.input(), 2, "", options()
			.build().solver().updater(0.001, 0.9), options().build().solver().updater(0.001, 0.9), 1e-4,
			5, null);
		return new ModelBundle(t.network(), new ModelMetadata(List.of("elongated", "round"), base
			.input(), base.normalization(), "lecture-cnn", 5));
	}

	private static ImageDataset cells(final BaseNetwork base) {
		return cells(base.input(), List.of("elongated", "round"));
	}

	private static ImageDataset cells(final io.github.cnnclassifier.tensor.InputShape shape,
		final List<String> labels)
	{
		return new DatasetReader(shape, labels, BadFiles.STOP).read(LabelledFolder.scan(
			TestModels.CELLS).images(), done -> {});
	}

	static TrainingMonitor monitor(final List<String> log) {
		return new TrainingMonitor() {

			@Override
			public void message(final String text) {
				log.add(text);
			}
		};
	}

}
