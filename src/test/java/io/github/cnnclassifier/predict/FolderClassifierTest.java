package io.github.cnnclassifier.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.ImageFiles;
import io.github.cnnclassifier.ij.ImageClassification;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Classifying a whole folder: rows, order, bad files, bounded memory, agreement with single images. */
class FolderClassifierTest {

	@TempDir
	Path tmp;

	/**
	 * 5 digits per class in nested folders ({@code x/<d>/} or {@code y/deep/<d>/},
	 * the digit being the parent folder's name), the 40-plane stack, a hidden
	 * file, a hidden folder, notes.txt and a corrupt PNG.
	 */
	private Path mixedFolder() throws IOException {
		final Path root = tmp.resolve("images, mixed");
		for (int d = 0; d < 10; d++) {
			final List<Path> files = digitFiles(d, 5);
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
		Files.copy(digitFiles(4, 1).get(0), root.resolve("x.png"));
		Files.copy(digitFiles(4, 1).get(0), root.resolve("x0.png"));
		Files.copy(digitFiles(1, 1).get(0), root.resolve(".hidden.png"));
		Files.createDirectories(root.resolve(".thumbnails"));
		Files.copy(digitFiles(1, 1).get(0), root.resolve(".thumbnails/t.png"));
		Files.write(root.resolve("notes.txt"), "not an image".getBytes(StandardCharsets.UTF_8));
		Files.write(root.resolve("y/broken.png"), "this is not a PNG".getBytes(
			StandardCharsets.UTF_8));
		return root;
	}

	private static FolderClassifier digits(final int batchSize, final BadFiles badFiles) {
		return new FolderClassifier(new Classifier(TestModels.digits()), batchSize, badFiles);
	}

	private static List<Path> digitFiles(final int digit, final int n) throws IOException {
		try (Stream<Path> s = Files.list(TestModels.DIGITS.resolve(String.valueOf(digit)))) {
			return s.sorted().limit(n).collect(Collectors.toList());
		}
	}

	@Test
	void everyImageGetsARowEveryPlaneOfAStackToo() throws IOException {
		final Path root = mixedFolder();
		final Path csv = tmp.resolve("out.csv");
		final FolderClassifier.Summary s = digits(7, BadFiles.SKIP).writeCsv(root, csv, done -> {});
		assertEquals(53, s.files(), s.line());
		assertEquals(52 + 40, s.rows());
		final List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
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
	}

	@Test
	void theWalkListsImagesInSortedPathOrder() throws IOException {
		final Path root = mixedFolder();
		final List<String> walked = new ArrayList<>();
		final Iterator<String> it = FolderClassifier.imageFiles(root);
		while (it.hasNext()) walked.add(it.next());
		final List<String> expected;
		try (Stream<Path> s = Files.walk(root)) {
			expected = s.filter(p -> Files.isRegularFile(p) && p.toString().matches(
				".*\\.(png|tif)") && !root.relativize(p).toString().startsWith(".")).map(
					p -> root.relativize(p).toString().replace('\\', '/')).sorted().collect(
						Collectors.toList());
		}
		assertEquals(expected, walked);
		assertEquals(54, walked.size(), "52 digits, the stack, the corrupt PNG");
	}

	@Test
	void eachFileGetsWhatItGetsAlone() throws IOException {
		final Path root = mixedFolder();
		final Classifier classifier = new Classifier(TestModels.digits());
		final List<FolderClassifier.Row> rows = new ArrayList<>();
		new FolderClassifier(classifier, 16, BadFiles.SKIP).classify(root, rows::add,
			done -> {});
		for (final String file : List.of("stacks/digits-stack.tif", "x.png",
			rows.get(20).file()))
		{
			final List<Prediction> alone = ImageClassification.run(ImageFiles.open(root.resolve(
				file)), classifier, 128).predictions();
			final List<FolderClassifier.Row> mine = rows.stream().filter(r -> r.file().equals(
				file)).collect(Collectors.toList());
			assertEquals(alone.size(), mine.size(), file);
			for (int i = 0; i < alone.size(); i++) {
				assertEquals(i + 1, mine.get(i).slice());
				assertEquals(alone.get(i).label(), mine.get(i).prediction().label(), file);
				for (int k = 0; k < 10; k++) {
					assertEquals(alone.get(i).probability(k), mine.get(i).prediction()
						.probability(k), 1e-5, file + " plane " + (i + 1));
				}
			}
		}
	}

	@Test
	void aBadFileStopsUnderStopAndTheOldResultsStay() throws IOException {
		final Path root = mixedFolder();
		final Path csv = tmp.resolve("old.csv");
		Files.write(csv, "old results\n".getBytes(StandardCharsets.UTF_8));
		final DataException e = assertThrows(DataException.class, () -> digits(8, BadFiles.STOP)
			.writeCsv(root, csv, done -> {}));
		assertTrue(e.getMessage().contains(root.resolve("y/broken.png").toString()), e
			.getMessage());
		assertTrue(e.getMessage().contains("on_bad_file=skip"), e.getMessage());
		assertEquals(List.of("old results"), Files.readAllLines(csv));
		try (Stream<Path> s = Files.list(tmp)) {
			assertEquals(0, s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count(),
				"temporary file removed");
		}
	}

	@Test
	void aMissingOrEmptyFolderIsNamed() throws IOException {
		final FolderClassifier c = digits(8, BadFiles.SKIP);
		final Path missing = tmp.resolve("not here");
		final DataException gone = assertThrows(DataException.class, () -> c.classify(missing,
			r -> {}, d -> {}));
		assertTrue(gone.getMessage().contains("not found: " + missing), gone.getMessage());
		final Path empty = tmp.resolve("empty");
		Files.createDirectories(empty.resolve("sub"));
		Files.write(empty.resolve("notes.txt"), new byte[] { 1 });
		Files.copy(digitFiles(1, 1).get(0), empty.resolve(".hidden.png"));
		final Path csv = tmp.resolve("r.csv");
		final DataException none = assertThrows(DataException.class, () -> c.writeCsv(empty,
			csv, d -> {}));
		assertTrue(none.getMessage().contains(empty + " has no image files"), none.getMessage());
		assertTrue(!Files.exists(csv));
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
				for (final Path f : digitFiles(d, 120)) {
					if (n == 2000) break;
					n++;
					Files.copy(f, dir.resolve(f.getFileName()));
				}
			}
		}
		final Path csv = tmp.resolve("many.csv");
		final List<Integer> progress = new ArrayList<>();
		final FolderClassifier.Summary s = digits(32, BadFiles.SKIP).writeCsv(root, csv,
			progress::add);
		assertEquals(2000, s.files());
		assertEquals(2000, s.rows());
		assertEquals(2001, Files.readAllLines(csv).size());
		// NB: a batch is classified once 32 samples are decoded, while at most 32 more decode.
		assertTrue(s.peakSamples() >= 32 && s.peakSamples() <= 64, "held " + s.peakSamples() +
			" samples at once");
		assertEquals(2000, (int) progress.get(progress.size() - 1));
		assertTrue(s.line().contains("2000 files") && s.line().contains("rows/s"), s.line());
	}
}
