package io.github.cnnclassifier.engine;

import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.Networks;
import io.github.cnnclassifier.model.ParamSource;

import java.util.List;
import java.util.function.Supplier;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A network as the engine reads it: the configuration, the vertices in
 * DL4J's order and the parameter values; and the DL4J network itself, asked
 * for only by what needs it (training's optimiser state, writing back).
 */
record NetworkSource(ComputationGraphConfiguration conf, List<String> order,
	Supplier<ParamSource> params, Supplier<ComputationGraph> network)
{

	/** A network that exists. */
	static NetworkSource of(final ComputationGraph net) {
		return new NetworkSource(net.getConfiguration(), Networks.order(net), () -> ParamSource
			.of(net), () -> net);
	}

	/** A model's network, built only if {@link #network()} is called. */
	static NetworkSource of(final ModelBundle model) {
		return new NetworkSource(model.configuration(), model.vertexOrder(), model::params,
			model::network);
	}

	/** Whether the network has a vertex (or input) of that name. */
	boolean has(final String vertex) {
		return conf.getVertices().containsKey(vertex) || conf.getNetworkInputs().contains(vertex);
	}
}
