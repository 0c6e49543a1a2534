package io.github.cnnclassifier.predict;

import io.github.cnnclassifier.engine.Runner;
import io.github.cnnclassifier.engine.Runners;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.tensor.InputShape;
import io.github.cnnclassifier.tensor.SampleSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;


/**
 * Applies a trained model to samples in mini-batches, so memory is bounded by
 * the batch, not by the number of samples. Not thread-safe (one per thread).
 */
public final class Classifier {

	private final ModelBundle model;
	private Runner runner;

	public Classifier(final ModelBundle model) {
		this.model = model;
	}

	/** The model this classifier applies. */
	public ModelBundle model() {
		return model;
	}

	/**
	 * Classifies every sample of {@code source}, in order.
	 *
	 * @param batchSize samples per forward pass
	 * @param progress called with the number of samples done after each batch
	 * @throws IllegalArgumentException if the source's shape is not the model's input
	 */
	public List<Prediction> classify(final SampleSource source, final int batchSize,
		final IntConsumer progress)
	{
		final InputShape shape = model.inputShape();
		if (!shape.equals(source.shape())) {
			throw new IllegalArgumentException("Samples of size " + source.shape() +
				" do not fit the model input " + shape);
		}
		final int n = source.count();
		final int size = shape.size();
		final int classes = model.labels().size();
		final List<Prediction> predictions = new ArrayList<>(n);
		for (int from = 0; from < n; from += batchSize) {
			final int b = Math.min(batchSize, n - from);
			final float[] x = new float[b * size];
			for (int i = 0; i < b; i++) source.fill(from + i, x, i * size);
			final float[] p = probabilities(x, b);
			for (int i = 0; i < b; i++) {
				final float[] row = new float[classes];
				System.arraycopy(p, i * classes, row, 0, classes);
				predictions.add(new Prediction(model.labels(), row));
			}
			progress.accept(from + b);
		}
		return predictions;
	}

	/**
	 * Class probabilities of {@code count} raw samples laid out in {@code x}
	 * (normalised in place), row after row.
	 */
	public float[] probabilities(final float[] x, final int count) {
		final InputShape shape = model.inputShape();
		model.normalization().apply(x, 0, count * shape.size());
		if (runner == null) runner = Runners.inference(model.network(), shape);
		return runner.output(x, count);
	}

	/** What computes the outputs, for the log. */
	public String engine() {
		if (runner == null) runner = Runners.inference(model.network(), model.inputShape());
		return runner.description();
	}
}
