package io.github.cnnclassifier.ij;

import ij.measure.ResultsTable;
import io.github.cnnclassifier.train.CrossValidation;

/** The table of Cross-Validate CNN: a row per fold, then the mean and standard deviation. */
public final class CrossValidationTable {

	/** Its window's title (not "Results", which a macro's own measurements use). */
	public static final String TITLE = "CNN Cross-Validation";

	private CrossValidationTable() {}

	/** Fold, Training, Validation, Accuracy, Macro_F1; the rows "mean" and "sd" leave the counts empty. */
	public static ResultsTable of(final CrossValidation.Result r) {
		final ResultsTable table = new ResultsTable();
		for (final CrossValidation.Fold f : r.folds()) {
			table.addRow();
			table.addValue("Fold", String.valueOf(f.number()));
			table.addValue("Training", f.training());
			table.addValue("Validation", f.validation());
			table.addValue("Accuracy", f.accuracy());
			table.addValue("Macro_F1", f.macroF1());
		}
		summary(table, "mean", r.mean(CrossValidation.Fold::accuracy), r.mean(
			CrossValidation.Fold::macroF1));
		summary(table, "sd", r.sd(CrossValidation.Fold::accuracy), r.sd(
			CrossValidation.Fold::macroF1));
		table.setDecimalPlaces(table.getColumnIndex("Accuracy"), 4);
		table.setDecimalPlaces(table.getColumnIndex("Macro_F1"), 4);
		return table;
	}

	private static void summary(final ResultsTable table, final String name,
		final double accuracy, final double macroF1)
	{
		table.addRow();
		table.addValue("Fold", name);
		table.addValue("Training", "");
		table.addValue("Validation", "");
		table.addValue("Accuracy", accuracy);
		table.addValue("Macro_F1", macroF1);
	}
}
