package io.github.cnnclassifier.model;

import io.github.cnnclassifier.tensor.InputShape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Turns DL4J networks into the one kind the plugin computes: computation graphs with named layers. */
public final class Networks {

	private Networks() {}

	/** A vertex without the frozen wrapper DL4J's transfer learning puts round it. */
	public static GraphVertex unwrap(final GraphVertex v) {
		return v instanceof FrozenVertex f ? f.getUnderlying() : v;
	}

	/** The layer of a vertex without frozen wrappers, or null for a vertex that is no layer. */
	public static Layer layer(final GraphVertex v) {
		if (!(unwrap(v) instanceof LayerVertex lv)) return null;
		Layer l = lv.getLayerConf().getLayer();
		if (l instanceof FrozenLayer f) l = f.getLayer();
		if (l instanceof FrozenLayerWithBackprop f) l = f.getUnderlying();
		return l;
	}

	/** Whether a vertex is frozen: in a frozen wrapper, or a frozen layer. */
	public static boolean isFrozen(final GraphVertex v) {
		return v instanceof FrozenVertex || v instanceof LayerVertex lv && (lv.getLayerConf()
			.getLayer() instanceof FrozenLayer || lv.getLayerConf()
				.getLayer() instanceof FrozenLayerWithBackprop);
	}

	/**
	 * Each vertex's output type for one sample of {@code input}. NB: worked out
	 * on a clone: DL4J overwrites the layers' nIn while doing it.
	 */
	public static Map<String, InputType> activationTypes(final ComputationGraphConfiguration conf,
		final InputShape input)
	{
		return conf.clone().getLayerActivationTypes(true, false, InputType.convolutional(input
			.height(), input.width(), input.channels()));
	}

	/**
	 * The same network as a graph whose vertices are named after the layers
	 * (unnamed ones {@code layer_<i>}), with the same parameters and updater state.
	 */
	public static ComputationGraph toGraph(final MultiLayerNetwork net) {
		final ComputationGraph graph = new ComputationGraph(toGraph(net
			.getLayerWiseConfigurations()));
		// NB: a single stack orders its parameters (and updater state) as the layer list does.
		graph.init(net.params().dup(), false);
		if (net.getUpdater() != null && net.getUpdater().getStateViewArray() != null) {
			graph.getUpdater().getStateViewArray().assign(net.getUpdater().getStateViewArray());
		}
		return graph;
	}

	/**
	 * The configuration of {@link #toGraph(MultiLayerNetwork)}'s graph, whose
	 * flat parameters (and updater state) are the stack's as they are.
	 */
	public static ComputationGraphConfiguration toGraph(final MultiLayerConfiguration stack) {
		final MultiLayerConfiguration conf = stack.clone();
		final ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
			.dataType(conf.getDataType()).trainingWorkspaceMode(conf.getTrainingWorkspaceMode())
			.inferenceWorkspaceMode(conf.getInferenceWorkspaceMode()).graphBuilder()
			.addInputs(Architectures.INPUT);
		final List<String> order = new ArrayList<>(List.of(Architectures.INPUT));
		final Set<String> names = new HashSet<>();
		final List<NeuralNetConfiguration> layers = conf.getConfs();
		for (int i = 0; i < layers.size(); i++) {
			final Layer layer = layers.get(i).getLayer();
			String name = layer.getLayerName();
			if (name == null || name.isEmpty() || !names.add(name)) name = "layer_" + i;
			names.add(name);
			final InputPreProcessor pre = conf.getInputPreProcess(i);
			b.addLayer(name, layer, pre, order.get(order.size() - 1));
			order.add(name);
		}
		b.setOutputs(order.get(order.size() - 1));
		final ComputationGraphConfiguration graph = b.build();
		// NB: a chain's topological order is its layer list, as DL4J's init would work it out;
		// stated here, so that its parameters can be read before (and without) building it.
		graph.setTopologicalOrderStr(order);
		graph.setTopologicalOrder(java.util.stream.IntStream.range(0, order.size()).toArray());
		return graph;
	}

	/** The vertices of {@code net} in the order DL4J computes them and lays out their parameters. */
	public static List<String> order(final ComputationGraph net) {
		final org.deeplearning4j.nn.graph.vertex.GraphVertex[] vertices = net.getVertices();
		return Arrays.stream(net.topologicalSortOrder()).mapToObj(i -> vertices[i]
			.getVertexName()).toList();
	}

	/**
	 * Floating-point operations of one image's forward pass through the
	 * convolutions and fully connected layers (two per multiply-add).
	 */
	public static double forwardFlops(final ComputationGraphConfiguration conf,
		final InputShape shape)
	{
		final Map<String, InputType> types = activationTypes(conf, shape);
		double flops = 0;
		for (final Map.Entry<String, GraphVertex> v : conf.getVertices().entrySet()) {
			final Layer layer = layer(v.getValue());
			if (layer == null) continue;
			final InputType out = types.get(v.getKey());
			if (layer instanceof ConvolutionLayer c && out instanceof InputType.InputTypeConvolutional o) {
				flops += 2.0 * c.getKernelSize()[0] * c.getKernelSize()[1] * c.getNIn() * c.getNOut() *
					o.getHeight() * o.getWidth();
			}
			else if (layer instanceof DenseLayer || layer instanceof OutputLayer) {
				final FeedForwardLayer f = (FeedForwardLayer) layer;
				flops += 2.0 * f.getNIn() * f.getNOut();
			}
		}
		return flops;
	}
}
