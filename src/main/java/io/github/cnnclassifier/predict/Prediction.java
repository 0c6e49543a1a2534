package io.github.cnnclassifier.predict;

import io.github.cnnclassifier.engine.Runner;

import java.util.List;

/** The class a network gives one input, with the probability of every class. */
public final class Prediction {

	private final List<String> labels;
	private final float[] probabilities;
	private final int best;

	/**
	 * @param labels class labels in output order
	 * @param probabilities one per label, summing to 1 (copied)
	 */
	public Prediction(final List<String> labels, final float[] probabilities) {
		if (labels.size() != probabilities.length) {
			throw new IllegalArgumentException(labels.size() + " labels but " +
				probabilities.length + " probabilities");
		}
		this.labels = labels;
		this.probabilities = probabilities.clone();
		this.best = Runner.argmax(probabilities, 0, probabilities.length);
	}

	/** Index of the most probable class (the first one on a tie). */
	public int classIndex() {
		return best;
	}

	/** Label of the most probable class. */
	public String label() {
		return labels.get(best);
	}

	/** Probability of the most probable class. */
	public float confidence() {
		return probabilities[best];
	}

	/** Probability of class {@code k}. */
	public float probability(final int k) {
		return probabilities[k];
	}

	/** All class labels, in output order. */
	public List<String> labels() {
		return labels;
	}

	@Override
	public String toString() {
		return label() + " (" + confidence() + ")";
	}
}
