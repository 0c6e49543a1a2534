package io.github.cnnclassifier.predict;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The options unsure_below and unsure_label, the one rule of every Classify
 * command: a prediction whose confidence (its top probability) is below
 * {@code below} gets the class {@code label} instead of its most probable
 * one; its probabilities stay as they are. {@code below} 0 is off.
 */
public record Unsure(double below, String label) {

	/** unsure_label's default. */
	public static final String DEFAULT_LABEL = "unsure";

	/** No prediction is unsure. */
	public static final Unsure OFF = new Unsure(0, DEFAULT_LABEL);

	/**
	 * @throws IllegalArgumentException for {@code below} outside [0, 1) or an empty label
	 */
	public Unsure {
		if (!(below >= 0 && below < 1)) {
			throw new IllegalArgumentException("unsure_below must be a confidence from 0 (off) " +
				"up to, not including, 1, e.g. 0.6; got " + below + ".");
		}
		if (label == null || label.isBlank()) {
			throw new IllegalArgumentException("unsure_label must not be empty: give the class " +
				"for predictions below unsure_below, e.g. 'unsure'.");
		}
	}

	/** Whether any prediction can be unsure. */
	public boolean on() {
		return below > 0;
	}

	/**
	 * This rule, checked against a model's classes.
	 *
	 * @throws IllegalArgumentException when it is on and its label is one of
	 *           {@code labels} (either case): unsure rows would count as that class
	 */
	public Unsure checkAgainst(final List<String> labels) {
		if (!on()) return this;
		for (final String l : labels) {
			if (l.toLowerCase(Locale.ROOT).equals(label.toLowerCase(Locale.ROOT))) {
				throw new IllegalArgumentException("unsure_label '" + label + "' is a class of " +
					"the model ('" + l + "'): choose another name for the predictions below " +
					"unsure_below.");
			}
		}
		return this;
	}

	/** The classes a prediction can get: the model's {@code labels}, then {@code label} when on. */
	public List<String> classes(final List<String> labels) {
		if (!on()) return labels;
		final List<String> all = new ArrayList<>(labels);
		all.add(label);
		return List.copyOf(all);
	}

	/** {@code p}, or {@code p} with the unsure class when its confidence is below the threshold. */
	public Prediction apply(final Prediction p) {
		return on() && p.confidence() < below ? p.unsure(label) : p;
	}

	/** {@link #apply} to each. */
	public List<Prediction> apply(final List<Prediction> predictions) {
		return on() ? predictions.stream().map(this::apply).toList() : predictions;
	}

	/** For the identity of partial results: the threshold and label, or "" when off. */
	public String describe() {
		return on() ? "unsure_below=" + below + "\nunsure_label=" + label : "";
	}
}
