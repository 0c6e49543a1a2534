package io.github.cnnclassifier.train;

import io.github.cnnclassifier.data.ImageDataset;
import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.Engine;
import io.github.cnnclassifier.model.EpochRecord;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelMetadata;
import io.github.cnnclassifier.model.Normalization;
import io.github.cnnclassifier.model.Versions;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a network on an {@link ImageDataset}, as MATLAB's
 * {@code trainNetwork}: mini-batches, shuffling, validation every
 * validation_frequency iterations, and one history record per epoch.
 * Blocks until training is done or cancelled.
 */
public final class Trainer {

	/** Validation and inference batch size; bounds memory, not results. */
	private static final int EVAL_BATCH = 256;

	private final TrainingOptions options;
	private final TrainingMonitor monitor;

	public Trainer(final TrainingOptions options, final TrainingMonitor monitor) {
		this.options = options;
		this.monitor = monitor;
	}

	/**
	 * Trains a new network on {@code training}, validating on
	 * {@code validation} (may be null or empty).
	 * <p>
	 * Cancellation ({@link TrainingMonitor#cancelRequested()}) stops after the
	 * current iteration; the bundle then holds the weights of that moment and
	 * its metadata's {@code stopped} says so.
	 * </p>
	 *
	 * @throws TrainingException if the loss becomes NaN or infinite
	 */
	public ModelBundle train(final ImageDataset training, final ImageDataset validation) {
		Engine.load();
		final int n = training.count();
		final int classes = training.classes().size();
		final Normalization normalization = Normalization.of(training.values());
		final MultiLayerConfiguration conf = Architectures.build(options.architecture(),
			training.shape(), classes, options.solver().updater(options.initialLearnRate(),
				options.momentum()), options.l2Regularization(), options.seed());
		final MultiLayerNetwork net = new MultiLayerNetwork(conf);
		net.init();

		final Batches batches = new Batches(training, normalization);
		final Evaluation eval = validation == null || validation.count() == 0 ? null
			: new Evaluation(validation, normalization);
		final int batchSize = Math.min(options.miniBatchSize(), n);
		final int perEpoch = Batches.count(n, batchSize);
		final int maxIterations = perEpoch * options.maxEpochs();
		final int[] order = new int[n];
		for (int i = 0; i < n; i++) order[i] = i;
		final Random random = new Random(options.seed());
		if (options.shuffle() != Shuffle.NEVER) shuffle(order, random);

		final List<EpochRecord> history = new ArrayList<>();
		final long start = System.nanoTime();
		String stopped = "completed";
		int iteration = 0;
		double[] val = { Double.NaN, Double.NaN };
		training:
		for (int epoch = 1; epoch <= options.maxEpochs(); epoch++) {
			if (epoch > 1 && options.shuffle() == Shuffle.EVERY_EPOCH) shuffle(order, random);
			double lossSum = 0, accSum = 0;
			int measured = 0, done = 0;
			for (int b = 0; b < perEpoch; b++) {
				final int from = b * batchSize;
				final DataSet batch = batches.get(order, from, Math.min(n, from + batchSize));
				net.fit(batch);
				iteration++;
				done++;
				final double loss = net.score();
				if (!Double.isFinite(loss)) {
					throw new TrainingException(String.format(Locale.ROOT,
						"The loss became %s at epoch %d, iteration %d: training diverged. " +
							"Lower initial_learn_rate (now %g), e.g. to a tenth, and train again.",
						loss, epoch, iteration, options.initialLearnRate()));
				}
				lossSum += loss;
				final boolean last = b == perEpoch - 1;
				final boolean validate = iteration % options.validationFrequency() == 0 || last;
				double accuracy = Double.NaN;
				if (validate) {
					accuracy = Evaluation.accuracy(net.output(batch.getFeatures(), false),
						batch.getLabels());
					accSum += accuracy;
					measured++;
					if (eval != null) val = eval.lossAndAccuracy(net);
				}
				final TrainingProgress progress = new TrainingProgress(epoch,
					options.maxEpochs(), iteration, maxIterations, loss, accuracy, val[0], val[1],
					seconds(start));
				monitor.iteration(progress);
				if (validate) monitor.validation(progress);
				final boolean cancel = monitor.cancelRequested();
				if (last || cancel) {
					if (cancel && !last) {
						if (eval != null) val = eval.lossAndAccuracy(net);
						if (measured == 0) {
							accSum = Evaluation.accuracy(net.output(batch.getFeatures(), false),
								batch.getLabels());
							measured = 1;
						}
					}
					history.add(new EpochRecord(epoch, iteration, lossSum / done,
						accSum / measured, val[0], val[1], seconds(start)));
				}
				if (cancel) {
					stopped = "cancelled at epoch " + epoch + ", iteration " + iteration +
						" of " + maxIterations;
					break training;
				}
			}
		}
		final ModelMetadata metadata = new ModelMetadata(training.classes(),
			training.shape(), normalization, options.architecture(), options.seed())
				.training(options.toMap()).history(history).stopped(stopped)
				.versions(Versions.all()).created(OffsetDateTime.now().toString());
		return new ModelBundle(net, metadata);
	}

