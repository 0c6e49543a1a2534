package io.github.cnnclassifier.api;

import io.github.cnnclassifier.train.TrainingMonitor;

/**
 * What a long {@link CnnModel} call reports to, and asks whether to stop:
 * training's messages and iterations (see {@link TrainingMonitor}), and the
 * fraction done of a classification or evaluation. Called on the calling
 * thread (reading images: on reader threads too); keep each call short.
 */
public interface Progress extends TrainingMonitor {

	/** Progress that shows nothing and stops only when the thread is interrupted. */
	Progress NONE = new Progress() {};

	/** The fraction done, 0..1, of a classification or evaluation. */
	default void fraction(final double done) {}
}
