package io.github.cnnclassifier.train;

import io.github.cnnclassifier.data.Augmenter;
import io.github.cnnclassifier.data.LabelledSamples;
import io.github.cnnclassifier.data.Prefetcher;
import io.github.cnnclassifier.engine.Runner;
import io.github.cnnclassifier.engine.Runners;
import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.LayerSpec;
import io.github.cnnclassifier.model.EpochRecord;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelMetadata;
import io.github.cnnclassifier.model.Nd4jBackend;
import io.github.cnnclassifier.model.Normalization;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Trains a network on labelled samples, as MATLAB's {@code trainNetwork}:
 * mini-batches, shuffling, validation every validation_frequency iterations
 * and at each epoch's end, and one history record per epoch. Blocks until
 * training is done or cancelled.
 */
public final class Trainer {

	/** Validation batch size; bounds memory, not results. */
	private static final int EVAL_BATCH = 256;

	private final TrainingOptions options;
	private final TrainingMonitor monitor;
	private EpochListener epochs;

	public Trainer(final TrainingOptions options, final TrainingMonitor monitor) {
		this.options = options;
		this.monitor = monitor;
	}

	/** Called after every epoch with the network as it is then, e.g. to save a checkpoint. */
	public interface EpochListener {

		void epochDone(int epoch, ModelBundle model);
	}

	/** Receives each epoch's model; by default nothing does. */
	public Trainer onEpoch(final EpochListener listener) {
		this.epochs = listener;
		return this;
	}

	/**
	 * Trains a new network, as {@link TrainingOptions#layers()} describes it,
	 * on {@code training}, validating on {@code validation} (may be null or
	 * empty); pixels are normalised with the training set's mean and
	 * standard deviation.
	 *
	 * @throws TrainingException if the loss becomes NaN or infinite
	 */
	public ModelBundle train(final LabelledSamples training,
		final LabelledSamples validation)
	{
		Nd4jBackend.load();
		final Normalization normalization = Normalization.ofSums(training.valueSums());
		final LayerSpec spec = options.spec();
		final ComputationGraph net = new ComputationGraph(Architectures.build(spec, training
			.shape(), training.classes().size(), options.solver().updater(options
				.initialLearnRate(), options.momentum()), options.l2Regularization(), options.seed(),
			options.classWeights().weights(training.classCounts())));
		net.init();
		final ModelMetadata metadata = new ModelMetadata(training.classes(), training.shape(),
			normalization, Architectures.nameOf(spec), options.seed()).layers(spec.toString(),
				Architectures.layerNames(net.getConfiguration()));
		return train(new ModelBundle(net, metadata), training, validation);
	}

	/**
	 * Trains the network of {@code start} further on {@code training} with
	 * its own normalisation and updaters (continuing a saved model, or
	 * fine-tuning a transferred one); the epochs are added to its history.
	 * <p>
	 * Cancellation ({@link TrainingMonitor#cancelRequested()}) stops after the
	 * current iteration; the bundle then holds the weights of that moment and
	 * its metadata's {@code stopped} says so; so does validation_patience.
	 * </p>
	 *
	 * @throws TrainingException if the loss becomes NaN or infinite
	 */
	public ModelBundle train(final ModelBundle start, final LabelledSamples training,
		final LabelledSamples validation)
	{
		Nd4jBackend.load();
		final ComputationGraph net = start.network();
		final Normalization normalization = start.normalization();
		final int n = training.count();
		final int batchSize = options.miniBatchSizeFor(n);
		final boolean validating = validation != null && validation.count() > 0;
		final int perEpoch = Math.max(1, n / batchSize);
		final int maxIterations = perEpoch * options.maxEpochs();
		final int[] order = new int[n];
		for (int i = 0; i < n; i++) order[i] = i;
		final Random random = new Random(options.seed());
		if (options.shuffle() != Shuffle.NEVER) Shuffle.permute(order, random);

		final List<EpochRecord> history = new ArrayList<>(start.metadata().history());
		final int epochOffset = history.size();
		final double secondsBefore = history.isEmpty() ? 0 : history.get(history.size() - 1)
			.seconds();
		String stopped = "completed";
		try (Runner runner = Runners.of(net, training.shape());
			Batches batches = new Batches(training, normalization, batchSize, options
				.augmentation().isOff() ? null : new Augmenter(options.augmentation(), training
					.shape(), options.seed())))
		{
			monitor.message("Computing with " + runner.description());
			final long start0 = System.nanoTime();
			int iteration = 0, worse = 0;
			double bestLoss = Double.POSITIVE_INFINITY;
			double[] val = { Double.NaN, Double.NaN };
			training:
			for (int epoch = 1; epoch <= options.maxEpochs(); epoch++) {
				if (epoch > 1 && options.shuffle() == Shuffle.EVERY_EPOCH) {
					Shuffle.permute(order, random);
				}
				batches.prefetch(order, 0, epochOffset + epoch);
				double lossSum = 0, hits = 0;
				int measured = 0, done = 0;
				// NB: as MATLAB, images that do not fill a last mini-batch sit this
				// epoch out (shuffling lets them in next time): a tiny batch gives batch
				// norm and the step too much noise.
				for (int b = 0; b < perEpoch; b++) {
					final int count = batches.take();
					if (b + 1 < perEpoch) batches.prefetch(order, (b + 1) * batchSize, epochOffset +
						epoch);
					iteration++;
					done++;
					final boolean last = b == perEpoch - 1;
					final boolean validate = iteration % options.validationFrequency() == 0 || last;
					final double[] step = runner.fit(batches.x(), batches.labels(), count, validate);
					final double loss = step[0];
					// NB: a mean cross-entropy above 1000 means p(label) < e^-1000 on
					// average: the weights have blown up even where no NaN appears yet.
					if (!Double.isFinite(loss) || loss > 1000) {
						throw new TrainingDiverged(String.format(Locale.ROOT,
							"The loss became %.4g at epoch %d, iteration %d", loss, epoch, iteration),
							String.format(Locale.ROOT, "Lower initial_learn_rate (now %g), e.g. to a " +
								"tenth, and train again.", options.initialLearnRate()));
					}
					lossSum += loss;
					double accuracy = Double.NaN;
					if (!Double.isNaN(step[1])) {
						accuracy = step[1] / count;
						hits += step[1];
						measured += count;
					}
					boolean patienceOut = false;
					if (validate && validating) {
						val = evaluate(runner, validation, normalization);
						if (val[0] < bestLoss) {
							bestLoss = val[0];
							worse = 0;
						}
						else patienceOut = options.validationPatience() > 0 && ++worse >= options
							.validationPatience();
					}
					final TrainingProgress progress = new TrainingProgress(epoch,
						options.maxEpochs(), iteration, maxIterations, loss, accuracy, val[0], val[1],
						seconds(start0));
					monitor.iteration(progress);
					if (validate) monitor.validation(progress);
					final boolean cancel = monitor.cancelRequested();
					if (last || cancel || patienceOut) {
						if (cancel && !last && validating) val = evaluate(runner, validation,
							normalization);
						history.add(new EpochRecord(epochOffset + epoch, iteration, lossSum / done,
							measured == 0 ? Double.NaN : hits / measured, val[0], val[1], secondsBefore +
								seconds(start0)));
						if (epochs != null) {
							runner.sync();
							epochs.epochDone(epochOffset + epoch, bundle(start, history, "running",
								batchSize));
						}
					}
					if (cancel || patienceOut) {
						stopped = (cancel ? "cancelled" : "stopped by validation_patience=" + options
							.validationPatience() + " (validation loss did not improve on " + String
								.format(Locale.ROOT, "%.4f", bestLoss) + ")") + " at epoch " + epoch +
							", iteration " + iteration + " of " + maxIterations;
						break training;
					}
				}
			}
		}
		return bundle(start, history, stopped, batchSize);
	}

