package io.github.cnnclassifier.model;

import io.github.cnnclassifier.tensor.InputShape;

import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A trained network with the metadata needed to use it: labels, input shape
 * and normalisation. NB: the network is not thread-safe; use one bundle per thread.
 */
public record ModelBundle(ComputationGraph network, ModelMetadata metadata) {

	public List<String> labels() {
		return metadata.labels();
	}

	public InputShape inputShape() {
		return metadata.input();
	}

	public Normalization normalization() {
		return metadata.normalization();
	}
}
