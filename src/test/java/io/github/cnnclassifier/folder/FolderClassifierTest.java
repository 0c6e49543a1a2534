package io.github.cnnclassifier.folder;

import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.predict.Prediction;

import io.github.cnnclassifier.api.CnnModel;
import io.github.cnnclassifier.api.Progress;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.ImageFiles;
import io.github.cnnclassifier.data.ImageWalk;
import io.github.cnnclassifier.ij.ImageClassification;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.train.FolderTrainer;
import io.github.cnnclassifier.train.TrainingMonitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classifying a whole folder: rows, order, bad files, bounded memory,
 * agreement with single images; continuing a stopped run; sorting into
 * class folders; shards; counts; progress.
 */
class FolderClassifierTest {

	@TempDir
	Path tmp;

	/** Thrown from a progress listener to stop a run, as a kill would. */
	private static final class Stop extends RuntimeException {}

	/**
	 * 5 digits per class in nested folders ({@code x/<d>/} or {@code y/deep/<d>/},
	 * the digit being the parent folder's name), the 40-plane stack, a hidden
	 * file, a hidden folder, notes.txt and a corrupt PNG.
	 */
	private Path mixedFolder() throws IOException {
		final Path root = tmp.resolve("images, mixed");
		for (int d = 0; d < 10; d++) {
			final List<Path> files = Folders.digitFiles(d, 5);
			for (int i = 0; i < files.size(); i++) {
				final Path dir = (i % 2 == 0 ? root.resolve("x") : root.resolve("y/deep"))
					.resolve(String.valueOf(d));
				Files.createDirectories(dir);
				Files.copy(files.get(i), dir.resolve(files.get(i).getFileName()));
			}
		}
		Files.createDirectories(root.resolve("stacks"));
		Files.copy(TestModels.DIGITS_STACK, root.resolve("stacks/digits-stack.tif"));
		// NB: "x.png" sorts before "x/..." and "x0.png" after it ('.' < '/' < '0').
		Files.copy(Folders.digitFiles(4, 1).get(0), root.resolve("x.png"));
		Files.copy(Folders.digitFiles(4, 1).get(0), root.resolve("x0.png"));
		Files.copy(Folders.digitFiles(1, 1).get(0), root.resolve(".hidden.png"));
		Files.createDirectories(root.resolve(".thumbnails"));
		Files.copy(Folders.digitFiles(1, 1).get(0), root.resolve(".thumbnails/t.png"));
		Files.write(root.resolve("notes.txt"), "not an image".getBytes(StandardCharsets.UTF_8));
		Files.write(root.resolve("y/broken.png"), "this is not a PNG".getBytes(
			StandardCharsets.UTF_8));
		return root;
	}

	private static FolderClassifier digits(final int batchSize, final BadFiles badFiles) {
		return new FolderClassifier(new Classifier(TestModels.digits()), batchSize, badFiles);
	}

	private static FolderJob job(final Path folder, final Path csv) {
		return FolderJob.of(folder, csv);
	}

	/** A progress listener that stops the run after {@code batches} mini-batches. */
	private static Consumer<FolderProgress> stopAfter(final int batches) {
		final int[] seen = { 0 };
		return p -> {
			if (++seen[0] == batches) throw new Stop();
		};
	}

	private static List<String> lines(final Path csv) throws IOException {
		return Files.readAllLines(csv, StandardCharsets.UTF_8);
	}

	/** File, Slice and Class of each row (the probabilities may differ in the last bits). */
	private static List<String> keys(final List<String> csvLines) {
		return csvLines.stream().map(l -> {
			final String[] v = l.split(",");
			return v[0] + "," + v[1] + "," + v[2];
		}).collect(Collectors.toList());
	}

