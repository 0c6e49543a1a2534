package io.github.cnnclassifier.inspect;

import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.Networks;
import io.github.cnnclassifier.tensor.InputShape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** The layers of a model as users address them: by the names the network summary shows. */
final class Layers {

	private Layers() {}

	/** The layer names in network order, the input excluded. */
	static List<String> names(final ModelBundle model) {
		final ComputationGraphConfiguration conf = model.network().getConfiguration();
		final List<String> recorded = model.metadata().layerNames();
		// NB: models of other origins record no names; the graph's order is then the order.
		if (!recorded.isEmpty() && recorded.containsAll(conf.getVertices().keySet()) && conf
			.getVertices().keySet().containsAll(recorded))
		{
			return recorded;
		}
		final List<String> names = new ArrayList<>(conf.getTopologicalOrderStr());
		names.removeAll(conf.getNetworkInputs());
		return names;
	}

	/**
	 * {@code layer}, trimmed, if the model has it.
	 *
	 * @throws IllegalArgumentException naming the layers it has
	 */
	static String require(final ModelBundle model, final String layer) {
		final String name = layer == null ? "" : layer.trim();
		final List<String> names = names(model);
		if (!names.contains(name)) {
			throw new IllegalArgumentException((name.isEmpty() ? "No layer given" :
				"The model has no layer '" + name + "'") + ". Its layers: " + String.join(", ",
					names) + ".");
		}
		return name;
	}

	/** The layer's configuration, unwrapped from a frozen layer; null for a vertex without layer (e.g. an addition). */
	static Layer conf(final ComputationGraph net, final String name) {
		return Networks.layer(net.getConfiguration().getVertices().get(name));
	}

	/** Whether the layer is frozen (no weight updates); false for a vertex without layer. */
	static boolean frozen(final ComputationGraph net, final String name) {
		final GraphVertex v = net.getConfiguration().getVertices().get(name);
		return v instanceof LayerVertex && Networks.isFrozen(v);
	}

	/** The output shape of every vertex (the input's included) for one sample of {@code input}. */
	static Map<String, MapShape> shapes(final ComputationGraph net, final InputShape input) {
		final Map<String, InputType> types = Networks.activationTypes(net.getConfiguration(),
			input);
		final Map<String, MapShape> shapes = new LinkedHashMap<>();
		shapes.put(Architectures.INPUT, new MapShape(input.channels(), input.height(), input
			.width(), false));
		for (final Map.Entry<String, InputType> e : types.entrySet()) {
			shapes.put(e.getKey(), MapShape.of(e.getValue()));
		}
		return shapes;
	}

	/** The output of a layer for one sample: channels x height x width, or {@code channels} flat values. */
	record MapShape(int channels, int height, int width, boolean flat) {

		static MapShape of(final InputType type) {
			if (type instanceof InputType.InputTypeConvolutional c) {
				return new MapShape((int) c.getChannels(), (int) c.getHeight(), (int) c.getWidth(),
					false);
			}
			if (type instanceof InputType.InputTypeFeedForward f) {
				return new MapShape((int) f.getSize(), 1, 1, true);
			}
			throw new IllegalStateException("Layer output of type " + type + " is not an image " +
				"or a vector");
		}

		int size() {
			return channels * height * width;
		}

		/** As MATLAB's analyzeNetwork writes an activation size: 28×28×8, or 1×1×10 for a flat one. */
		String text() {
			return height + "×" + width + "×" + channels;
		}
	}
}
