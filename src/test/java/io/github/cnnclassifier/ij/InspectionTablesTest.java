package io.github.cnnclassifier.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import ij.measure.ResultsTable;

import org.junit.jupiter.api.Test;

class InspectionTablesTest {

	@Test
	void withWindowsASummaryHasItsOwnTableAndLeavesAClassificationInResults() {
		final ResultsTable results = ResultsTable.getResultsTable();
		results.reset();
		results.addRow();
		results.addValue("Class", "7");
		final ResultsTable own = InspectionTables.publish(t -> {
			t.addRow();
			t.addValue("Name", "conv_1");
		}, InspectionTables.SUMMARY, 100, 100, true);
		assertNotSame(results, own);
		assertEquals(1, results.size());
		assertEquals("7", results.getStringValue("Class", 0), "the classification is kept");
		assertEquals("conv_1", own.getStringValue("Name", 0));
	}

	@Test
	void headlessTheTableIsResultsTheOnlyOneAMacroCanRead() {
		final ResultsTable filled = InspectionTables.publish(t -> {
			t.reset();
			t.addRow();
			t.addValue("Name", "conv_1");
		}, InspectionTables.SUMMARY, 100, 100, false);
		assertSame(ResultsTable.getResultsTable(), filled);
	}
}
