package io.github.cnnclassifier.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cnnclassifier.tensor.InputShape;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

class SgdMomentumTest {

	@Test
	void takesClassicalMomentumSteps() {
		Nd4jBackend.load();
		final double lr = 0.1, m = 0.9;
		final INDArray state = Nd4j.zeros(DataType.FLOAT, 1, 3);
		@SuppressWarnings("unchecked")
		final GradientUpdater<SgdMomentum> u = new SgdMomentum(lr, m).instantiate(state, true);
		final float[][] gradients = { { 1, 2, -1 }, { 0.5f, -1, 0 }, { 2, 0, 1 } };
		final double[] v = new double[3];
		for (int step = 0; step < gradients.length; step++) {
			final INDArray g = Nd4j.createFromArray(gradients[step]).reshape(1, 3);
			u.applyUpdater(g, step, 0);
			// PyTorch: buf = m buf + g; w -= lr buf. DL4J subtracts what applyUpdater leaves in g.
			final float[] expected = new float[3];
			for (int i = 0; i < 3; i++) {
				v[i] = m * v[i] + lr * gradients[step][i];
				expected[i] = (float) v[i];
			}
			assertArrayEquals(expected, g.toFloatVector(), 1e-6f, "step " + step);
		}
	}

	@Test
	void survivesTheNetworkConfigurationJson() {
		final ComputationGraphConfiguration conf = Architectures.build(Architectures.spec(
			Architectures.LECTURE_CNN), new InputShape(28, 28, 1), 10, new SgdMomentum(0.02, 0.8),
			1e-4, 7, null);
		final ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf
			.toJson());
		final BaseLayer conv = (BaseLayer) ((LayerVertex) back.getVertices().get("conv_1"))
			.getLayerConf().getLayer();
		assertEquals(new SgdMomentum(0.02, 0.8), conv.getIUpdater());
	}
}
