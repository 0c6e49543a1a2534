package io.github.cnnclassifier.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;

/** Layer types and descriptions of layers that Keras files bring. */
class LayerTypesTest {

	/** Keras' ZeroPadding2D, then its Flatten frozen as a transfer freezes it. */
	private static ComputationGraph keras() {
		return new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder()
			.addInputs("in").setInputTypes(InputType.convolutional(4, 4, 1))
			.addLayer("zero_padding2d", new ZeroPaddingLayer.Builder(1, 2, 3, 4).build(), "in")
			.addVertex("flatten", new FrozenVertex(new PreprocessorVertex(
				new CnnToFeedForwardPreProcessor(7, 11, 1))), "zero_padding2d")
			.addLayer("dense", new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX)
				.build(), "flatten")
			.setOutputs("dense").build());
	}

	@Test
	void aFrozenKerasFlattenIsAFlattenNotFrozen() {
		assertEquals("Flatten", LayerTypes.type(keras(), "flatten"));
		assertEquals("Flattens its input into one vector", LayerTypes.description(keras(),
			"flatten", 1));
	}

	@Test
	void zeroPaddingSaysItsPadding() {
		assertEquals("Zero Padding", LayerTypes.type(keras(), "zero_padding2d"));
		assertEquals("Zero padding: 1 top, 2 bottom, 3 left, 4 right", LayerTypes.description(
			keras(), "zero_padding2d", 1));
	}
}
