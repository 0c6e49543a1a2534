package io.github.cnnclassifier.transfer;

import io.github.cnnclassifier.data.LabelledSamples;
import io.github.cnnclassifier.engine.Runner;
import io.github.cnnclassifier.engine.Runners;
import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelMetadata;
import io.github.cnnclassifier.model.Networks;
import io.github.cnnclassifier.model.Normalization;
import io.github.cnnclassifier.tensor.InputShape;
import io.github.cnnclassifier.train.Trainer;
import io.github.cnnclassifier.train.TrainingMonitor;
import io.github.cnnclassifier.train.TrainingOptions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The fast path of fine-tuning: frozen layers compute the same output for
 * an image in every epoch, so their output (the features) is computed once
 * per image, and only the layers after them train, as a small network of
 * their own that takes the features as its input; their parameters are then
 * copied back into the whole network. Exactly what training the whole
 * network would do: frozen layers run in inference mode either way (batch
 * norm on running statistics, no dropout).
 */
final class FeatureCache {

	/** Images per batch when computing features; bounds memory, not results. */
	private static final int BATCH = 64;

	private FeatureCache() {}

	/**
	 * Where a network can be cut: the frozen layer whose output the trainable
	 * layers take, and the input the trainable part then has.
	 *
	 * @param flat whether the features are taken as one vector per image
	 */
	record Cut(String layer, InputShape features, boolean flat) {}

	/**
	 * Where {@code net} (taking {@code input}) can be cut, or null when its
	 * trainable layers take more than one frozen layer's output (or the input),
	 * or features whose layout the trainable part cannot take as an image.
	 */
	static Cut cut(final ComputationGraph net, final InputShape input) {
		final ComputationGraphConfiguration conf = net.getConfiguration();
		final String in = conf.getNetworkInputs().get(0);
		final Set<String> boundary = new HashSet<>();
		for (final Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
			if (frozen(conf, e.getKey())) continue;
			for (final String i : e.getValue()) {
				if (i.equals(in) || frozen(conf, i)) boundary.add(i);
			}
		}
		if (boundary.size() != 1 || boundary.contains(in)) return null;
		final String layer = boundary.iterator().next();
		final InputType type = Heads.activationTypes(conf, input).get(layer);
		if (!(type instanceof InputType.InputTypeConvolutional c)) {
			return new Cut(layer, new InputShape(1, 1, (int) type.arrayElementsPerExample()), true);
		}
		if (c.getFormat() == CNN2DFormat.NCHW) {
			return new Cut(layer, new InputShape((int) c.getHeight(), (int) c.getWidth(), (int) c
				.getChannels()), false);
		}
		// NB: channels-last features (a Keras base ChannelsFirst cannot convert) can be taken
		// only flattened, by dense layers.
		for (final String v : consumers(conf, layer)) {
			if (!(conf.getVertices().get(v) instanceof LayerVertex lv) || !(lv.getLayerConf()
				.getLayer() instanceof FeedForwardLayer) || !(lv
					.getPreProcessor() instanceof CnnToFeedForwardPreProcessor))
			{
				return null;
			}
		}
		return new Cut(layer, new InputShape(1, 1, (int) c.arrayElementsPerExample()), true);
	}

	/**
	 * Whether the features of {@code images} images at {@code cut} fit in a
	 * quarter of the Java heap (else the frozen layers compute them every epoch).
	 */
	static boolean fits(final Cut cut, final int images) {
		return 4L * cut.features().size() * images <= Runtime.getRuntime().maxMemory() / 4;
	}

	/**
	 * Trains the layers of {@code start} after {@code cut} on its features of
	 * {@code training}, as {@link Trainer#train(ModelBundle, LabelledSamples,
	 * LabelledSamples)} trains the whole network; copies what they learnt into
	 * {@code start}'s network.
	 *
	 * @param checkpoints gets the whole model after every epoch, or null
	 */
	static ModelBundle train(final ModelBundle start, final Cut cut,
		final LabelledSamples training, final LabelledSamples validation,
		final TrainingOptions options, final TrainingMonitor monitor,
		final Trainer.EpochListener checkpoints)
	{
		final ComputationGraph net = start.network();
		final long t0 = System.nanoTime();
		final Features train, val;
		try (Runner runner = Runners.of(net, start.inputShape())) {
			monitor.message("Computing the features of the frozen layers (up to " + cut.layer() +
				", " + cut.features() + ") once per image, with " + runner.description());
			train = features(runner, cut, training, start.normalization());
			val = validation == null || validation.count() == 0 ? null : features(runner, cut,
				validation, start.normalization());
		}
		monitor.message(String.format(Locale.ROOT, "Features of %d images in %.1f s; training " +
			"the layers after %s on them", train.count() + (val == null ? 0 : val.count()),
			(System.nanoTime() - t0) / 1e9, cut.layer()));
		final double spread = spread(train.values(), train.count(), cut.features().size());
		if (train.count() > 1 && spread < ALIKE) {
			monitor.message(String.format(Locale.ROOT, "Warning: the features at %s hardly differ " +
				"between the %d training images (spread %.2g of their size): the base network sees " +
				"them all alike, and the new head can learn little. Check the normalization (a base " +
				"trained on 0-1 pixels needs normalization=0/255 for 8-bit images) or freeze fewer " +
				"layers.", cut.layer(), train.count(), spread));
		}
		final ComputationGraph head = head(net, cut);
		final ModelMetadata m = start.metadata();
		final ModelBundle headStart = new ModelBundle(head, new ModelMetadata(m.labels(), cut
			.features(), new Normalization(0, 1), m.architecture(), m.seed()).history(m
				.history()));
		final Trainer trainer = new Trainer(options, monitor);
		if (checkpoints != null) {
			trainer.onEpoch((epoch, model) -> checkpoints.epochDone(epoch, whole(start, model)));
		}
		return whole(start, trainer.train(headStart, train, val));
	}

