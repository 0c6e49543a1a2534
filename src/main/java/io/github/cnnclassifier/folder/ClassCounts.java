package io.github.cnnclassifier.folder;

import io.github.cnnclassifier.output.CsvRecords;
import io.github.cnnclassifier.predict.Prediction;
import io.github.cnnclassifier.predict.Unsure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How many rows went to each class of a model, in the model's label order. */
public final class ClassCounts {

	private final List<String> labels;
	private final Map<String, Integer> index = new HashMap<>();
	private final long[] counts;

	/** No rows yet, for these labels (in output order). */
	public ClassCounts(final List<String> labels) {
		this.labels = List.copyOf(labels);
		this.counts = new long[labels.size()];
		for (int k = 0; k < labels.size(); k++) index.putIfAbsent(labels.get(k), k);
	}

	/** Counts one row of class {@code k}. */
	public void add(final int k) {
		counts[k]++;
	}

	/**
	 * Counts one row of the prediction's class: the most probable, or its
	 * unsure class (which these labels must hold, see {@link Unsure#classes}).
	 */
	public void add(final Prediction p) {
		if (p.unsure()) add(p.label(), 1);
		else add(p.classIndex());
	}

	/**
	 * Counts {@code n} rows of the class with this label.
	 *
	 * @throws IllegalArgumentException if the model has no such class
	 */
	public void add(final String label, final long n) {
		final Integer k = index.get(label);
		if (k == null) throw new IllegalArgumentException("no class '" + label + "'");
		counts[k] += n;
	}

	/** Class labels, in output order. */
	public List<String> labels() {
		return labels;
	}

	/** Rows of class {@code k}. */
	public long count(final int k) {
		return counts[k];
	}

	/** All rows counted. */
	public long total() {
		long t = 0;
		for (final long c : counts) t += c;
		return t;
	}

	/** Percent of all rows in class {@code k}; 0 when there are none. */
	public double percent(final int k) {
		final long t = total();
		return t == 0 ? 0 : 100.0 * counts[k] / t;
	}

	/** As CSV: a heading line {@code Class,Count,Percent}, then one line per class. */
	public String csv() {
		final StringBuilder sb = new StringBuilder("Class,Count,Percent\n");
		for (int k = 0; k < counts.length; k++) {
			sb.append(CsvRecords.text(labels.get(k))).append(',').append(counts[k])
				.append(',').append(String.format(Locale.ROOT, "%.2f", percent(k))).append('\n');
		}
		return sb.toString();
	}

	/** E.g. "0: 12, 1: 30, 2: 0". */
	@Override
	public String toString() {
		final List<String> parts = new ArrayList<>();
		for (int k = 0; k < counts.length; k++) parts.add(labels.get(k) + ": " + counts[k]);
		return String.join(", ", parts);
	}
}
