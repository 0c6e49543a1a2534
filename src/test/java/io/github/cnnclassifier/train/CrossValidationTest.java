package io.github.cnnclassifier.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.DataSplit;
import io.github.cnnclassifier.data.Duplicates;
import io.github.cnnclassifier.data.ImageHashes;
import io.github.cnnclassifier.data.LabelledFolder;
import io.github.cnnclassifier.data.LabelledImage;
import io.github.cnnclassifier.model.DataInfo;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.model.ModelMetadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrossValidationTest {

	@TempDir
	Path tmp;

	@Test
	void foldsOfSingleImagesPartitionTheDataAndStratifyEachClassOverSeeds() {
		for (long seed = 0; seed < 100; seed++) {
			final Random random = new Random(seed);
			final int k = 2 + random.nextInt(5);
			final List<LabelledImage> images = new ArrayList<>();
			for (final String label : List.of("a", "b", "c")) {
				for (int i = 0, n = k + random.nextInt(20); i < n; i++) {
					images.add(new LabelledImage(Path.of("/data", label, i + ".png"), label, 0));
				}
			}
			final List<DataSplit> folds = DataSplit.folds(images, k, seed, image -> image.file()
				.toString());
			final List<LabelledImage> validated = new ArrayList<>();
			for (final DataSplit fold : folds) {
				validated.addAll(fold.validation());
				final Set<LabelledImage> both = new HashSet<>(fold.training());
				both.retainAll(fold.validation());
				assertTrue(both.isEmpty(), "seed " + seed);
				assertEquals(images.size(), fold.training().size() + fold.validation().size());
				for (final String label : List.of("a", "b", "c")) {
					final long n = images.stream().filter(i -> i.label().equals(label)).count();
					final long here = fold.validation().stream().filter(i -> i.label().equals(label))
						.count();
					assertTrue(here == n / k || here == (n + k - 1) / k, "seed " + seed + ": " +
						here + " of " + n + " " + label + " in one of " + k + " folds");
				}
			}
			assertEquals(images.size(), validated.size(), "seed " + seed + ": each image once");
			assertEquals(new HashSet<>(images), new HashSet<>(validated));
		}
	}

	@Test
	void aClassWithFewerGroupsOrImagesThanFoldsIsRefusedBeforeTraining() throws IOException {
		final Path data = tmp.resolve("data");
		cells(data, "round", List.of("P1", "P2", "P3"), 2);
		cells(data, "elongated", List.of("P4", "P5"), 2);
		final TrainingOptions grouped = TestModels.quick().groupBy("folder").build();
		final DataException e = assertThrows(DataException.class, () -> new CrossValidation(
			grouped, 3, TrainingMonitor.SILENT, f -> {}).run(data, null));
		assertEquals("Class 'elongated' has 2 groups, fewer than folds=3: every fold needs one " +
			"to validate on. Use folds=2 or fewer, or add groups of that class.", e.getMessage());
		final DataException images = assertThrows(DataException.class, () -> new CrossValidation(
			TestModels.quick().build(), 5, TrainingMonitor.SILENT, f -> {}).run(data, null));
		assertTrue(images.getMessage().startsWith("Class 'elongated' has 4 images, fewer than " +
			"folds=5"), images.getMessage());
		assertTrue(Files.notExists(tmp.resolve("models")));
	}

	@Test
	void everyFoldTrainsANewNetworkOnTheOtherGroupsAndIsScoredOnItsOwn() throws IOException {
		final Path data = tmp.resolve("data");
		cells(data, "round", List.of("P1", "P2", "P3", "P4"), 15);
		cells(data, "elongated", List.of("P5", "P6", "P7", "P8"), 15);
		final Path models = tmp.resolve("models");
		final List<String> messages = new ArrayList<>();
		final double[] last = { 0 };
		final TrainingMonitor monitor = new TrainingMonitor() {

			@Override
			public void message(final String text) {
				messages.add(text);
			}
		};
		final CrossValidation.Result r = new CrossValidation(TestModels.quick().maxEpochs(1)
			.groupBy("folder").build(), 2, monitor, f -> last[0] = f).run(data, models);
		assertEquals(2, r.folds().size());
		assertEquals(1.0, last[0]);
		final Set<String> validated = new HashSet<>();
		for (final CrossValidation.Fold f : r.folds()) {
			final DataInfo info = ModelIO.readMetadata(CrossValidation.modelFile(models, f
				.number())).data();
			assertEquals(f.validation(), info.validation().size());
			assertEquals(120, f.training() + f.validation());
			assertTrue(f.accuracy() >= 0 && f.accuracy() <= 1 && f.macroF1() >= 0 && f
				.macroF1() <= 1, f.toString());
			final Set<String> validationGroups = new HashSet<>(), trainingGroups = new HashSet<>();
			info.groups().forEach((file, group) -> (info.validation().contains(file)
				? validationGroups : trainingGroups).add(group));
			assertTrue(validationGroups.stream().noneMatch(trainingGroups::contains), info
				.groups().toString());
			for (final String file : info.validation()) {
				assertTrue(validated.add(file), file + " validated twice");
			}
		}
		assertEquals(120, validated.size(), "every image validates once");
		assertTrue(messages.stream().anyMatch(m -> m.startsWith("Fold 2/2: Groups " +
			"(group_by=folder): 4 in training, 4 in validation")), messages.toString());
		final List<String> csv = r.csv().lines().toList();
		assertEquals(List.of("Fold,Training,Validation,Accuracy,Macro_F1"), csv.subList(0, 1));
		assertEquals(5, csv.size());
		assertTrue(csv.get(3).startsWith("mean,,,"), csv.get(3));
		assertEquals((r.folds().get(0).accuracy() + r.folds().get(1).accuracy()) / 2, r.mean(
			CrossValidation.Fold::accuracy), 1e-12);
		assertEquals(Math.abs(r.folds().get(0).accuracy() - r.folds().get(1).accuracy()) / Math
			.sqrt(2), r.sd(CrossValidation.Fold::accuracy), 1e-12, "the sample sd of two");
	}

	/**
	 * With planted exact and near copies and on_duplicate=drop, where the
	 * hashes decide what trains: one decoding (which hashes) for the run and
	 * no separate hashing, and each fold's model records the copies, the kept
	 * split and the training hashes that hashing its split on its own gives.
	 */
	@Test
	void theFolderIsDecodedOnceAndEveryFoldFindsTheCopiesOfHashingItsSplitOnItsOwn()
		throws IOException
	{
		final Path data = tmp.resolve("data");
		for (final String label : List.of("round", "elongated")) {
			final Path dir = Files.createDirectories(data.resolve(label));
			for (int i = 1; i <= 8; i++) {
				final String name = String.format("cell_%03d.tif", i);
				Files.copy(TestModels.CELLS.resolve(label).resolve(name), dir.resolve(name));
			}
		}
		Files.copy(data.resolve("round/cell_001.tif"), data.resolve("round/copy.tif"));
		final ImagePlus brighter = IJ.openImage(data.resolve("elongated/cell_002.tif")
			.toString());
		brighter.getProcessor().add(300);
		assertTrue(new FileSaver(brighter).saveAsTiff(data.resolve("elongated/bright.tif")
			.toString()));
		final List<LabelledImage> images = LabelledFolder.scan(data).images();
		final List<List<LabelledImage>> hashed = new ArrayList<>();
		final List<String> messages = new ArrayList<>();
		final TrainingMonitor monitor = new TrainingMonitor() {

			@Override
			public void message(final String text) {
				messages.add(text);
			}
		};
		final TrainingOptions options = TestModels.quick().maxEpochs(1).onDuplicate("drop")
			.build();
		final Path models = tmp.resolve("models");
		new CrossValidation(options, 3, monitor, f -> {}, some -> {
			hashed.add(some);
			return ImageHashes.of(some);
		}).run(data, models);

		assertEquals(List.of(), hashed, "the images fit in memory: hashed while decoded");
		assertEquals(1, messages.stream().filter(m -> m.startsWith("Read and hashed 18 images " +
			"once for all 3 folds in ")).count(), messages.toString());
		assertEquals(3, messages.stream().filter(m -> m.contains("(hashed once for all " +
			"folds)")).count(), messages.toString());
		final List<DataSplit> splits = DataSplit.folds(images, 3, options.seed(), image -> image
			.file().toString());
		final Function<LabelledImage, String> name = image -> data.relativize(image.file())
			.toString().replace('\\', '/');
		boolean acrossSomewhere = false;
		for (int f = 0; f < 3; f++) {
			final Duplicates alone = Duplicates.find(splits.get(f), name);
			final ModelMetadata m = ModelIO.readMetadata(CrossValidation.modelFile(models, f + 1));
			assertEquals(alone.report(), m.data().duplicates(), "fold " + (f + 1));
			assertEquals(alone.drop().validation().stream().map(name).toList(), m.data()
				.validation(), "fold " + (f + 1));
			assertEquals(alone.drop().training().size(), m.trainingHashes().size());
			acrossSomewhere |= alone.report().acrossSplit() > 0;
		}
		assertTrue(acrossSomewhere, "a planted copy crosses some fold's split");
	}

	@Test
	void aCancelStopsTheRunAfterTheIterationBeingTrained() throws IOException {
		final Path models = tmp.resolve("models");
		final int[] asked = { 0 };
		final TrainingMonitor stop = new TrainingMonitor() {

			@Override
			public boolean cancelRequested() {
				return ++asked[0] > 1;
			}
		};
		assertThrows(CancellationException.class, () -> new CrossValidation(TestModels.quick()
			.maxEpochs(1).build(), 2, stop, f -> {}).run(TestModels.CELLS, models));
		assertTrue(Files.notExists(CrossValidation.modelFile(models, 2)), "no second fold");
	}

	/** {@code perGroup} cells of {@code label} in each group folder {@code data/<label>/<group>/}. */
	private static void cells(final Path data, final String label, final List<String> groups,
		final int perGroup) throws IOException
	{
		final List<Path> files;
		try (Stream<Path> s = Files.list(TestModels.CELLS.resolve(label))) {
			files = s.sorted().collect(Collectors.toList());
		}
		int next = 0;
		for (final String group : groups) {
			final Path dir = Files.createDirectories(data.resolve(label).resolve(group));
			for (int i = 0; i < perGroup; i++) {
				final Path f = files.get(next++);
				Files.copy(f, dir.resolve(f.getFileName()));
			}
		}
	}
}
