package io.github.cnnclassifier.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.model.CalibrationInfo;
import io.github.cnnclassifier.model.EpochRecord;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.model.ModelMetadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

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
		// NB: a copy, as validating on the training folder itself is refused.
		final Path val = tmp.resolve("val");
		for (final String label : new String[] { "round", "elongated" }) {
			Files.createDirectories(val.resolve(label));
			try (java.util.stream.Stream<Path> files = Files.list(TestModels.CELLS.resolve(label))) {
				for (final Path f : files.toList()) Files.copy(f, val.resolve(label).resolve(f
					.getFileName()));
			}
		}
		final ModelBundle bundle = new FolderTrainer(TestModels.quick().maxEpochs(1).build(),
			TrainingMonitor.SILENT).train(TestModels.CELLS, val, null);
		assertEquals(120, bundle.metadata().data().trainingImages());
		assertEquals(120, bundle.metadata().data().validationImages());
		assertEquals(val.toAbsolutePath().toString(), bundle.metadata().data()
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

	@Test
	void theInputIsTheMostCommonSizeAndImagesFarFromItAreNamed() throws IOException {
		final Path data = digits(tmp.resolve("data"), 20, 20);
		final Path stray = data.resolve("1/000 stray.png");
		final ij.ImagePlus dot = new ij.ImagePlus("dot", new ij.process.ByteProcessor(1, 1));
		assertTrue(new ij.io.FileSaver(dot).saveAsPng(stray.toString()));
		final List<String> messages = new ArrayList<>();
		final ModelBundle model = new FolderTrainer(TestModels.quick().maxEpochs(1).build(),
			recording(messages)).train(data, null, null);
		assertEquals("28x28x1", model.inputShape().toString());
		assertTrue(messages.contains("2 classes, 31 training and 10 validation images, input " +
			"28x28x1 (the most common image size, 40 of 41 images)"), messages.toString());
		assertTrue(messages.contains("Warning: 1 image is far from the input size 28x28 (more " +
			"than twice or less than half its height or width) and will be resized to it: " +
			stray + " (1x1)"), messages.toString());
	}

	@Test
	void eachClassSaysWhatTheSplitGaveAndATinyClassIsWarnedAbout() throws IOException {
		final Path data = digits(tmp.resolve("data"), 40, 1);
		final List<String> messages = new ArrayList<>();
		new FolderTrainer(TestModels.quick().maxEpochs(1).build(), recording(messages)).train(
			data, null, null);
		assertTrue(messages.contains("Images per class (training/validation): 1 30/10, 7 1/0"),
			messages.toString());
		assertTrue(messages.contains("Warning: class '7' has 1 image against up to 40 in " +
			"another class: 1 for training, 0 for validation, so the validation accuracy does " +
			"not measure it. Add images of this class."), messages.toString());
	}

	@Test
	void anInputTooLargeForMemoryIsRefusedNamingTheOptionsBeforeReading() {
		final List<String> messages = new ArrayList<>();
		final DataException e = assertThrows(DataException.class, () -> new FolderTrainer(
			TestModels.quick().inputSize(20000, 20000, 1).build(), recording(messages)).train(
				TestModels.DIGITS, null, null));
		assertTrue(e.getMessage().startsWith("input_height=20000, input_width=20000 with " +
			"mini_batch_size=32 (400000000 values per image) needs 205 GB of memory"), e
				.getMessage());
		assertTrue(messages.stream().noneMatch(m -> m.startsWith("Skipped")), messages
			.toString());
	}

	@Test
	void copiesAcrossTheSplitAreCountedAgainstTheRecordedSplitAndWarnedAbout()
		throws IOException
	{
		final Path data = withCopies(digits(tmp.resolve("data"), 15, 20));
		final Path file = tmp.resolve("model.zip");
		final List<String> messages = new ArrayList<>();
		new FolderTrainer(TestModels.quick().maxEpochs(1).build(), recording(messages)).train(
			data, null, file);
		final ModelMetadata m = ModelIO.readMetadata(file);
		final List<String> validation = m.data().validation();
		assertEquals(m.data().validationImages(), validation.size());
		// NB: a validation image crosses the split when its twin is not in validation too.
		final long across = validation.stream().filter(p -> !validation.contains(twin(p)))
			.count();
		assertTrue(across > 0, validation.toString());
		assertEquals(70, m.data().duplicates().exact());
		assertEquals(70, m.data().duplicates().near());
		assertEquals(across, m.data().duplicates().acrossSplit());
		final List<String> pairs = m.data().duplicates().pairs();
		assertTrue(pairs.get(0).matches("1/(copy-)?(\\S+) = 1/(copy-)?\\2"), pairs.toString());
		assertTrue(messages.stream().anyMatch(t -> t.startsWith("Warning: " + across +
			" validation images have an exact or near copy among the training images")),
			messages.toString());
		final String json = ModelIO.toJson(m);
		for (final String key : new String[] { "\"duplicates\"", "\"across_split\"",
			"\"pairs\"", "\"validation\"" })
		{
			assertTrue(json.contains(key), key + " in " + json);
		}
	}

	/**
	 * NB: cache_mb=1 holds fewer than the 1,200 digits, so there they are hashed
	 * apart and then read, as before images were held; both ways train the same model.
	 */
	@Test
	void imagesThatFitAreDecodedOnceAndTrainTheModelThatDecodingThemTwiceTrains()
		throws IOException
	{
		final Path held = tmp.resolve("held.zip"), apart = tmp.resolve("apart.zip");
		final List<String> once = new ArrayList<>(), twice = new ArrayList<>();
		final TrainingOptions.Builder options = TestModels.quick().maxEpochs(1).onDuplicate(
			"drop");
		new FolderTrainer(options.build(), recording(once)).train(TestModels.DIGITS, null, held);
		new FolderTrainer(options.cacheMegabytes(1).build(), recording(twice)).train(
			TestModels.DIGITS, null, apart);
		assertTrue(once.stream().anyMatch(m -> m.startsWith("Duplicates: ") && m.endsWith(
			"(hashed while reading)")), once.toString());
		assertTrue(twice.stream().anyMatch(m -> m.startsWith("Duplicates: ") && m.contains(
			"(hashed in ")), twice.toString());
		assertEquals(withoutTimes(entries(apart)), withoutTimes(entries(held)));
	}

	/** Each entry of a zip, as text (the JSON) or as its bytes in hex. */
	private static Map<String, String> entries(final Path zip) throws IOException {
		final Map<String, String> entries = new TreeMap<>();
		try (ZipFile z = new ZipFile(zip.toFile())) {
			for (final ZipEntry e : Collections.list(z.entries())) {
				final byte[] bytes = z.getInputStream(e).readAllBytes();
				entries.put(e.getName(), e.getName().endsWith(".json") ? new String(bytes,
					StandardCharsets.UTF_8) : HexFormat.of().formatHex(bytes));
			}
		}
		return entries;
	}

	/** The entries with the creation date, each epoch's seconds and cache_mb blanked. */
	private static Map<String, String> withoutTimes(final Map<String, String> entries) {
		entries.replaceAll((name, text) -> text.replaceAll("\"created\"\\s*:\\s*\"[^\"]*\"",
			"").replaceAll("\"seconds\"\\s*:\\s*[-0-9.eE]+", "").replaceAll(
				"\"cache_mb\"\\s*:\\s*\\d+", ""));
		return entries;
	}

	@Test
	void onDuplicateDropKeepsOneOfEachCopy() throws IOException {
		final Path data = withCopies(digits(tmp.resolve("data"), 15, 20));
		final List<String> messages = new ArrayList<>();
		final ModelMetadata m = new FolderTrainer(TestModels.quick().maxEpochs(1).onDuplicate(
			"drop").build(), recording(messages)).train(data, null, null).metadata();
		// NB: no two of the first 15 shipped 1s and 20 7s are near copies (the 16th and 19th 1s are).
		assertEquals(35, m.data().trainingImages() + m.data().validationImages());
		assertTrue(messages.contains("on_duplicate=drop: left out 35 copies, one image of " +
			"each group kept"), messages.toString());
		assertEquals("drop", m.training().get("on_duplicate"));
	}

	@Test
	void groupByFolderKeepsEachSubFolderOnOneSideAndTheModelFileSaysWhich() throws IOException {
		final Path data = digits(tmp.resolve("data"), 15, 20);
		// NB: five groups per class: digit_1_001.png goes to 1/g1/, digit_1_002.png to 1/g2/ ...
		try (java.util.stream.Stream<Path> files = Files.walk(data)) {
			for (final Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
				final int n = Integer.parseInt(f.getFileName().toString().replaceAll("\\D", "")
					.substring(1));
				final Path to = f.resolveSibling("g" + n % 5).resolve(f.getFileName());
				Files.createDirectories(to.getParent());
				Files.move(f, to);
			}
		}
		final List<String> messages = new ArrayList<>();
		final ModelMetadata m = new FolderTrainer(TestModels.quick().maxEpochs(1).groupBy(
			"folder").build(), recording(messages)).train(data, null, null).metadata();
		assertEquals(35, m.data().groups().size());
		assertEquals("g1", m.data().groups().get("1/g1/digit_1_001.png"));
		final Set<String> validationGroups = m.data().validation().stream().map(p -> m.data()
			.groups().get(p)).collect(Collectors.toSet());
		final Set<String> trainingGroups = m.data().groups().entrySet().stream().filter(e -> !m
			.data().validation().contains(e.getKey())).map(Map.Entry::getValue).collect(
				Collectors.toSet());
		assertTrue(validationGroups.stream().noneMatch(trainingGroups::contains), m.data()
			.groups().toString());
		assertTrue(messages.stream().anyMatch(t -> t.matches("Groups \\(group_by=folder\\): " +
			"\\d in training, \\d in validation")), messages.toString());
	}

	@Test
	void theTemperatureFittedOnTheValidationImagesIsRecordedAndLowersTheirNll()
		throws IOException
	{
		final List<String> messages = new ArrayList<>();
		final ModelMetadata m = new FolderTrainer(TestModels.quick().maxEpochs(1).build(),
			recording(messages)).train(digits(tmp.resolve("data"), 30, 30), null, null)
			.metadata();
		final CalibrationInfo c = m.calibration();
		assertEquals(m.data().validationImages(), c.images());
		assertTrue(c.temperature() > 0 && c.nllAfter() <= c.nllBefore() + 1e-9, c.toString());
		assertTrue(messages.stream().anyMatch(t -> t.startsWith("Calibration on the " + c
			.images() + " validation images: temperature ")), messages.toString());
		assertTrue(ModelIO.toJson(m).contains("\"ece_after\""));
	}

	/** Copies every image of {@code data} beside itself as copy-NAME. */
	private static Path withCopies(final Path data) throws IOException {
		try (java.util.stream.Stream<Path> files = Files.walk(data)) {
			for (final Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
				Files.copy(f, f.resolveSibling("copy-" + f.getFileName()));
			}
		}
		return data;
	}

	/** The other of an image and its copy-NAME, as relative paths. */
	private static String twin(final String path) {
		final int slash = path.lastIndexOf('/');
		final String name = path.substring(slash + 1);
		return path.substring(0, slash + 1) + (name.startsWith("copy-") ? name.substring(5)
			: "copy-" + name);
	}

	/** A labelled folder with the first {@code ones} shipped 1s and {@code sevens} 7s. */
	private static Path digits(final Path data, final int ones, final int sevens)
		throws IOException
	{
		for (final String digit : new String[] { "1", "7" }) {
			Files.createDirectories(data.resolve(digit));
			final int n = digit.equals("1") ? ones : sevens;
			try (java.util.stream.Stream<Path> files = Files.list(TestModels.DIGITS.resolve(
				digit)))
			{
				for (final Path f : files.sorted().limit(n).collect(Collectors.toList())) {
					Files.copy(f, data.resolve(digit).resolve(f.getFileName()));
				}
			}
		}
		return data;
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
