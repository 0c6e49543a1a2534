package io.github.cnnclassifier.model;

import io.github.cnnclassifier.tensor.InputShape;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A trained network with the metadata needed to use it: labels, input shape
 * and normalisation. NB: the network is not thread-safe; use one bundle per thread.
 */
public final class ModelBundle {

	private final MultiLayerNetwork network;
	private final ModelMetadata metadata;

	public ModelBundle(final MultiLayerNetwork network, final ModelMetadata metadata) {
		this.network = network;
		this.metadata = metadata;
	}

	public MultiLayerNetwork network() {
		return network;
	}

	public ModelMetadata metadata() {
		return metadata;
	}

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
