package io.github.cnnclassifier.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The values of a network's parameters as DL4J's {@code getParam(key)} of a
 * layer shapes them, in row-major ('c') order: from a built network, or
 * from the flat values of a model file ({@link FlatParams}) without one.
 */
@FunctionalInterface
public interface ParamSource {

	/**
	 * The values of parameter {@code key} of layer {@code layer}, row-major,
	 * or null if that layer has no such parameter.
	 *
	 * @throws IllegalArgumentException if the network has no layer {@code layer}
	 */
	float[] values(String layer, String key);

	/** The parameters of {@code net} as they are now. */
	static ParamSource of(final ComputationGraph net) {
		return (layer, key) -> {
			final Layer l = net.getLayer(layer);
			if (l == null) throw new IllegalArgumentException("The network has no layer " + layer);
			final INDArray a = l.getParam(key);
			return a == null ? null : a.dup('c').data().asFloat();
		};
	}
}
