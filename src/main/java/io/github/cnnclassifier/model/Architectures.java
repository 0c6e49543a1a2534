package io.github.cnnclassifier.model;

import io.github.cnnclassifier.tensor.InputShape;

import java.util.List;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The network architectures users can train, by name. */
public final class Architectures {

	/** The lecture's CNN (MATLAB's digit example), layer for layer. */
	public static final String LECTURE_CNN = "lecture-cnn";

	private Architectures() {}

	/** Names accepted by {@link #build}. */
	public static List<String> names() {
		return List.of(LECTURE_CNN);
	}

	/**
	 * Builds the configuration of architecture {@code name} for the given
	 * input and number of classes.
	 *
	 * @param l2 L2 regularisation factor of the weights (not the biases), 0 for none
	 */
	public static MultiLayerConfiguration build(final String name, final InputShape input,
		final int classes, final IUpdater updater, final double l2, final long seed)
	{
		if (!LECTURE_CNN.equals(name)) {
			throw new ModelException("Unknown architecture '" + name + "'; known: " + names());
		}
		return lectureCnn(input, classes, updater, l2, seed);
	}

	/**
	 * conv 3x3x8 'same' - batch norm - ReLU - max-pool 2x2/2 - conv 3x3x16 - BN -
	 * ReLU - max-pool - conv 3x3x32 - BN - ReLU - fully connected - softmax -
	 * cross-entropy, with Glorot-uniform weights as MATLAB initialises them.
	 */
	static MultiLayerConfiguration lectureCnn(final InputShape input, final int classes,
		final IUpdater updater, final double l2, final long seed)
	{
		if (classes < 2) throw new ModelException("A classifier needs at least 2 classes");
		final NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
			.seed(seed)
			.updater(updater)
			.l2(l2)
			.weightInit(WeightInit.XAVIER_UNIFORM)
			.trainingWorkspaceMode(WorkspaceMode.ENABLED)
			.inferenceWorkspaceMode(WorkspaceMode.ENABLED)
			.list();
		int block = 0;
		for (final int filters : new int[] { 8, 16, 32 }) {
			block++;
			layers.layer(new ConvolutionLayer.Builder(3, 3).nOut(filters)
				.convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY)
				.name("conv_" + block).build());
			layers.layer(new BatchNormalization.Builder().eps(1e-5).decay(0.9)
				.name("bn_" + block).build());
			layers.layer(new ActivationLayer.Builder().activation(Activation.RELU)
				.name("relu_" + block).build());
			if (block < 3) {
				layers.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
					.kernelSize(2, 2).stride(2, 2).name("maxpool_" + block).build());
			}
		}
		layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
			.nOut(classes).activation(Activation.SOFTMAX).name("fc_softmax").build());
		return layers.setInputType(InputType.convolutional(input.height(), input.width(),
			input.channels())).build();
	}
}
