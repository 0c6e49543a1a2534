package io.github.cnnclassifier.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.tensor.InputShape;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class ArchitecturesTest {

	private static final InputShape DIGIT = new InputShape(28, 28, 1);

	private static ComputationGraphConfiguration build(final String spec, final InputShape in,
		final int classes)
	{
		return Architectures.build(Architectures.spec(spec), in, classes, new SgdMomentum(), 0,
			1, null);
	}

	@Test
	void theLectureCnnIsTheMatlabExampleLayerForLayer() {
		final ComputationGraphConfiguration conf = build(Architectures.LECTURE_CNN, DIGIT, 10);
		assertEquals(List.of("conv_1", "bn_1", "relu_1", "maxpool_1", "conv_2", "bn_2", "relu_2",
			"maxpool_2", "conv_3", "bn_3", "relu_3", Architectures.HEAD), Architectures.layerNames(
				conf));
		final List<Class<?>> types = new ArrayList<>();
		for (final String name : Architectures.layerNames(conf)) types.add(layer(conf, name)
			.getClass());
		assertEquals(List.of(ConvolutionLayer.class, BatchNormalization.class,
			ActivationLayer.class, SubsamplingLayer.class, ConvolutionLayer.class,
			BatchNormalization.class, ActivationLayer.class, SubsamplingLayer.class,
			ConvolutionLayer.class, BatchNormalization.class, ActivationLayer.class,
			OutputLayer.class), types);
		final long[] filters = { 8, 16, 32 };
		for (int block = 1; block <= 3; block++) {
			final ConvolutionLayer conv = (ConvolutionLayer) layer(conf, "conv_" + block);
			assertArrayEquals(new int[] { 3, 3 }, conv.getKernelSize());
			assertEquals(filters[block - 1], conv.getNOut());
			assertEquals(ConvolutionMode.Same, conv.getConvolutionMode());
		}
		final SubsamplingLayer pool = (SubsamplingLayer) layer(conf, "maxpool_1");
		assertArrayEquals(new int[] { 2, 2 }, pool.getKernelSize());
		assertArrayEquals(new int[] { 2, 2 }, pool.getStride());
		final OutputLayer out = (OutputLayer) layer(conf, Architectures.HEAD);
		assertEquals(7 * 7 * 32, out.getNIn());
		assertEquals(10, out.getNOut());
		assertEquals(ActivationSoftmax.class, out.getActivationFn().getClass());
		assertEquals(LossMCXENT.class, out.getLossFn().getClass());
	}

	@Test
	void itsParameterCountMatchesTheLecture() {
		Nd4jBackend.load();
		final ComputationGraph net = new ComputationGraph(build(Architectures.LECTURE_CNN, DIGIT,
			10));
		net.init();
		// conv 3*3*1*8+8, BN 2*8, conv 3*3*8*16+16, BN 2*16, conv 3*3*16*32+32, BN 2*32,
		// FC 1568*10+10; DL4J also keeps BN's running mean and variance as parameters.
		final long learnable = 80 + 16 + 1168 + 32 + 4640 + 64 + 15690;
		final long running = 2 * (8 + 16 + 32);
		assertEquals(learnable + running, net.numParams());
	}

	@Test
	void takesTheInputSizeAndChannelsOfTheData() {
		final ComputationGraphConfiguration conf = build(Architectures.LECTURE_CNN,
			new InputShape(64, 48, 3), 2);
		assertEquals(3, ((ConvolutionLayer) layer(conf, "conv_1")).getNIn());
		assertEquals(16 * 12 * 32, ((OutputLayer) layer(conf, Architectures.HEAD)).getNIn());
	}

	@Test
	void aResidualBlockAddsItsInputOrItsProjection() {
		final ComputationGraphConfiguration conf = build(
			"conv3x3x8 res[conv3x3x8 bn relu conv3x3x8] res[conv3x3x16s2 relu] dropout0.5", DIGIT,
			3);
		assertEquals(List.of("conv_1", "conv_2", "bn_1", "relu_1", "conv_3", "res_1", "conv_4",
			"relu_2", "res_2_shortcut", "res_2", "dropout_1", Architectures.HEAD),
			Architectures.layerNames(conf));
		assertTrue(conf.getVertices().get("res_1") instanceof ElementWiseVertex);
		assertEquals(List.of("conv_3", "conv_1"), conf.getVertexInputs().get("res_1"));
		assertEquals(List.of("conv_1"), conf.getVertexInputs().get("conv_2"), "the body starts " +
			"from the block's input");
		final ConvolutionLayer shortcut = (ConvolutionLayer) layer(conf, "res_2_shortcut");
		assertArrayEquals(new int[] { 1, 1 }, shortcut.getKernelSize());
		assertArrayEquals(new int[] { 2, 2 }, shortcut.getStride());
		assertEquals(16, shortcut.getNOut());
		assertEquals(List.of("relu_2", "res_2_shortcut"), conf.getVertexInputs().get("res_2"));
		// NB: DL4J's dropout argument is the probability of keeping a value.
		assertEquals(0.5, ((org.deeplearning4j.nn.conf.dropout.Dropout) ((DropoutLayer) layer(
			conf, "dropout_1")).getIDropout()).getP());
		assertEquals(14 * 14 * 16, ((OutputLayer) layer(conf, Architectures.HEAD)).getNIn());
	}

	@Test
	void thePresetsBuildForMicroscopySizes() {
		for (final String preset : Architectures.names()) {
			final ComputationGraphConfiguration conf = build(preset, new InputShape(64, 64, 3), 4);
			assertEquals(4, ((OutputLayer) layer(conf, Architectures.HEAD)).getNOut(), preset);
		}
		assertEquals("vgg-small", Architectures.nameOf(Architectures.spec("vgg-small")));
		assertEquals("custom", Architectures.nameOf(LayerSpec.parse("conv3x3x4 relu")));
	}

	@Test
	void aSpecThatDoesNotFitTheInputNamesTheLayer() {
		final ModelException small = assertThrows(ModelException.class, () -> build(
			"conv3x3x8 maxpool2 maxpool2 maxpool2", new InputShape(6, 6, 1), 2));
		assertTrue(small.getMessage().contains("maxpool2 (maxpool_3)") && small.getMessage()
			.contains("too small"), small.getMessage());
		final ModelException flat = assertThrows(ModelException.class, () -> build(
			"conv3x3x8 gap conv3x3x8", DIGIT, 2));
		assertTrue(flat.getMessage().contains("conv3x3x8 (conv_2)") && flat.getMessage().contains(
			"after gap or fc"), flat.getMessage());
	}

	@Test
	void refusesUnknownNamesAndSingleClasses() {
		final ModelException e = assertThrows(ModelException.class, () -> Architectures.spec(
			"alex-net"));
		assertTrue(e.getMessage().contains("lecture-cnn"), e.getMessage());
		assertThrows(ModelException.class, () -> build(Architectures.LECTURE_CNN, DIGIT, 1));
	}

	private static Layer layer(final ComputationGraphConfiguration conf, final String name) {
		return ((LayerVertex) conf.getVertices().get(name)).getLayerConf().getLayer();
	}
}