	/** {@code start} with the trained layers of {@code head} and its training record. */
	private static ModelBundle whole(final ModelBundle start, final ModelBundle head) {
		final ComputationGraph net = start.network();
		for (final String name : head.network().getConfiguration().getVertices().keySet()) {
			if (head.network().getLayer(name) != null && head.network().getLayer(name)
				.numParams() > 0)
			{
				net.getLayer(name).setParams(head.network().getLayer(name).params());
			}
		}
		final ModelMetadata m = start.metadata(), h = head.metadata();
		return new ModelBundle(net, m.trained(h.seed(), h.training(), h.history(), h.stopped()));
	}

	/** The trainable layers of {@code net} as a network of their own that takes the features at {@code cut}. */
	private static ComputationGraph head(final ComputationGraph net, final Cut cut) {
		final ComputationGraphConfiguration conf = net.getConfiguration();
		final InputShape f = cut.features();
		final ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
			.seed(conf.getDefaultConfiguration().getSeed()).dataType(conf.getDataType())
			.trainingWorkspaceMode(conf.getTrainingWorkspaceMode()).inferenceWorkspaceMode(conf
				.getInferenceWorkspaceMode()).graphBuilder().addInputs(Architectures.INPUT);
		final List<String> trainable = new ArrayList<>();
		for (final int i : net.topologicalSortOrder()) {
			final String name = net.getVertices()[i].getVertexName();
			if (!conf.getVertexInputs().containsKey(name) || frozen(conf, name)) continue;
			final GraphVertex v = conf.getVertices().get(name).clone();
			final List<String> inputs = new ArrayList<>();
			for (final String in : conf.getVertexInputs().get(name)) {
				inputs.add(in.equals(cut.layer()) ? Architectures.INPUT : in);
			}
			if (cut.flat() && inputs.contains(Architectures.INPUT) && v instanceof LayerVertex lv) {
				lv.setPreProcessor(new CnnToFeedForwardPreProcessor(1, 1, f.channels()));
			}
			b.addVertex(name, v, inputs.toArray(String[]::new));
			trainable.add(name);
		}
		b.setOutputs(conf.getNetworkOutputs().toArray(String[]::new));
		final ComputationGraph head = new ComputationGraph(b.build());
		head.init();
		for (final String name : trainable) {
			if (head.getLayer(name) != null && head.getLayer(name).numParams() > 0) {
				head.getLayer(name).setParams(net.getLayer(name).params().dup());
			}
		}
		return head;
	}

	/** Below this {@link #spread}, the frozen features do not tell the images apart. */
	static final double ALIKE = 1e-3;

	/**
	 * How much {@code n} feature vectors of {@code size} values differ: the
	 * root mean square over features of their deviation from the mean image,
	 * relative to the root mean square of the values; 0 where all are zero.
	 */
	static double spread(final float[] values, final int n, final int size) {
		final double[] mean = new double[size];
		double all = 0;
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < size; j++) {
				final double v = values[i * size + j];
				mean[j] += v / n;
				all += v * v;
			}
		}
		if (all == 0) return 0;
		double dev = 0;
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < size; j++) {
				final double d = values[i * size + j] - mean[j];
				dev += d * d;
			}
		}
		return Math.sqrt(dev / all);
	}

	/** The features at {@code cut} of every sample, computed in batches. */
	private static Features features(final Runner runner, final Cut cut,
		final LabelledSamples data, final Normalization normalization)
	{
		final int n = data.count(), size = data.shape().size(), out = cut.features().size();
		final float[] values = new float[Math.multiplyExact(n, out)];
		final int[] labels = new int[n];
		final float[] x = new float[Math.min(BATCH, n) * size];
		for (int from = 0; from < n; from += BATCH) {
			final int b = Math.min(BATCH, n - from);
			for (int i = 0; i < b; i++) {
				data.fill(from + i, x, i * size);
				labels[from + i] = data.label(from + i);
			}
			normalization.apply(x, 0, b * size);
			System.arraycopy(runner.activations(cut.layer(), x, b), 0, values, from * out, b * out);
		}
		return new Features(cut.features(), data.classes(), values, labels);
	}

	private static boolean frozen(final ComputationGraphConfiguration conf, final String name) {
		final GraphVertex v = conf.getVertices().get(name);
		return v != null && Networks.isFrozen(v);
	}

	private static List<String> consumers(final ComputationGraphConfiguration conf,
		final String name)
	{
		final List<String> c = new ArrayList<>();
		for (final Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
			if (e.getValue().contains(name)) c.add(e.getKey());
		}
		return c;
	}

	/** Features held in memory, with their labels. */
	private record Features(InputShape shape, List<String> classes, float[] values,
		int[] labels) implements LabelledSamples
	{

		@Override
		public int count() {
			return labels.length;
		}

		@Override
		public void fill(final int index, final float[] dest, final int offset) {
			System.arraycopy(values, index * shape.size(), dest, offset, shape.size());
		}

		@Override
		public int label(final int index) {
			return labels[index];
		}

		@Override
		public double[] valueSums() {
			double sum = 0, squares = 0;
			for (final float v : values) {
				sum += v;
				squares += (double) v * v;
			}
			return new double[] { values.length, sum, squares };
		}
	}
}
