package io.github.cnnclassifier.train;

import java.util.Locale;

/** How much each class counts in the loss. */
public enum ClassWeights {
	/** Every image counts the same. */
	NONE,
	/** Each class counts the same in total: weight n / (classes x n_class), for imbalanced folders. */
	BALANCED;

	/** The name users write: none or balanced. */
	public String word() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Parses {@link #word()}, ignoring case. */
	public static ClassWeights of(final String word) {
		for (final ClassWeights w : values()) {
			if (w.word().equalsIgnoreCase(word.trim())) return w;
		}
		throw new TrainingException("class_weights must be none or balanced, got '" + word +
			"'.");
	}

	/** The weight of each class given its image counts, or null for {@link #NONE}. */
	public double[] weights(final int[] counts) {
		if (this == NONE) return null;
		long total = 0;
		for (final int c : counts) total += c;
		final double[] w = new double[counts.length];
		for (int k = 0; k < counts.length; k++) {
			w[k] = counts[k] == 0 ? 0 : (double) total / (counts.length * (double) counts[k]);
		}
		return w;
	}
}
