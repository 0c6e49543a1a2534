package io.github.cnnclassifier.folder;

import io.github.cnnclassifier.output.CsvRecords;
import io.github.cnnclassifier.predict.Classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.inspect.ConfusionMatrix;
import io.github.cnnclassifier.inspect.Evaluation;
import io.github.cnnclassifier.inspect.Metrics;
import io.github.cnnclassifier.inspect.NetworkSummary;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labels and file names that start like a formula (=, +, -, @, tab, CR) are
 * text in every CSV the project writes (issue 15, cause 7), and a stopped
 * run whose rows hold such names continues where it stopped.
 */
class CsvEscapingTest {

	@TempDir
	Path tmp;

	private static final String[] FORMULAS = { "=1+2", "+cmd", "-1", "@SUM(A1)", "\tt",
		"\rr" };

	/** Whether a raw CSV cell shows as text in a spreadsheet: it does not start like a formula. */
	private static boolean safe(final String rawCell) {
		final String cell = rawCell.startsWith("\"") ? rawCell.substring(1) : rawCell;
		return cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0;
	}

	/** Images named like formulas, two of each digit. */
	private Path formulaNamedFolder() throws IOException {
		final Path root = Files.createDirectories(tmp.resolve("images"));
		final String[] starts = { "=", "+", "-", "@" };
		for (int d = 0; d < 10; d++) {
			final List<Path> files = Folders.digitFiles(d, 2);
			for (int i = 0; i < files.size(); i++) {
				Files.copy(files.get(i), root.resolve(starts[(d + i) % 4] + "HYPERLINK(" + d + i +
					").png"));
			}
		}
		return root;
	}

	@Test
	void formulaLabelsAndFileNamesAreTextInTheResultsAndCounts() throws IOException {
		final Path root = formulaNamedFolder();
		final Path csv = tmp.resolve("r.csv");
		new FolderClassifier(new Classifier(Folders.relabelled(FORMULAS)), 8,
			BadFiles.SKIP).run(FolderJob.of(root, csv), p -> {});
		final String results = Files.readString(csv, StandardCharsets.UTF_8);
		final String counts = Files.readString(tmp.resolve("r-counts.csv"),
			StandardCharsets.UTF_8);
		try (CsvRecords r = new CsvRecords(Files.newInputStream(csv))) {
			assertEquals("P_" + FORMULAS[0], r.next().get(4), "the heading reads back");
			for (List<String> row; (row = r.next()) != null;) {
				assertTrue(Files.exists(root.resolve(row.get(0))), "the name reads back: " + row);
				Double.parseDouble(row.get(3));
			}
		}
		for (final String line : results.split("\n")) {
			final String[] cells = line.split(",", -1);
			assertTrue(safe(cells[0]) && safe(cells[2]), line);
			for (int c = 3; c < cells.length && !line.startsWith("File"); c++) {
				assertTrue(cells[c].matches("[0-9.E-]+"), "a number stays a number: " + line);
			}
		}
		assertTrue(results.contains("\"'=HYPERLINK(00).png\""), results);
		assertTrue(counts.contains("\"'=1+2\",") && counts.contains("\"'-1\","), counts);
	}

	@Test
	void aStoppedRunWithFormulaFileNamesContinuesWithoutDuplicates() throws IOException {
		final Path root = formulaNamedFolder();
		final Path csv = tmp.resolve("stopped.csv");
		final int[] batches = { 0 };
		final Consumer<FolderProgress> stop = p -> {
			if (++batches[0] == 2) throw new IllegalStateException("stop");
		};
		final FolderClassifier c = new FolderClassifier(new Classifier(Folders.relabelled(
			FORMULAS)), 4, BadFiles.SKIP);
		assertThrows(IllegalStateException.class, () -> c.run(FolderJob.of(root, csv), stop));
		c.run(FolderJob.of(root, csv), p -> {});
		final List<String> files = new ArrayList<>();
		try (CsvRecords r = new CsvRecords(Files.newInputStream(csv))) {
			r.next();
			for (List<String> row; (row = r.next()) != null;) files.add(row.get(0));
		}
		assertEquals(20, files.size(), files.toString());
		assertEquals(20, files.stream().distinct().count(), "each image once: " + files);
		for (final String f : files) assertTrue(Files.exists(root.resolve(f)), f);
	}

	@Test
	void evaluateTablesWriteFormulaLabelsAndFileNamesAsText() {
		final List<String> labels = List.of("=1+2", "-1", "ok");
		final ConfusionMatrix m = new ConfusionMatrix(labels, new int[][] { { 1, 1, 0 }, { 0,
			1, 0 }, { 0, 0, 1 } });
		final Path root = tmp.resolve("eval");
		final Evaluation e = new Evaluation(m, List.of(new Evaluation.Misclassified(root
			.resolve("@x.png"), "=1+2", "-1", 0.5f)), List.of(), Metrics.of(new int[] { 0, 0, 1, 2 },
				new double[][] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }, 3), null);
		for (final String csv : List.of(m.csv(), e.metricsCsv(), e.misclassifiedCsv(root))) {
			for (final String line : csv.split("\n")) {
				for (final String cell : line.split(",")) assertTrue(safe(cell), csv);
			}
		}
		assertTrue(e.misclassifiedCsv(root).contains("\"'@x.png\",\"'=1+2\",\"'-1\",0.5000"));
	}

	@Test
	void networkSummaryWritesFormulaLayerNamesAsTextAndNumbersAsNumbers() {
		final NetworkSummary s = new NetworkSummary(List.of(new NetworkSummary.Row("=cmd|'/C " +
			"calc'!A0", "Convolution", "-3 filters", 28, 28, 8, 80, "@weights", List.of(
				"+in"))));
		final String csv = s.csv();
		for (final String line : csv.split("\n")) {
			for (final String cell : line.split(",")) assertTrue(safe(cell), csv);
		}
		assertTrue(csv.contains("\"'=cmd|'/C calc'!A0\",Convolution,28×28×8,80,\"'@weights\"," +
			"\"'-3 filters\",\"'+in\""), csv);
	}

	@Test
	void textCellsAreEscapedAndReadBackAsTheyWereAndNumbersStay() throws IOException {
		for (final String text : List.of("=1+2", "+a", "-b", "@c", "\td", "\re", "'=f", "''g",
			"'h", "plain", "a,b", "q\"uote", ""))
		{
			try (CsvRecords r = new CsvRecords(new ByteArrayInputStream((CsvRecords.text(text) +
				",-0.5\n").getBytes(StandardCharsets.UTF_8))))
			{
				assertEquals(List.of(text, "-0.5"), r.next(), text);
			}
		}
		assertEquals("\"'=1+2\"", CsvRecords.text("=1+2"));
		assertEquals("'h", CsvRecords.text("'h"), "an apostrophe alone is left as it is");
	}
}