	@Test
	void everyImageGetsARowEveryPlaneOfAStackToo() throws IOException {
		final Path root = mixedFolder();
		final Path csv = tmp.resolve("out.csv");
		final FolderSummary s = digits(7, BadFiles.SKIP).run(job(root, csv), p -> {});
		assertEquals(53, s.files(), s.line());
		assertEquals(52 + 40, s.rows());
		final List<String> lines = lines(csv);
		assertEquals("File,Slice,Class,Confidence,P_0,P_1,P_2,P_3,P_4,P_5,P_6,P_7,P_8,P_9",
			lines.get(0));
		assertEquals(1 + 92, lines.size());
		final List<String> files = new ArrayList<>();
		int digits = 0;
		int right = 0;
		int stackRows = 0;
		for (final String line : lines.subList(1, lines.size())) {
			final String[] v = line.split(",");
			assertEquals(14, v.length, line);
			files.add(v[0]);
			float sum = 0;
			for (int k = 4; k < 14; k++) sum += Float.parseFloat(v[k]);
			assertEquals(1, sum, 1e-4, line);
			assertEquals(Float.parseFloat(v[3]), Float.parseFloat(v[4 + Integer.parseInt(v[2])]));
			if (v[0].equals("stacks/digits-stack.tif")) {
				assertEquals(++stackRows, Integer.parseInt(v[1]), "planes in order");
				continue;
			}
			assertEquals("1", v[1], line);
			final String[] parts = v[0].split("/");
			if (parts.length < 2) continue;
			digits++;
			if (parts[parts.length - 2].equals(v[2])) right++;
		}
		assertEquals(40, stackRows);
		assertEquals(50, digits);
		assertTrue(right >= 45, right + " of 50 digits right");
		final List<String> sorted = new ArrayList<>(files);
		sorted.sort(null);
		assertEquals(sorted, files, "rows in path order");
		final List<String> xs = files.stream().filter(f -> f.startsWith("x")).collect(
			Collectors.toList());
		assertEquals("x.png", xs.get(0));
		assertEquals("x0.png", xs.get(xs.size() - 1));
		assertTrue(files.stream().noneMatch(f -> f.contains(".hidden") || f.contains(
			".thumbnails") || f.contains("notes") || f.contains("\\")), files.toString());
		assertEquals(1, s.skipped().size());
		assertTrue(s.skipped().get(0).contains(root.resolve("y/broken.png").toString()), s
			.skipped().toString());
		assertEquals(List.of("out.csv", "out-counts.csv").stream().sorted().collect(Collectors
			.toList()), Folders.files(tmp).stream().filter(f -> !f.startsWith("images"))
				.collect(Collectors.toList()), "no partial file left");
	}

	@Test
	void theCountsFileAndSummaryCountTheRowsOfEachClass() throws IOException {
		final Path root = mixedFolder();
		final Path csv = tmp.resolve("plates.CSV");
		final FolderSummary s = digits(16, BadFiles.SKIP).run(job(root, csv), p -> {});
		final Map<String, Integer> counted = new HashMap<>();
		for (final String line : lines(csv).subList(1, 93)) {
			counted.merge(line.split(",")[2], 1, Integer::sum);
		}
		final List<String> counts = lines(tmp.resolve("plates-counts.csv"));
		assertEquals("Class,Count,Percent", counts.get(0));
		assertEquals(11, counts.size());
		for (int k = 0; k < 10; k++) {
			final String[] v = counts.get(k + 1).split(",");
			assertEquals(String.valueOf(k), v[0]);
			final int n = counted.getOrDefault(v[0], 0);
			assertEquals(n, Integer.parseInt(v[1]), counts.toString());
			assertEquals(n, s.counts().count(k));
			assertEquals(100.0 * n / 92, Double.parseDouble(v[2]), 0.005);
		}
		assertEquals(92, s.counts().total());
	}

	@Test
	void eachFileGetsWhatItGetsAlone() throws IOException {
		final Path root = mixedFolder();
		final Classifier classifier = new Classifier(TestModels.digits());
		final List<FolderRow> rows = new ArrayList<>();
		new FolderClassifier(classifier, 16, BadFiles.SKIP).classify(ImageWalk.of(root),
			Shard.ALL, rows::addAll, p -> {});
		for (final String file : List.of("stacks/digits-stack.tif", "x.png", rows.get(20)
			.file()))
		{
			final List<Prediction> alone = ImageClassification.run(ImageFiles.open(root.resolve(
				file)), CnnModel.of(classifier.model()), 128, Progress.NONE).predictions();
			final List<FolderRow> mine = rows.stream().filter(r -> r.file().equals(file))
				.collect(Collectors.toList());
			assertEquals(alone.size(), mine.size(), file);
			for (int i = 0; i < alone.size(); i++) {
				assertEquals(i + 1, mine.get(i).slice());
				assertEquals(alone.size(), mine.get(i).samples());
				assertEquals(alone.get(i).label(), mine.get(i).prediction().label(), file);
				for (int k = 0; k < 10; k++) {
					assertEquals(alone.get(i).probability(k), mine.get(i).prediction()
						.probability(k), 1e-5, file + " plane " + (i + 1));
				}
			}
		}
	}

