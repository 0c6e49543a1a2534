package io.github.cnnclassifier.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.measure.ResultsTable;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.inspect.Evaluation;
import io.github.cnnclassifier.output.CsvRecords;
import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.train.CrossValidation;
import io.github.cnnclassifier.train.TrainingMonitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tables of Evaluate CNN and Cross-Validate CNN show what their CSVs hold. */
class CsvTablesTest {

	@TempDir
	Path tmp;

	@Test
	void theEvaluationTableHoldsTheColumnsAndValuesOfItsCsv() throws IOException {
		final Evaluation e;
		try (Classifier c = new Classifier(TestModels.digits())) {
			e = Evaluation.of(c, TestModels.DIGITS, BadFiles.SKIP, 64, done -> {});
		}
		final ResultsTable table = new ResultsTable();
		InspectionTables.fill(table, e);
		assertSameAsCsv(table, e.metricsCsv(), 10);
	}

	@Test
	void theCrossValidationTableHoldsTheColumnsAndValuesOfItsCsv() throws IOException {
		final CrossValidation.Result r = new CrossValidation(TestModels.quick().maxEpochs(1)
			.build(), 2, TrainingMonitor.SILENT, f -> {}).run(TestModels.CELLS, null);
		assertSameAsCsv(CrossValidationTable.of(r), r.csv(), 4);
	}

	/** Same headings, rows and cells: text as it is, numbers to the 4 decimals of the CSV. */
	private void assertSameAsCsv(final ResultsTable table, final String csv, final int rows)
		throws IOException
	{
		final Path file = tmp.resolve("table.csv");
		Files.writeString(file, csv, StandardCharsets.UTF_8);
		final List<List<String>> lines = CsvRecords.readAll(file);
		final List<String> headings = lines.get(0);
		assertEquals(headings, List.of(table.getHeadings()));
		assertEquals(rows, table.size());
		assertEquals(rows + 1, lines.size());
		int numbers = 0;
		for (int r = 0; r < rows; r++) {
			for (int c = 0; c < headings.size(); c++) {
				final String h = headings.get(c), cell = lines.get(r + 1).get(c);
				final String where = h + " of row " + r + ": " + cell;
				final double value = table.getValue(h, r);
				// NB: a text cell's value is NaN, as is a number's that is NaN (then its text).
				if (Double.isNaN(value)) assertEquals(cell, table.getStringValue(h, r), where);
				else {
					numbers++;
					assertEquals(Double.parseDouble(cell), value, 0.50001e-4, where);
				}
			}
		}
		assertTrue(numbers >= 2 * rows, numbers + " numbers, not only text");
	}
}
