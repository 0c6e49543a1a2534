package io.github.cnnclassifier.predict;

import io.github.cnnclassifier.data.Memory;
import io.github.cnnclassifier.engine.Runner;
import io.github.cnnclassifier.engine.Runners;
import io.github.cnnclassifier.model.CalibrationInfo;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.tensor.InputShape;
import io.github.cnnclassifier.tensor.SampleSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
		final int classes = model.labels().size();
		final List<Prediction> predictions = new ArrayList<>(n);
		// NB: two mini-batches: one computed, one being read.
		Memory.requireBatches(Math.min(batchSize, n), 2, shape);
		final float[][] buffers = { new float[Math.min(batchSize, n) * size],
			new float[Math.min(batchSize, n) * size] };
		// NB: the next batch is read (decoded, resized) on another thread while
		// this one is computed; two batches in memory at most.
		final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
			final Thread t = new Thread(r, "cnn-classifier-reader");
			t.setDaemon(true);
			return t;
		});
		try {
			Future<?> next = reader.submit(() -> fill(source, buffers[0], 0, Math.min(batchSize,
				n)));
			for (int from = 0, k = 0; from < n; from += batchSize, k++) {
				final int b = Math.min(batchSize, n - from);
				await(next);
				final int after = from + batchSize;
				if (after < n) {
					final float[] into = buffers[(k + 1) % 2];
					next = reader.submit(() -> fill(source, into, after, Math.min(batchSize, n -
						after)));
				}
				final float[] p = probabilities(buffers[k % 2], b);
				for (int i = 0; i < b; i++) {
					final float[] row = new float[classes];
					System.arraycopy(p, i * classes, row, 0, classes);
					predictions.add(new Prediction(model.labels(), row));
				}
				progress.accept(from + b);
			}
		}
		finally {
			reader.shutdownNow();
		}
		return predictions;
	}

	private static void fill(final SampleSource source, final float[] x, final int from,
		final int count)
	{
		final int size = source.shape().size();
		for (int i = 0; i < count; i++) source.fill(from + i, x, i * size);
	}

	private static void await(final Future<?> future) {
		try {
			future.get();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reading images", e);
		}
		catch (final ExecutionException e) {
			if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
			throw new IllegalStateException(e.getCause());
		}
	}

	/**
	 * Class probabilities of {@code count} raw samples laid out in {@code x}
	 * (normalised in place), row after row, calibrated by the model's
	 * temperature if it has one.
	 */
	public float[] probabilities(final float[] x, final int count) {
		final InputShape shape = model.inputShape();
		model.normalization().apply(x, 0, count * shape.size());
		if (runner == null) runner = Runners.of(model.network(), shape);
		final float[] p = runner.output(x, count);
		// NB: the one place calibration applies, for both engines and every command.
		final CalibrationInfo calibration = model.metadata().calibration();
		if (calibration != null) calibration.apply(p, model.labels().size());
		return p;
	}

	/** What computes the outputs, for the log. */
	public String engine() {
		if (runner == null) runner = Runners.of(model.network(), model.inputShape());
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
