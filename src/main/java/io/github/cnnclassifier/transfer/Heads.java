package io.github.cnnclassifier.transfer;

import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.model.Networks;
import io.github.cnnclassifier.tensor.InputShape;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Replaces a network's classifier by a new head for other classes, and
 * freezes what should stay, with DL4J's transfer-learning builder.
 * <p>
 * The classifier is found from the output backwards: the layers without
 * parameters there (softmax, loss, global pooling, dropout) and the first
 * layer with parameters (the dense or 1x1 convolution layer that gives the
 * old class scores). The new head is a fully connected softmax layer
 * ({@value Architectures#HEAD}) on the layer before, after a global average
 * pooling ({@value #POOL}) where the old classifier pooled globally.
 * </p>
 */
final class Heads {

	/** Name of the global pooling a new head gets where the old classifier pooled. */
	static final String POOL = "gap_head";

	private Heads() {}

	/**
	 * A transferred network.
	 *
	 * @param featureLayer the layer whose output the new head takes
	 * @param removed the old classifier's layers, output first
	 * @param head the new head's layers
	 * @param frozen the frozen layers, in the network's order
	 */
	record Transfer(ComputationGraph network, String featureLayer, List<String> removed,
		List<String> head, List<String> frozen)
	{}

	/**
	 * {@code base} with a new head for {@code classes} classes, every layer
	 * trained with {@code updater} (the head with {@code headUpdater}) and L2
	 * factor {@code l2}, and layer
	 * {@code freeze} and all it depends on frozen (empty: all but the new head;
	 * {@link TransferOptions#NOTHING}: nothing).
	 *
	 * @param classWeights weight of each class in the loss, or null
	 * @throws ModelException if no classifier can be found, the network does not
	 *           take {@code input}, or {@code freeze} names no layer of it
	 */
	static Transfer replace(final ComputationGraph base, final InputShape input,
		final int classes, final String freeze, final IUpdater updater, final IUpdater headUpdater,
		final double l2, final long seed, final double[] classWeights)
	{
		final ComputationGraphConfiguration conf = base.getConfiguration();
		final List<String> removed = classifier(conf);
		final String feature = conf.getVertexInputs().get(removed.get(removed.size() - 1)).get(0);
		boolean pooled = false;
		for (final String r : removed) {
			pooled |= Networks.layer(conf.getVertices().get(r)) instanceof GlobalPoolingLayer;
		}
		final InputType type = activationTypes(conf, input).get(feature);
		final FineTuneConfiguration tune = new FineTuneConfiguration.Builder().updater(updater)
			.biasUpdater(updater).l2(l2).seed(seed).build();
		final TransferLearning.GraphBuilder b = new TransferLearning.GraphBuilder(base)
			.fineTuneConfiguration(tune);
		for (final String r : removed) b.removeVertexAndConnections(r);
		final List<String> head = new ArrayList<>();
		String from = feature;
		final long nIn;
		CnnToFeedForwardPreProcessor flatten = null;
		if (type instanceof InputType.InputTypeConvolutional c && pooled) {
			// NB: over height and width: axes 1 and 2 of a channels-last Keras base ChannelsFirst
			// cannot convert.
			b.addLayer(POOL, new GlobalPoolingLayer.Builder(PoolingType.AVG).poolingDimensions(c
				.getFormat() == CNN2DFormat.NHWC ? new int[] { 1, 2 } : new int[] { 2, 3 }).build(),
				feature);
			head.add(POOL);
			from = POOL;
			nIn = c.getChannels();
		}
		else if (type instanceof InputType.InputTypeConvolutional c) {
			flatten = new CnnToFeedForwardPreProcessor(c.getHeight(), c.getWidth(), c.getChannels(),
				c.getFormat());
			nIn = c.arrayElementsPerExample();
		}
		else nIn = type.arrayElementsPerExample();
		b.addLayer(Architectures.HEAD, Architectures.head(classes, classWeights).nIn(nIn)
			.weightInit(WeightInit.XAVIER_UNIFORM).updater(headUpdater).biasUpdater(headUpdater)
			.build(), flatten, from);
		head.add(Architectures.HEAD);
		b.setOutputs(Architectures.HEAD);
		final String at = check(base, freeze);
		if (at != null) b.setFeatureExtractor(at);
		final ComputationGraph net;
		try {
			net = b.build();
		}
		catch (final RuntimeException e) {
			throw new ModelException("Cannot put a new head on the base network: " + e
				.getMessage(), e);
		}
		return new Transfer(net, feature, List.copyOf(removed), List.copyOf(head), frozen(net));
	}

	/**
	 * The layer that {@code freeze} names (empty: the one before the
	 * classifier), or null for {@link TransferOptions#NOTHING}; checked before
	 * anything is trained.
	 *
	 * @throws ModelException if the base network's classifier cannot be found,
	 *           or {@code freeze} names no layer that stays
	 */
	static String check(final ComputationGraph base, final String freeze) {
		final ComputationGraphConfiguration conf = base.getConfiguration();
		final List<String> removed = classifier(conf);
		final Set<String> kept = new HashSet<>(conf.getVertexInputs().keySet());
		removed.forEach(kept::remove);
		if (kept.contains(Architectures.HEAD) || kept.contains(POOL)) {
			throw new ModelException("The base network already has a layer named " + Architectures
				.HEAD + " or " + POOL + " besides its classifier; rename it to transfer it.");
		}
		if (freeze.equalsIgnoreCase(TransferOptions.NOTHING)) return null;
		if (freeze.isEmpty()) return conf.getVertexInputs().get(removed.get(removed.size() - 1))
			.get(0);
		if (!kept.contains(freeze)) {
			throw new ModelException("freeze: the base network has no layer '" + freeze + "' (once " +
				"its classifier " + removed + " is replaced); its layers are " + layers(conf, kept) +
				".");
		}
		return freeze;
	}

	/**
	 * The classifier's layers, output first: the layers without parameters
	 * at the output and the first one with.
	 */
	private static List<String> classifier(final ComputationGraphConfiguration conf) {
		if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
			throw new ModelException("The base network has " + conf.getNetworkInputs().size() +
				" inputs and " + conf.getNetworkOutputs().size() + " outputs; a classifier to " +
				"transfer has one of each.");
		}
		final String in = conf.getNetworkInputs().get(0);
		final List<String> removed = new ArrayList<>();
		String v = conf.getNetworkOutputs().get(0);
		while (true) {
			final List<String> inputs = conf.getVertexInputs().get(v);
			if (inputs == null || inputs.size() != 1) {
				throw new ModelException("Cannot find the classifier of the base network: its " +
					"output comes through " + v + ", which takes " + (inputs == null ? 0 : inputs
						.size()) + " inputs, before any layer with weights.");
			}
			removed.add(v);
			final boolean weights = Networks.unwrap(conf.getVertices().get(v)).numParams(true) > 0;
			v = inputs.get(0);
			if (v.equals(in)) {
				throw new ModelException(weights ? "The base network is a single layer: nothing is " +
					"left to transfer once its classifier is replaced." : "Cannot find the " +
						"classifier of the base network: no layer with weights leads to its output.");
			}
			if (weights) return removed;
		}
	}

	/** The output type of every vertex for inputs of {@code input}. */
	static Map<String, InputType> activationTypes(final ComputationGraphConfiguration conf,
		final InputShape input)
	{
		try {
			return Networks.activationTypes(conf, input);
		}
		catch (final RuntimeException e) {
			throw new ModelException("The base network cannot take inputs of " + input +
				" (height x width x channels): " + e.getMessage(), e);
		}
	}

	/**
	 * The same network and parameters with no layer frozen, every layer
	 * trained with {@code updater} but the new head with {@code headUpdater}
	 * (a fresh optimiser state).
	 */
	static ComputationGraph unfreeze(final ComputationGraph net, final IUpdater updater,
		final IUpdater headUpdater)
	{
		final ComputationGraphConfiguration conf = net.getConfiguration().clone();
		for (final Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
			final GraphVertex v = Networks.unwrap(e.getValue());
			e.setValue(v);
			if (!(v instanceof LayerVertex lv)) continue;
			final Layer layer = Networks.layer(v);
			lv.getLayerConf().setLayer(layer);
			if (layer instanceof BaseLayer b) {
				final IUpdater u = e.getKey().equals(Architectures.HEAD) ? headUpdater : updater;
				b.setIUpdater(u);
				b.setBiasUpdater(u);
			}
		}
		final ComputationGraph all = new ComputationGraph(conf);
		all.init(net.params().dup(), false);
		return all;
	}

	/** The frozen layers of {@code net}, in its order. */
	static List<String> frozen(final ComputationGraph net) {
		final List<String> frozen = new ArrayList<>();
		for (final Map.Entry<String, GraphVertex> e : net.getConfiguration().getVertices()
			.entrySet())
		{
			if (Networks.isFrozen(e.getValue())) frozen.add(e.getKey());
		}
		return frozen;
	}


	private static String layers(final ComputationGraphConfiguration conf,
		final Set<String> kept)
	{
		final List<String> names = new ArrayList<>();
		for (final String name : conf.getVertexInputs().keySet()) {
			if (kept.contains(name)) names.add(name);
		}
		return names.size() <= 30 ? String.join(", ", names) : String.join(", ", names.subList(0,
			15)) + ", ... " + String.join(", ", names.subList(names.size() - 10, names.size()));
	}
}
