package io.github.cnnclassifier.predict;

import io.github.cnnclassifier.model.ModelBundle;

import java.util.function.Consumer;

/**
 * A model lent by the {@link ModelService}, with its classifier; for one
 * thread at a time. Closing it gives it back (it does not close the
 * classifier, which stays ready for the next loan).
 */
public final class LoadedModel implements AutoCloseable {

	private final ModelBundle model;
	private final Consumer<LoadedModel> giveBack;
	private final long bytes;
	private Classifier classifier;
	private boolean reused;
	private boolean lent;

	LoadedModel(final ModelBundle model, final long bytes, final Consumer<LoadedModel> giveBack) {
		this.model = model;
		this.bytes = bytes;
		this.giveBack = giveBack;
	}

	/** The model. */
	public ModelBundle model() {
		return model;
	}

	/** The classifier of this model, made on first use and kept with it. */
	public Classifier classifier() {
		if (classifier == null) classifier = new Classifier(model);
		return classifier;
	}

	/** Whether an earlier loan already had this model in memory (the file was not read for this one). */
	public boolean reused() {
		return reused;
	}

	/** Gives the model back to the service; a second call does nothing. */
	@Override
	public void close() {
		if (!lent) return;
		lent = false;
		giveBack.accept(this);
	}

	/** Estimated memory held: the network and the engine's copy of its parameters. */
	long bytes() {
		return bytes;
	}

	/** Marks the start of a loan. */
	LoadedModel lend(final boolean again) {
		reused = again;
		lent = true;
		return this;
	}

	/** Frees the classifier's threads; called when the service lets the model go. */
	void release() {
		if (classifier != null) classifier.close();
		classifier = null;
	}
}
