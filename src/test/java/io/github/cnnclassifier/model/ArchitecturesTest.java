package io.github.cnnclassifier.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cnnclassifier.tensor.InputShape;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class ArchitecturesTest {

	@Test
	void theLectureCnnIsTheMatlabExampleLayerForLayer() {
		final MultiLayerConfiguration conf = Architectures.build(Architectures.LECTURE_CNN,
			new InputShape(28, 28, 1), 10, new SgdMomentum(), 0, 1);
		final List<Class<?>> types = new ArrayList<>();
		for (int i = 0; i < conf.getConfs().size(); i++) {
			types.add(conf.getConf(i).getLayer().getClass());
		}
		assertEquals(List.of(ConvolutionLayer.class, BatchNormalization.class,
			ActivationLayer.class, SubsamplingLayer.class, ConvolutionLayer.class,
			BatchNormalization.class, ActivationLayer.class, SubsamplingLayer.class,
			ConvolutionLayer.class, BatchNormalization.class, ActivationLayer.class,
			OutputLayer.class), types);
		final long[] filters = { 8, 16, 32 };
		for (int block = 0; block < 3; block++) {
			final ConvolutionLayer conv = (ConvolutionLayer) layer(conf, block * 4);
			assertArrayEquals(new int[] { 3, 3 }, conv.getKernelSize());
			assertEquals(filters[block], conv.getNOut());
			assertEquals(ConvolutionMode.Same, conv.getConvolutionMode());
		}
		final SubsamplingLayer pool = (SubsamplingLayer) layer(conf, 3);
		assertArrayEquals(new int[] { 2, 2 }, pool.getKernelSize());
		assertArrayEquals(new int[] { 2, 2 }, pool.getStride());
		final OutputLayer out = (OutputLayer) layer(conf, 11);
		assertEquals(7 * 7 * 32, out.getNIn());
		assertEquals(10, out.getNOut());
		assertEquals(ActivationSoftmax.class, out.getActivationFn().getClass());
		assertEquals(LossMCXENT.class, out.getLossFn().getClass());
	}

	@Test
	void itsParameterCountMatchesTheLecture() {
		Nd4jBackend.load();
		final MultiLayerNetwork net = new MultiLayerNetwork(Architectures.build(
			Architectures.LECTURE_CNN, new InputShape(28, 28, 1), 10, new SgdMomentum(), 0, 1));
		net.init();
		// conv 3*3*1*8+8, BN 2*8, conv 3*3*8*16+16, BN 2*16, conv 3*3*16*32+32, BN 2*32,
		// FC 1568*10+10; DL4J also keeps BN's running mean and variance as parameters.
		final long learnable = 80 + 16 + 1168 + 32 + 4640 + 64 + 15690;
		final long running = 2 * (8 + 16 + 32);
		assertEquals(learnable + running, net.numParams());
	}

	@Test
	void takesTheInputSizeAndChannelsOfTheData() {
		final MultiLayerConfiguration conf = Architectures.build(Architectures.LECTURE_CNN,
			new InputShape(64, 48, 3), 2, new SgdMomentum(), 0, 1);
		assertEquals(3, ((ConvolutionLayer) layer(conf, 0)).getNIn());
		assertEquals(16 * 12 * 32, ((OutputLayer) layer(conf, 11)).getNIn());
	}

	@Test
	void refusesUnknownNamesAndSingleClasses() {
		assertThrows(ModelException.class, () -> Architectures.build("alexnet",
			new InputShape(28, 28, 1), 10, new SgdMomentum(), 0, 1));
		assertThrows(ModelException.class, () -> Architectures.build(
			Architectures.LECTURE_CNN, new InputShape(28, 28, 1), 1, new SgdMomentum(), 0, 1));
	}

	private static Layer layer(final MultiLayerConfiguration conf, final int i) {
		return conf.getConf(i).getLayer();
	}
}
