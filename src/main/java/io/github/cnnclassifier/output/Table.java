package io.github.cnnclassifier.output;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A table's headings and rows, made once for both its CSV and its ImageJ
 * table, so that the two cannot differ.
 *
 * @param rows cells in {@code headings} order: Strings, Integers or Doubles
 */
public record Table(List<String> headings, List<List<Object>> rows) {

	public Table {
		headings = List.copyOf(headings);
		rows = List.copyOf(rows);
	}

	/** The CSV: a heading line, then a line per row; Doubles with 4 decimals, NaN as NaN. */
	public String csv() {
		final StringBuilder sb = new StringBuilder(line(headings));
		for (final List<Object> row : rows) sb.append(line(row));
		return sb.toString();
	}

	private static String line(final List<?> cells) {
		return cells.stream().map(Table::cell).collect(Collectors.joining(",", "", "\n"));
	}

	private static String cell(final Object v) {
		if (v instanceof String s) return CsvRecords.text(s);
		if (v instanceof Double d) return String.format(Locale.ROOT, "%.4f", d);
		return v.toString();
	}
}
