package io.github.cnnclassifier.ij;

import ij.measure.ResultsTable;
import io.github.cnnclassifier.train.CrossValidation;

/** The table of Cross-Validate CNN: a row per fold, then the mean and standard deviation. */
public final class CrossValidationTable {

	/** Its window's title (not "Results", which a macro's own measurements use). */
	public static final String TITLE = "CNN Cross-Validation";

	private CrossValidationTable() {}

	/** The rows of {@link CrossValidation.Result#table()}, as in its CSV. */
	public static ResultsTable of(final CrossValidation.Result r) {
		final ResultsTable table = new ResultsTable();
		InspectionTables.fill(table, r.table());
		table.setDecimalPlaces(table.getColumnIndex("Accuracy"), 4);
		table.setDecimalPlaces(table.getColumnIndex("Macro_F1"), 4);
		return table;
	}
}
