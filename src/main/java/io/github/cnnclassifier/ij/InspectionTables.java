package io.github.cnnclassifier.ij;

import ij.WindowManager;
import ij.measure.ResultsTable;
import io.github.cnnclassifier.inspect.Evaluation;
import io.github.cnnclassifier.inspect.NetworkSummary;
import io.github.cnnclassifier.output.Table;

import java.awt.GraphicsEnvironment;
import java.awt.Window;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The inspection results as ImageJ tables: each command's in a window of its
 * own (a macro reads it with Table.* by its title), never the Results table
 * of the classifying commands.
 */
public final class InspectionTables {

	/** The title of CNN Network Summary's table. */
	public static final String SUMMARY = "CNN Network Summary";

	/** The title of Evaluate CNN's table. */
	public static final String EVALUATION = "CNN Evaluation";

	private InspectionTables() {}

	/**
	 * Fills a table of its own called {@code title} and shows it at least
	 * {@code width} x {@code height}, so that it replaces no classification in
	 * the Results table; a macro reads it by title ({@code Table.size(title)},
	 * {@code Table.get(column, row, title)}). NB: headless there are no windows
	 * and a macro reads only the Results table, so it is filled instead.
	 *
	 * @return the table filled
	 */
	public static ResultsTable publish(final Consumer<ResultsTable> fill, final String title,
		final int width, final int height)
	{
		return publish(fill, title, width, height, !GraphicsEnvironment.isHeadless());
	}

	static ResultsTable publish(final Consumer<ResultsTable> fill, final String title,
		final int width, final int height, final boolean windows)
	{
		final ResultsTable table = windows ? new ResultsTable() : ResultsTable.getResultsTable();
		fill.accept(table);
		if (windows) show(table, title, width, height);
		return table;
	}

	/** Shows {@code table} in a window at least {@code width} x {@code height} pixels large. */
	public static void show(final ResultsTable table, final String title, final int width,
		final int height)
	{
		table.show(title);
		final Window w = WindowManager.getWindow(title);
		if (w != null && (w.getWidth() < width || w.getHeight() < height)) {
			w.setSize(Math.max(w.getWidth(), width), Math.max(w.getHeight(), height));
		}
	}

	/** One row per layer (Name, Type, Activations, Learnables, ...) and a row Total; cleared first. */
	public static void fill(final ResultsTable table, final NetworkSummary summary) {
		table.reset();
		for (final NetworkSummary.Row r : summary.rows()) {
			table.addRow();
			table.addValue("Name", r.name());
			table.addValue("Type", r.type());
			table.addValue("Activations", r.activations());
			table.addValue("Learnables", r.learnables());
			table.addValue("Learnable_sizes", r.learnableSizes());
			table.addValue("Description", r.description());
			table.addValue("Inputs", String.join(" ", r.inputs()));
		}
		table.addRow();
		table.addValue("Name", "Total");
		// NB: cells left out would show 0.
		for (final String empty : new String[] { "Type", "Activations", "Learnable_sizes",
			"Inputs" })
		{
			table.addValue(empty, "");
		}
		table.addValue("Learnables", summary.totalLearnables());
		table.addValue("Description", (summary.rows().size() - 1) + " layers");
		table.setDecimalPlaces(table.getColumnIndex("Learnables"), 0);
	}

	/** The rows of {@link Evaluation#metricsTable()}, as in its CSV; cleared first. */
	public static void fill(final ResultsTable table, final Evaluation e) {
		fill(table, e.metricsTable());
		// NB: else a column of whole numbers (an interval ending at 1) shows no decimals.
		for (final String column : Evaluation.COLUMNS.subList(1, Evaluation.COLUMNS.size())) {
			final int c = table.getColumnIndex(column);
			if (c != ResultsTable.COLUMN_NOT_FOUND) table.setDecimalPlaces(c, column.equals(
				"Support") ? 0 : 3);
		}
	}

	/** Fills {@code table} (cleared first) with the rows of {@code t}: text as text, numbers as numbers. */
	public static void fill(final ResultsTable table, final Table t) {
		table.reset();
		for (final List<Object> row : t.rows()) {
			table.addRow();
			for (int c = 0; c < row.size(); c++) {
				if (row.get(c) instanceof Number n) table.addValue(t.headings().get(c), n
					.doubleValue());
				else table.addValue(t.headings().get(c), (String) row.get(c));
			}
		}
	}

	/** One row per misclassified image: File (relative to {@code root}), True, Predicted, Confidence. */
	public static ResultsTable misclassified(final Evaluation e, final Path root) {
		final ResultsTable table = new ResultsTable();
		for (final Evaluation.Misclassified m : e.misclassified()) {
			table.addRow();
			table.addValue("File", Evaluation.relative(root, m.file()));
			table.addValue("True", m.truth());
			table.addValue("Predicted", m.predicted());
			table.addValue("Confidence", m.confidence());
		}
		return table;
	}
}
