package io.github.cnnclassifier.predict;

import io.github.cnnclassifier.engine.Runner;

import java.util.List;

/** The class a network gives one input, with the probability of every class. */
public final class Prediction {

	private final List<String> labels;
	private final float[] probabilities;
	private final int best;
	/** The class {@link Unsure} gave it instead of the most probable one; null if none. */
	private final String unsure;

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
		this.unsure = null;
	}

	private Prediction(final Prediction p, final String unsure) {
		this.labels = p.labels;
		this.probabilities = p.probabilities;
		this.best = p.best;
		this.unsure = unsure;
	}

	/** This prediction with the class {@code label} instead of its most probable one. */
	Prediction unsure(final String label) {
		return new Prediction(this, label);
	}

	/** Whether {@link Unsure} gave it its unsure class: then {@link #label()} is that class. */
	public boolean unsure() {
		return unsure != null;
	}

	/** Index of the most probable class (the first one on a tie), unsure or not. */
	public int classIndex() {
		return best;
	}

	/** The class: the label of the most probable one, or the unsure class {@link Unsure} gave it. */
	public String label() {
		return unsure != null ? unsure : labels.get(best);
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
