package io.github.cnnclassifier.model;

import io.github.cnnclassifier.tensor.InputShape;

import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
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

	/**
	 * The same network as a graph whose vertices are named after the layers
	 * (unnamed ones {@code layer_<i>}), with the same parameters and updater state.
	 */
	public static ComputationGraph toGraph(final MultiLayerNetwork net) {
		final MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
		final ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
			.dataType(conf.getDataType()).trainingWorkspaceMode(conf.getTrainingWorkspaceMode())
			.inferenceWorkspaceMode(conf.getInferenceWorkspaceMode()).graphBuilder()
			.addInputs(Architectures.INPUT);
		String last = Architectures.INPUT;
		final Set<String> names = new HashSet<>();
		final List<NeuralNetConfiguration> layers = conf.getConfs();
		for (int i = 0; i < layers.size(); i++) {
			final Layer layer = layers.get(i).getLayer();
			String name = layer.getLayerName();
			if (name == null || name.isEmpty() || !names.add(name)) name = "layer_" + i;
			names.add(name);
			final InputPreProcessor pre = conf.getInputPreProcess(i);
			b.addLayer(name, layer, pre, last);
			last = name;
		}
		b.setOutputs(last);
		final ComputationGraph graph = new ComputationGraph(b.build());
		// NB: a single stack orders its parameters (and updater state) as the layer list does.
		graph.init(net.params().dup(), false);
		if (net.getUpdater() != null && net.getUpdater().getStateViewArray() != null) {
			graph.getUpdater().getStateViewArray().assign(net.getUpdater().getStateViewArray());
		}
		return graph;
	}

	/**
	 * Floating-point operations of one image's forward pass through the
	 * convolutions and fully connected layers (two per multiply-add).
	 */
	public static double forwardFlops(final ComputationGraph net, final InputShape shape) {
		final ComputationGraphConfiguration conf = net.getConfiguration().clone();
		final Map<String, InputType> types = conf.getLayerActivationTypes(true, false, InputType
			.convolutional(shape.height(), shape.width(), shape.channels()));
		double flops = 0;
		for (final Map.Entry<String, GraphVertex> v : conf.getVertices().entrySet()) {
			if (!(v.getValue() instanceof LayerVertex lv)) continue;
			Layer layer = lv.getLayerConf().getLayer();
			if (layer instanceof FrozenLayer f) layer = f.getLayer();
			if (layer instanceof FrozenLayerWithBackprop f) layer = f.getUnderlying();
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
