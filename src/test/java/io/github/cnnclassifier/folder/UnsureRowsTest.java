package io.github.cnnclassifier.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.output.CsvRecords;
import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.predict.Unsure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** unsure_below in Classify Folder: unsure rows, their count, their folder, and the partial results' identity. */
class UnsureRowsTest {

	@TempDir
	Path tmp;

	private static FolderClassifier digits() {
		return new FolderClassifier(new Classifier(TestModels.digits()), 8, BadFiles.SKIP);
	}

	private static FolderJob job(final Path root, final Path csv, final Path sortTo,
		final Unsure unsure)
	{
		return new FolderJob(root, csv, "", true, Shard.ALL, sortTo, false, false, unsure);
	}

	@Test
	void rowsBelowUnsureBelowAreUnsureCountedAndSortedIntoTheirFolder() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 3);
		final Path plain = tmp.resolve("plain.csv");
		digits().run(FolderJob.of(root, plain), p -> {});
		final List<Double> confidences = new ArrayList<>();
		for (final List<String> r : rows(plain)) confidences.add(Double.parseDouble(r.get(3)));
		final List<Double> ordered = confidences.stream().sorted().toList();
		assertTrue(ordered.get(14) < ordered.get(15), ordered.toString());
		final double threshold = (ordered.get(14) + ordered.get(15)) / 2;
		final Path csv = tmp.resolve("r.csv"), sorted = tmp.resolve("sorted");
		final FolderSummary s = digits().run(job(root, csv, sorted, new Unsure(threshold,
			"unsure")), p -> {});
		int unsure = 0;
		final List<List<String>> rows = rows(csv);
		for (int i = 0; i < rows.size(); i++) {
			final List<String> r = rows.get(i);
			final boolean below = Double.parseDouble(r.get(3)) < threshold;
			assertEquals(below, r.get(2).equals("unsure"), r.toString());
			assertEquals(rows(plain).get(i).subList(3, r.size()), r.subList(3, r.size()),
				"confidence and probabilities as without unsure_below");
			if (below) {
				unsure++;
				assertTrue(Files.isRegularFile(sorted.resolve("unsure").resolve(r.get(0))), r
					.get(0));
			}
		}
		assertEquals(15, unsure);
		assertEquals(15, s.counts().count(10));
		assertEquals("unsure", s.counts().labels().get(10));
		assertTrue(Files.readAllLines(tmp.resolve("r-counts.csv")).contains("unsure,15,50.00"));
	}

	@Test
	void aStoppedRunContinuesOnlyWithTheSameUnsureBelow() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 1);
		final Path csv = tmp.resolve("r.csv");
		final Unsure half = new Unsure(0.5, "unsure");
		final String p = ",0.1".repeat(10);
		Folders.partialResults(job(root, csv, null, half), TestModels.digitsFile(), List.of(
			"0/digit_0_001.png,1,unsure,0.1" + p, "1/digit_1_001.png,1,unsure,0.1" + p));
		final DataException e = assertThrows(DataException.class, () -> digits().run(job(root,
			csv, null, new Unsure(0.7, "unsure")), x -> {}));
		assertTrue(e.getMessage().contains("unsure_below and unsure_label ('0.5 unsure' there, " +
			"'0.7 unsure' now) differs"), e.getMessage());
		assertTrue(assertThrows(DataException.class, () -> digits().run(FolderJob.of(root, csv),
			x -> {})).getMessage().contains("('0.5 unsure' there, 'off' now)"));
		final FolderSummary s = digits().run(job(root, csv, null, half), x -> {});
		assertEquals(1, s.earlierRows());
		assertTrue(s.counts().count(10) >= 1, "the kept unsure row counts: " + s.counts());
		assertEquals(10, s.counts().total());
	}

	private static List<List<String>> rows(final Path csv) throws IOException {
		final List<List<String>> rows = new ArrayList<>(CsvRecords.readAll(csv));
		rows.remove(0);
		return rows;
	}
}