	private static void shuffle(final int[] order, final Random random) {
		for (int i = order.length - 1; i > 0; i--) {
			final int j = random.nextInt(i + 1);
			final int t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
	}

	private static double seconds(final long start) {
		return (System.nanoTime() - start) / 1e9;
	}

	/** Builds normalised mini-batches with one-hot labels. */
	private static final class Batches {

		private final ImageDataset data;
		private final Normalization normalization;

		Batches(final ImageDataset data, final Normalization normalization) {
			this.data = data;
			this.normalization = normalization;
		}

		/**
		 * Full mini-batches per epoch. NB: as MATLAB, the images that do not
		 * fill a last mini-batch sit this epoch out (shuffling lets them in
		 * next time): a tiny batch gives batch norm and the step too much noise.
		 */
		static int count(final int n, final int batchSize) {
			return Math.max(1, n / batchSize);
		}

		DataSet get(final int[] order, final int from, final int to) {
			final int size = data.shape().size();
			final int classes = data.classes().size();
			final int b = to - from;
			final float[] x = new float[b * size];
			final float[] y = new float[b * classes];
			for (int i = 0; i < b; i++) {
				final int index = order[from + i];
				data.fill(index, x, i * size);
				y[i * classes + data.label(index)] = 1;
			}
			normalization.apply(x, 0, x.length);
			final INDArray features = Nd4j.create(x, new long[] { b, data.shape().channels(),
				data.shape().height(), data.shape().width() }, 'c');
			return new DataSet(features, Nd4j.create(y, new long[] { b, classes }, 'c'));
		}
	}

	/** Loss and accuracy of a network on a labelled set. */
	private static final class Evaluation {

		private final ImageDataset data;
		private final Batches batches;
		private final int[] order;

		Evaluation(final ImageDataset data, final Normalization normalization) {
			this.data = data;
			this.batches = new Batches(data, normalization);
			this.order = new int[data.count()];
			for (int i = 0; i < order.length; i++) order[i] = i;
		}

		/** Mean cross-entropy loss and accuracy over the whole set. */
		double[] lossAndAccuracy(final MultiLayerNetwork net) {
			double loss = 0;
			int correct = 0;
			for (int from = 0; from < order.length; from += EVAL_BATCH) {
				final DataSet batch = batches.get(order, from, Math.min(order.length,
					from + EVAL_BATCH));
				final float[] p = net.output(batch.getFeatures(), false).dup('c').data()
					.asFloat();
				final int classes = data.classes().size();
				for (int i = 0; i < batch.numExamples(); i++) {
					final int label = data.label(from + i);
					loss -= Math.log(Math.max(p[i * classes + label], 1e-12));
					if (argmax(p, i * classes, classes) == label) correct++;
				}
			}
			return new double[] { loss / order.length, (double) correct / order.length };
		}

		static double accuracy(final INDArray probabilities, final INDArray oneHot) {
			final long n = probabilities.size(0);
			final INDArray predicted = probabilities.argMax(1);
			final INDArray truth = oneHot.argMax(1);
			return predicted.eq(truth).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)
				.sumNumber().doubleValue() / n;
		}

		static int argmax(final float[] p, final int offset, final int length) {
			int best = 0;
			for (int k = 1; k < length; k++) {
				if (p[offset + k] > p[offset + best]) best = k;
			}
			return best;
		}
	}
}