	/** The start's network and metadata with this run's options, history and end. */
	private ModelBundle bundle(final ModelBundle start, final List<EpochRecord> history,
		final String stopped, final int batchSize)
	{
		return new ModelBundle(start.network(), start.metadata().trained(options.seed(), options
			.toMap(batchSize), history, stopped));
	}

	/** Mean cross-entropy loss and accuracy of the network on {@code data}. */
	private static double[] evaluate(final Runner runner, final LabelledSamples data,
		final Normalization normalization)
	{
		final int n = data.count();
		final int classes = data.classes().size();
		final int size = data.shape().size();
		final float[] x = new float[Math.min(EVAL_BATCH, n) * size];
		double loss = 0;
		int correct = 0;
		for (int from = 0; from < n; from += EVAL_BATCH) {
			final int b = Math.min(EVAL_BATCH, n - from);
			for (int i = 0; i < b; i++) data.fill(from + i, x, i * size);
			normalization.apply(x, 0, b * size);
			final float[] p = runner.output(x, b);
			for (int i = 0; i < b; i++) {
				final int label = data.label(from + i);
				loss -= Math.log(Math.max(p[i * classes + label], 1e-12));
				if (Runner.argmax(p, i * classes, classes) == label) correct++;
			}
		}
		return new double[] { loss / n, (double) correct / n };
	}

	private static double seconds(final long start) {
		return (System.nanoTime() - start) / 1e9;
	}

	/**
	 * Fills mini-batches (normalised, augmented samples and their class
	 * indices) one batch ahead of the engine, through the {@link Prefetcher}.
	 */
	private static final class Batches implements AutoCloseable {

		/** One mini-batch: samples and their class indices. */
		private record Batch(float[] x, int[] labels) {}

		private final LabelledSamples data;
		private final Normalization normalization;
		private final Augmenter augmenter;
		private final int size;
		private final Prefetcher<Batch> loader;

		/** @param augmenter changes each image per epoch, or null */
		Batches(final LabelledSamples data, final Normalization normalization,
			final int batchSize, final Augmenter augmenter)
		{
			this.data = data;
			this.normalization = normalization;
			this.augmenter = augmenter;
			this.size = data.shape().size();
			this.loader = new Prefetcher<>("cnn-classifier-batches", () -> new Batch(
				new float[batchSize * size], new int[batchSize]));
		}

		/** Starts filling the batch after the current one from {@code order[from ...]}, as seen in {@code epoch}. */
		void prefetch(final int[] order, final int from, final int epoch) {
			loader.prefetch(batch -> fill(batch, order, from, epoch));
		}

		/** Waits for the prefetched batch and makes it current; returns its size. */
		int take() {
			return loader.take();
		}

		float[] x() {
			return loader.current().x();
		}

		int[] labels() {
			return loader.current().labels();
		}

		private int fill(final Batch batch, final int[] order, final int from, final int epoch) {
			final int b = Math.min(batch.labels().length, order.length - from);
			for (int i = 0; i < b; i++) {
				final int index = order[from + i];
				data.fill(index, batch.x(), i * size);
				if (augmenter != null) augmenter.apply(batch.x(), i * size, epoch, index);
				batch.labels()[i] = data.label(index);
			}
			normalization.apply(batch.x(), 0, b * size);
			return b;
		}

		@Override
		public void close() {
			loader.close();
		}
	}
}
