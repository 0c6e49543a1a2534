package io.github.cnnclassifier.predict;

import io.github.cnnclassifier.data.Memory;
import io.github.cnnclassifier.data.Prefetcher;
import io.github.cnnclassifier.engine.Runner;
import io.github.cnnclassifier.engine.Runners;
import io.github.cnnclassifier.model.CalibrationInfo;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.tensor.InputShape;
import io.github.cnnclassifier.tensor.SampleSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;


/**
 * Applies a trained model to samples in mini-batches, so memory is bounded by
 * the batch, not by the number of samples. Not thread-safe (one per thread);
 * {@link #close()} frees its compute threads at once (else the garbage collector does).
 */
public final class Classifier implements AutoCloseable {

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
	 * @throws io.github.cnnclassifier.data.DataException if the mini-batches do not fit in memory
	 */
	public List<Prediction> classify(final SampleSource source, final int batchSize,
		final IntConsumer progress)
	{
		final InputShape shape = model.inputShape();
		shape.requireSamples(source.shape());
		final int n = source.count();
		final int size = shape.size();
		final List<Prediction> predictions = new ArrayList<>(n);
		// NB: two mini-batches: one computed, one being read.
		final int first = Math.min(batchSize, n);
		Memory.requireBatches(first, 2, shape);
		if (n > 0 && n <= batchSize) {
			// NB: one batch (a macro's image after image) needs no reader thread, made per call.
			final float[] x = new float[n * size];
			fill(source, x, 0, n);
			addPredictions(predictions, probabilities(x, n), n);
			progress.accept(n);
			return predictions;
		}
		try (Prefetcher<float[]> reader = new Prefetcher<>("cnn-classifier-reader",
			() -> new float[first * size]))
		{
			reader.prefetch(x -> fill(source, x, 0, first));
			for (int from = 0; from < n; from += batchSize) {
				final int b = reader.take();
				final int after = from + batchSize;
				if (after < n) reader.prefetch(x -> fill(source, x, after, Math.min(batchSize, n -
					after)));
				addPredictions(predictions, probabilities(reader.current(), b), b);
				progress.accept(from + b);
			}
		}
		return predictions;
	}

	private void addPredictions(final List<Prediction> predictions, final float[] p,
		final int count)
	{
		final int classes = model.labels().size();
		for (int i = 0; i < count; i++) {
			predictions.add(new Prediction(model.labels(), Arrays.copyOfRange(p, i * classes, (i +
				1) * classes)));
		}
	}

	private static int fill(final SampleSource source, final float[] x, final int from,
		final int count)
	{
		final int size = source.shape().size();
		for (int i = 0; i < count; i++) source.fill(from + i, x, i * size);
		return count;
	}

	/**
	 * Class probabilities of {@code count} raw samples laid out in {@code x}
	 * (normalised in place), row after row, calibrated by the model's
	 * temperature if it has one.
	 */
	public float[] probabilities(final float[] x, final int count) {
		final InputShape shape = model.inputShape();
		model.normalization().apply(x, 0, count * shape.size());
		if (runner == null) runner = Runners.of(model, shape);
		final float[] p = runner.output(x, count);
		// NB: the one place calibration applies, for both engines and every command.
		final CalibrationInfo calibration = model.metadata().calibration();
		if (calibration != null) calibration.apply(p, model.labels().size());
		return p;
	}

	/** What computes the outputs, for the log. */
	public String engine() {
		if (runner == null) runner = Runners.of(model, model.inputShape());
		final CalibrationInfo calibration = model.metadata().calibration();
		return runner.description() + (calibration == null ? "" : String.format(Locale.ROOT,
			"; probabilities calibrated (temperature %.3f, fitted on %d validation images)",
			calibration.temperature(), calibration.images()));
	}

	@Override
	public void close() {
		if (runner != null) runner.close();
	}
}