	@Test
	void aStoppedRunContinuesWithoutRedoingOrDuplicatingFiles() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 12);
		Files.copy(TestModels.DIGITS_STACK, root.resolve("5/stack.tif"));
		final Path whole = tmp.resolve("whole.csv");
		digits(16, BadFiles.SKIP).run(job(root, whole), p -> {});
		final Path csv = tmp.resolve("stopped.csv");
		assertThrows(Stop.class, () -> digits(16, BadFiles.SKIP).run(job(root, csv), stopAfter(
			4)));
		assertFalse(Files.exists(csv), "the CSV appears only when complete");
		final Path partial = onlyPartial(csv);
		final List<String> done = lines(partial);
		assertEquals(2 + 4 * 16, done.size(), "identity, heading, four mini-batches on disk");
		// NB: as a kill in the middle of a line leaves it.
		Files.write(partial, "7/digit_7_009.png,1,7,0.9".getBytes(StandardCharsets.UTF_8),
			StandardOpenOption.APPEND);
		final List<Integer> progress = new ArrayList<>();
		final FolderSummary again = digits(16, BadFiles.SKIP).run(job(root, csv), p -> progress
			.add((int) p.done()));
		final String last = done.get(done.size() - 1).split(",")[0];
		final long kept = done.stream().skip(2).filter(l -> !l.startsWith(last + ",")).count();
		assertEquals(kept, again.earlierRows(), "rows of the last file are done again");
		assertEquals(lines(whole).size() - 1 - kept, again.rows(), again.line());
		assertTrue(again.line().contains("continued after the " + kept + " rows"), again
			.line());
		assertEquals(keys(lines(whole)), keys(lines(csv)), "same rows, once each, in order");
		assertEquals(lines(whole.resolveSibling("whole-counts.csv")), lines(csv
			.resolveSibling("stopped-counts.csv")));
		assertFalse(Files.exists(partial));
		assertEquals(121 - kept, (long) progress.get(progress.size() - 1),
			"only the files left were read: " + progress);
	}

	@Test
	void aStackCutBetweenMiniBatchesIsClassifiedAgainWhole() throws IOException {
		final Path root = tmp.resolve("stacks");
		Files.createDirectories(root);
		Files.copy(TestModels.DIGITS_STACK, root.resolve("a.tif"));
		Files.copy(TestModels.DIGITS_STACK, root.resolve("b.tif"));
		final Path csv = tmp.resolve("stacks.csv");
		// NB: batches of 16: the second ends in the middle of a.tif's 40 planes.
		assertThrows(Stop.class, () -> digits(16, BadFiles.SKIP).run(job(root, csv), stopAfter(
			2)));
		assertEquals(2 + 32, lines(onlyPartial(csv)).size());
		final FolderSummary s = digits(16, BadFiles.SKIP).run(job(root, csv), p -> {});
		assertEquals(0, s.earlierRows());
		assertEquals(80, s.rows());
		assertEquals(81, lines(csv).size());
	}

	@Test
	void resultsOfAnotherModelAreNotContinuedUnlessOverwrite() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 8);
		final Path csv = tmp.resolve("r.csv");
		assertThrows(Stop.class, () -> digits(16, BadFiles.SKIP).run(job(root, csv), stopAfter(
			2)));
		final Path partial = onlyPartial(csv);
		final Path otherFile = tmp.resolve("other.zip");
		new FolderTrainer(TestModels.quick().maxEpochs(1).seed(7).build(),
			TrainingMonitor.SILENT).train(TestModels.DIGITS, null, otherFile);
		final FolderClassifier other = new FolderClassifier(new Classifier(ModelIO.load(
			otherFile)), 16, BadFiles.SKIP);
		final DataException e = assertThrows(DataException.class, () -> other.run(job(root, csv),
			p -> {}));
		assertTrue(e.getMessage().contains("another model") && e.getMessage().contains(
			"overwrite=true") && e.getMessage().contains(partial.getFileName().toString()), e
				.getMessage());
		assertEquals(2 + 32, lines(partial).size(), "untouched");
		final FolderSummary fresh = other.run(new FolderJob(root, csv, "", true, Shard.ALL, null,
			false, true), p -> {});
		assertEquals(0, fresh.earlierRows());
		assertEquals(80, fresh.rows());
		assertFalse(Files.exists(partial));
		assertEquals(81, lines(csv).size());
	}

	@Test
	void finishedResultsAreNotReplacedUnlessOverwrite() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 2);
		final Path csv = tmp.resolve("r.csv");
		Files.write(csv, "File,Slice,Class,Confidence\n".getBytes(StandardCharsets.UTF_8));
		final DataException e = assertThrows(DataException.class, () -> digits(8,
			BadFiles.SKIP).run(job(root, csv), p -> {}));
		assertTrue(e.getMessage().contains(csv + " are there from a finished run") && e
			.getMessage().contains("overwrite=true"), e.getMessage());
		assertEquals(List.of("File,Slice,Class,Confidence"), lines(csv));
		digits(8, BadFiles.SKIP).run(new FolderJob(root, csv, "", true, Shard.ALL, null, false,
			true), p -> {});
		assertEquals(21, lines(csv).size());
	}

	@Test
	void aBadFileStopsUnderStopAndTheRowsSoFarStayToBeContinued() throws IOException {
		final Path root = mixedFolder();
		final Path csv = tmp.resolve("r.csv");
		final DataException e = assertThrows(DataException.class, () -> digits(8,
			BadFiles.STOP).run(job(root, csv), p -> {}));
		final Path broken = root.resolve("y/broken.png");
		assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
		assertTrue(e.getMessage().contains("on_bad_file=skip"), e.getMessage());
		final Path partial = onlyPartial(csv);
		assertTrue(e.getMessage().contains(partial.toString()) && e.getMessage().contains(
			"continues"), e.getMessage());
		assertFalse(Files.exists(csv));
		Files.delete(broken);
		final FolderSummary s = digits(8, BadFiles.STOP).run(job(root, csv), p -> {});
		assertTrue(s.earlierRows() > 0);
		assertEquals(93, lines(csv).size());
		assertEquals(keys(lines(csv)).stream().distinct().count(), lines(csv).size());
	}

	@Test
	void sortingCopiesIntoClassFoldersAndNeverTouchesTheOriginals() throws IOException {
		final Path root = mixedFolder();
		final Path sortTo = tmp.resolve("sorted");
		final Map<String, byte[]> before = new HashMap<>();
		final Map<String, Long> times = new HashMap<>();
		for (final String f : Folders.files(root)) {
			before.put(f, Files.readAllBytes(root.resolve(f)));
			times.put(f, Files.getLastModifiedTime(root.resolve(f)).toMillis());
		}
		// NB: someone else's file where one copy goes: it stays, the copy goes beside it.
		final Path csv = tmp.resolve("r.csv");
		final FolderClassifier classifier = digits(16, BadFiles.SKIP);
		final List<FolderRow> rows = new ArrayList<>();
		classifier.classify(ImageWalk.of(root), Shard.ALL, rows::addAll, p -> {});
		final FolderRow first = rows.stream().filter(r -> r.samples() == 1).findFirst().get();
		final Path foreign = sortTo.resolve(first.prediction().label()).resolve(first.file());
		Files.createDirectories(foreign.getParent());
		Files.write(foreign, "not ours".getBytes(StandardCharsets.UTF_8));
		final FolderSummary s = classifier.run(new FolderJob(root, csv, "", true, Shard.ALL,
			sortTo, false, false), p -> {});
		assertEquals(52, s.sorted());
		assertEquals(1, s.unsorted(), "the stack stays");
		assertEquals(before.keySet(), new HashSet<>(Folders.files(root)));
		for (final String f : before.keySet()) {
			assertArrayEquals(before.get(f), Files.readAllBytes(root.resolve(f)), f);
			assertEquals(times.get(f), Files.getLastModifiedTime(root.resolve(f)).toMillis(), f);
		}
		assertEquals("not ours", Files.readString(foreign));
		for (final String line : lines(csv).subList(1, 93)) {
			final String[] v = line.split(",");
			if (v[0].endsWith(".tif")) continue;
			Path copy = sortTo.resolve(v[2]).resolve(v[0]);
			if (copy.equals(foreign)) copy = copy.resolveSibling(copy.getFileName().toString()
				.replace(".png", "-2.png"));
			assertArrayEquals(before.get(v[0]), Files.readAllBytes(copy), v[0]);
		}
		assertEquals(53, Folders.files(sortTo).size(), Folders.files(sortTo).toString());
		// NB: again, afresh: the copies are there already and are not made twice.
		classifier.run(new FolderJob(root, csv, "", true, Shard.ALL, sortTo, false, true),
			p -> {});
		assertEquals(53, Folders.files(sortTo).size(), Folders.files(sortTo).toString());
	}

	@Test
	void aSortFolderInsideTheFolderThroughALinkIsNotClassifiedAgain() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 6);
		final Path link = Files.createSymbolicLink(tmp.resolve("sorted-link"), Files
			.createDirectory(root.resolve("sorted")));
		final Path csv = tmp.resolve("sorted.csv");
		digits(8, BadFiles.SKIP).run(new FolderJob(root, csv, "", true, Shard.ALL, link, false,
			false), p -> {});
		assertEquals(60, lines(csv).size() - 1, "each image once, none of the copies");
		assertEquals(60, Folders.files(root.resolve("sorted")).size());
	}

	@Test
	void movingEmptiesTheFolderAndAStoppedMoveIsFinished() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 6);
		final Path sortTo = root.resolve("sorted");
		final Path csv = tmp.resolve("moved.csv");
		final FolderJob job = new FolderJob(root, csv, "*.png", true, Shard.ALL, sortTo, true,
			false);
		assertThrows(Stop.class, () -> digits(8, BadFiles.SKIP).run(job, stopAfter(3)));
		final List<String> done = lines(onlyPartial(csv));
		assertEquals(2 + 24, done.size());
		// NB: as a kill between writing a row and moving its file leaves it.
		final String[] row = done.get(done.size() - 2).split(",");
		final Path moved = sortTo.resolve(row[2]).resolve(row[0]);
		Files.move(moved, root.resolve(row[0]));
		final FolderSummary s = digits(8, BadFiles.SKIP).run(job, p -> {});
		assertEquals(60, lines(csv).size() - 1);
		assertEquals(List.of(), Folders.files(root).stream().filter(f -> !f.startsWith(
			"sorted/")).collect(Collectors.toList()), "all moved");
		assertEquals(60, Folders.files(sortTo).size());
		for (final String line : lines(csv).subList(1, 61)) {
			final String[] v = line.split(",");
			assertTrue(Files.exists(sortTo.resolve(v[2]).resolve(v[0])), line);
		}
		assertEquals(60 - 24 + 1, s.sorted(), "the rest, and the one left unmoved");
	}

	@Test
	void shardsSplitTheFolderAndTheirCsvsConcatenate() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "d", 10);
		final Path whole = tmp.resolve("whole.csv");
		digits(32, BadFiles.SKIP).run(job(root, whole), p -> {});
		final List<String> all = new ArrayList<>();
		for (int i = 1; i <= 3; i++) {
			final Path part = tmp.resolve("part-" + i + ".csv");
			final FolderSummary s = digits(32, BadFiles.SKIP).run(new FolderJob(root, part, "",
				true, Shard.of(i + "/3"), null, false, false), p -> {});
			assertTrue(s.rows() > 15 && s.rows() < 50, "shard " + i + ": " + s.rows() + " of 100");
			final List<String> lines = lines(part);
			assertEquals(lines(whole).get(0), lines.get(0));
			all.addAll(lines.subList(1, lines.size()));
		}
		assertEquals(100, all.size());
		assertEquals(new HashSet<>(keys(lines(whole).subList(1, 101))), new HashSet<>(keys(
			all)));
	}

	@Test
	void progressTellsTheTotalAndTheTimeLeft() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 20);
		final List<FolderProgress> seen = new ArrayList<>();
		digits(10, BadFiles.SKIP).run(job(root, tmp.resolve("r.csv")), seen::add);
		final FolderProgress last = seen.get(seen.size() - 1);
		assertEquals(200, last.done());
		assertEquals(200, last.total());
		assertEquals(0, last.secondsLeft(), 1e-9);
		assertTrue(last.line().startsWith("200 of 200 files (100.0 %), 0:00:00 left"), last
			.line());
		final FolderProgress known = seen.stream().filter(p -> p.total() == 200 && p.done() <
			200).findFirst().orElseThrow(() -> new AssertionError("never a total: " + seen));
		assertTrue(known.secondsLeft() > 0 && known.line().contains(" of 200 files") && known
			.line().endsWith(" left"), known.line());
		for (int i = 1; i < seen.size(); i++) {
			assertTrue(seen.get(i).done() >= seen.get(i - 1).done());
		}
	}

	/** The files of {@code root}, named as if they were on a file system of their own. */
	private static FolderFiles elsewhere(final Path root) {
		final FolderFiles local = FolderFiles.local(root);
		return new FolderFiles() {

			@Override
			public String folder() {
				return "other:/images";
			}

			@Override
			public String path(final String file) {
				return "other:/images/" + file;
			}

			@Override
			public ij.ImagePlus open(final String file) {
				return local.open(file);
			}
		};
	}

	@Test
	void aListOfFilesElsewhereGetsTheFolderRunsRowsCountsAndSkippedFiles() throws IOException {
		final Path root = mixedFolder();
		final Path csv = tmp.resolve("out.csv");
		final FolderSummary run = digits(7, BadFiles.SKIP).run(job(root, csv), p -> {});
		final List<String> files = new ArrayList<>();
		ImageWalk.of(root).forEach(files::add);
		final List<String> rows = new ArrayList<>();

		final FolderSummary list = digits(7, BadFiles.SKIP).classify(elsewhere(root), files, 2,
			batch -> batch.forEach(r -> rows.add(r.csv())));

		final List<String> expected = lines(csv);
		assertEquals(expected.subList(1, expected.size()), rows);
		assertEquals(run.files(), list.files());
		assertEquals(run.skipped(), list.skipped());
		assertEquals(run.counts().toString(), list.counts().toString());
	}

	@Test
	void aListOfFilesElsewhereThatDoNotFitTheModelStopsNamingThem() throws IOException {
		final FolderClassifier twoChannels = new FolderClassifier(new Classifier(ModelIO.load(
			Folders.twoChannelModel())), 8, BadFiles.SKIP);
		final Path many = Folders.digits(tmp.resolve("many"), "", 3);
		final List<String> files = new ArrayList<>();
		ImageWalk.of(many).forEach(files::add);

		final DataException e = assertThrows(DataException.class, () -> twoChannels.classify(
			elsewhere(many), files, 2, batch -> {}));

		assertTrue(e.getMessage().startsWith("The model does not fit the images in " +
			"other:/images: the first 20 files were all left out. Cannot classify image " +
			"other:/images/6/"), e.getMessage());
	}

	@Test
	void aModelThatDoesNotFitTheImagesStopsWithOneLine() throws IOException {
		final FolderClassifier twoChannels = new FolderClassifier(new Classifier(ModelIO.load(
			Folders.twoChannelModel())), 8, BadFiles.SKIP);
		final Path many = Folders.digits(tmp.resolve("many"), "", 3);
		final DataException e = assertThrows(DataException.class, () -> twoChannels.run(job(
			many, tmp.resolve("many.csv")), p -> {}));
		assertTrue(e.getMessage().startsWith("The model does not fit the images in " + many +
			": the first 20 files were all left out. Cannot classify image ") && e.getMessage()
				.contains("has 1 channel but the model expects 2"), e.getMessage());
		assertFalse(e.getMessage().contains("\n"));
		final Path few = Folders.digits(tmp.resolve("few"), "", 1);
		final DataException none = assertThrows(DataException.class, () -> twoChannels.run(job(
			few, tmp.resolve("few.csv")), p -> {}));
		assertTrue(none.getMessage().startsWith("No image in " + few + " could be classified " +
			"(10 skipped); the first: Cannot classify image "), none.getMessage());
		assertEquals(List.of("few", "many"), Folders.files(tmp).stream().map(f -> f.split("/")[0])
			.distinct().collect(Collectors.toList()), "no results, no partial file");
	}

	@Test
	void namesWithSpacesAndNonAsciiCharacters() throws IOException {
		final Path root = tmp.resolve("Zellen ä ö €");
		Files.createDirectories(root.resolve("Ordner 1 é"));
		Files.copy(Folders.digitFiles(3, 1).get(0), root.resolve("Ordner 1 é/bild 1 ñ.png"));
		Files.copy(Folders.digitFiles(7, 1).get(0), root.resolve("日本 7.png"));
		final Path csv = tmp.resolve("résultats 1.csv");
		final Path sortTo = tmp.resolve("sortiert ü");
		final FolderSummary s = digits(8, BadFiles.SKIP).run(new FolderJob(root, csv, "", true,
			Shard.ALL, sortTo, false, false), p -> {});
		assertEquals(2, s.rows());
		final List<String> lines = lines(csv);
		assertTrue(lines.get(1).startsWith("Ordner 1 é/bild 1 ñ.png,1,"), lines.get(1));
		assertTrue(lines.get(2).startsWith("日本 7.png,1,"), lines.get(2));
		assertTrue(Files.exists(tmp.resolve("résultats 1-counts.csv")));
		final List<String> expected = new ArrayList<>();
		for (final String line : lines.subList(1, 3)) {
			final String[] v = line.split(",");
			expected.add(v[2] + "/" + v[0]);
		}
		expected.sort(null);
		assertEquals(expected, Folders.files(sortTo));
	}

	@Test
	void noPermissionToWriteTheResultsOrSortToIsOneLineBeforeAnyWork() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 1);
		final Path locked = Files.createDirectories(tmp.resolve("locked"));
		Folders.readOnly(locked);
		try {
			final Path csv = locked.resolve("r.csv");
			final DataException e = assertThrows(DataException.class, () -> digits(8,
				BadFiles.SKIP).run(job(root, csv), p -> {}));
			assertEquals("Cannot save the results to " + csv + ": no permission to write " +
				"there. Choose another path.", e.getMessage());
			final DataException sort = assertThrows(DataException.class, () -> digits(8,
				BadFiles.SKIP).run(new FolderJob(root, tmp.resolve("r.csv"), "", true, Shard.ALL,
					locked, false, false), p -> {}));
			assertEquals("Cannot sort into " + locked + ": no permission to write there. " +
				"Choose another sort_to folder.", sort.getMessage());
			final DataException create = assertThrows(DataException.class, () -> digits(8,
				BadFiles.SKIP).run(new FolderJob(root, tmp.resolve("r.csv"), "", true, Shard.ALL,
					locked.resolve("new"), false, false), p -> {}));
			assertTrue(create.getMessage().contains("no permission to create it in " + locked),
				create.getMessage());
			assertEquals(List.of(), Folders.files(locked));
			assertFalse(Files.exists(tmp.resolve("r.csv")));
		}
		finally {
			Folders.writable(locked);
		}
	}

	@Test
	void sortingIntoTheClassifiedFolderItselfIsRefused() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 1);
		final DataException e = assertThrows(DataException.class, () -> digits(8,
			BadFiles.SKIP).run(new FolderJob(root.resolve("3"), tmp.resolve("r.csv"), "", true,
				Shard.ALL, root, false, false), p -> {}));
		assertTrue(e.getMessage().startsWith("Cannot sort into " + root + ": it holds the " +
			"folder being classified"), e.getMessage());
	}

	@Test
	void emptyFoldersAndFoldersWithoutImagesAreNamed() throws IOException {
		final FolderClassifier c = digits(8, BadFiles.SKIP);
		final Path csv = tmp.resolve("r.csv");
		final Path missing = tmp.resolve("not here");
		final DataException gone = assertThrows(DataException.class, () -> c.run(job(missing,
			csv), p -> {}));
		assertEquals("Image folder not found: " + missing + ". Choose the folder of images " +
			"to classify.", gone.getMessage());
		final Path empty = Files.createDirectories(tmp.resolve("empty"));
		assertEquals("Folder " + empty + " is empty. Choose a folder of images.",
			assertThrows(DataException.class, () -> c.run(job(empty, csv), p -> {}))
				.getMessage());
		final Path none = tmp.resolve("none");
		Files.createDirectories(none.resolve("sub"));
		Files.write(none.resolve("notes.txt"), new byte[] { 1 });
		Files.copy(Folders.digitFiles(1, 1).get(0), none.resolve(".hidden.png"));
		assertTrue(assertThrows(DataException.class, () -> c.run(job(none, csv), p -> {}))
			.getMessage().startsWith("Folder " + none + " has no image files (bmp, dcm, "));
		assertFalse(Files.exists(csv));
		assertThrows(IllegalArgumentException.class, () -> digits(0, BadFiles.SKIP));
	}

	/** 2,000 files through mini-batches of 32: at most two batches of samples are held. */
	@Test
	void memoryIsBoundedByTheBatchNotTheFolder() throws IOException {
		final Path root = tmp.resolve("many");
		int n = 0;
		for (int copy = 0; n < 2000; copy++) {
			for (int d = 0; d < 10 && n < 2000; d++) {
				final Path dir = root.resolve("copy" + copy).resolve(String.valueOf(d));
				Files.createDirectories(dir);
				for (final Path f : Folders.digitFiles(d, 120)) {
					if (n == 2000) break;
					n++;
					Files.copy(f, dir.resolve(f.getFileName()));
				}
			}
		}
		final Path csv = tmp.resolve("many.csv");
		final List<FolderProgress> progress = new ArrayList<>();
		final FolderSummary s = digits(32, BadFiles.SKIP).run(job(root, csv), progress::add);
		assertEquals(2000, s.files());
		assertEquals(2000, s.rows());
		assertEquals(2001, lines(csv).size());
		// NB: a batch is classified once 32 samples are decoded, while at most 32 more decode.
		assertTrue(s.peakSamples() >= 32 && s.peakSamples() <= 64, "held " + s.peakSamples() +
			" samples at once");
		assertEquals(2000, progress.get(progress.size() - 1).done());
		assertTrue(s.line().contains("2000 files") && s.line().contains("rows/s"), s.line());
	}

	/** The one partial file of {@code csv}. */
	private static Path onlyPartial(final Path csv) throws IOException {
		try (Stream<Path> s = Files.list(csv.toAbsolutePath().getParent())) {
			final List<Path> found = s.filter(p -> p.getFileName().toString().startsWith(csv
				.getFileName() + ".") && p.toString().endsWith(".part")).collect(Collectors
					.toList());
			assertEquals(1, found.size(), found.toString());
			return found.get(0);
		}
	}

	@Test
	void thePartialFileIsNamedAfterTheModel() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 4);
		final Path csv = tmp.resolve("r.csv");
		assertThrows(Stop.class, () -> digits(8, BadFiles.SKIP).run(job(root, csv), stopAfter(
			1)));
		final String id = ResultsCsv.modelId(TestModels.digits().metadata());
		assertTrue(id.matches("[0-9a-f]{12}"), id);
		assertEquals(tmp.resolve("r.csv." + id + ".part"), onlyPartial(csv));
		assertEquals(id, ResultsCsv.modelId(ModelIO.readMetadata(TestModels.digitsFile())),
			"the same model read again");
		final Set<String> unrelated = Set.of("r.csv.part", "r.csv.123.part", "rr.csv." + id +
			".part");
		for (final String name : unrelated) Files.write(tmp.resolve(name), new byte[] { 1 });
		digits(8, BadFiles.SKIP).run(job(root, csv), p -> {});
		for (final String name : unrelated) assertTrue(Files.exists(tmp.resolve(name)), name);
	}
}
