package io.github.cnnclassifier.inspect;

import io.github.cnnclassifier.output.CsvRecords;

import java.util.List;

/**
 * Counts of true class (row) against predicted class (column), with the
 * per-class measures MATLAB's confusionchart and classification reports
 * give. A measure without any image to measure it on is NaN.
 */
public record ConfusionMatrix(List<String> labels, int[][] counts) {

	public ConfusionMatrix {
		labels = List.copyOf(labels);
	}

	/** An empty matrix over {@code labels}. */
	static ConfusionMatrix over(final List<String> labels) {
		return new ConfusionMatrix(labels, new int[labels.size()][labels.size()]);
	}

	void add(final int truth, final int predicted) {
		counts[truth][predicted]++;
	}

	/** All images counted. */
	public int total() {
		int n = 0;
		for (final int[] row : counts) for (final int c : row) n += c;
		return n;
	}

	/** Images on the diagonal. */
	public int correct() {
		int n = 0;
		for (int k = 0; k < counts.length; k++) n += counts[k][k];
		return n;
	}

	/** Fraction classified correctly, 0..1. */
	public double accuracy() {
		return (double) correct() / total();
	}

	/** Images of true class {@code k}. */
	public int support(final int k) {
		int n = 0;
		for (final int c : counts[k]) n += c;
		return n;
	}

	/** Images predicted as class {@code k}. */
	public int predicted(final int k) {
		int n = 0;
		for (final int[] row : counts) n += row[k];
		return n;
	}

	/** Of the images predicted as {@code k}, the fraction that are {@code k}. */
	public double precision(final int k) {
		return (double) counts[k][k] / predicted(k);
	}

	/** Of the images of class {@code k}, the fraction predicted as {@code k}. */
	public double recall(final int k) {
		return (double) counts[k][k] / support(k);
	}

	/** The harmonic mean of precision and recall; 0 when both are 0. */
	public double f1(final int k) {
		final double p = precision(k), r = recall(k);
		return p + r == 0 ? 0 : 2 * p * r / (p + r);
	}

	/** The counts: first column the true class, then one column per predicted class. */
	public String csv() {
		final StringBuilder sb = new StringBuilder("True");
		for (final String label : labels) sb.append(',').append(CsvRecords.text(label));
		sb.append('\n');
		for (int t = 0; t < labels.size(); t++) {
			sb.append(CsvRecords.text(labels.get(t)));
			for (int p = 0; p < labels.size(); p++) sb.append(',').append(counts[t][p]);
			sb.append('\n');
		}
		return sb.toString();
	}
}
