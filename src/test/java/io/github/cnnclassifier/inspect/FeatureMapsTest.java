package io.github.cnnclassifier.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.engine.Runner;
import io.github.cnnclassifier.engine.Runners;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.tensor.ImageSamples;
import io.github.cnnclassifier.tensor.InputShape;

import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A layer's output for the planes of the shipped digit stack. */
class FeatureMapsTest {

	private final ModelBundle model = TestModels.digits();
	private final ImageSamples stack = new ImageSamples(IJ.openImage(TestModels.DIGITS_STACK
		.toString()), model.inputShape());

	@Test
	void mapKOfPlaneIIsChannelKOfTheLayersActivation() {
		final FeatureMaps maps = FeatureMaps.of(model, "conv_2", stack);
		assertEquals(40, maps.samples());
		assertEquals(16, maps.channels());
		assertEquals(14, maps.height());
		assertEquals(14, maps.width());
		final float[] x = raw(40);
		try (Runner runner = Runners.of(model.network(), model.inputShape())) {
			final float[] act = runner.activations("conv_2", x, 40);
			for (int i = 0; i < 40; i++) {
				for (int k = 0; k < 16; k++) {
					final float[] channel = new float[14 * 14];
					System.arraycopy(act, (i * 16 + k) * 196, channel, 0, 196);
					assertArrayEquals(channel, maps.map(i, k), 0f, "plane " + i + " channel " + k);
				}
			}
		}
	}

	/** NB: independent of the engine: DL4J's own forward pass. */
	@Test
	void theMapsAreWhatDl4jComputes() {
		final FeatureMaps maps = FeatureMaps.of(model, "relu_1", stack);
		final float[] x = raw(3);
		final ComputationGraphConfiguration conf = model.network().getConfiguration();
		final WorkspaceMode mode = conf.getInferenceWorkspaceMode();
		conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
		final INDArray relu;
		try {
			final Map<String, INDArray> all = model.network().feedForward(new INDArray[] { Nd4j
				.create(x, new long[] { 3, 1, 28, 28 }, 'c') }, false, false);
			relu = all.get("relu_1").dup('c');
		}
		finally {
			conf.setInferenceWorkspaceMode(mode);
		}
		for (int i = 0; i < 3; i++) {
			for (int k = 0; k < 8; k++) {
				final float[] m = maps.map(i, k);
				for (int y = 0; y < 28; y++) {
					for (int xx = 0; xx < 28; xx++) {
						assertEquals(relu.getFloat(i, k, y, xx), m[y * 28 + xx], 1e-4f);
					}
				}
			}
		}
		float max = 0;
		for (final float v : maps.values()) max = Math.max(max, v);
		assertTrue(max > 0.1, "relu_1 is not all zero: " + max);
	}

	@Test
	void theHeadsMapsAreTheClassProbabilities() {
		final FeatureMaps maps = FeatureMaps.of(model, "fc_softmax", stack);
		assertEquals(10, maps.channels());
		assertEquals(1, maps.height());
		final float[] x = new float[40 * 784];
		for (int i = 0; i < 40; i++) stack.fill(i, x, i * 784);
		try (Classifier c = new Classifier(model)) {
			final float[] p = c.probabilities(x, 40);
			assertArrayEquals(p, maps.values(), 1e-6f);
		}
	}

	@Test
	void samplesOfAnotherSizeAndUnknownLayersAreRefused() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> FeatureMaps.of(model, "conv_1", new ImageSamples(stack.image(), new InputShape(
				32, 32, 1))));
		assertEquals("Samples of size 32x32x1 do not fit the model input 28x28x1", e
			.getMessage());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> FeatureMaps.of(model,
			"conv", stack)).getMessage().startsWith("The model has no layer 'conv'. Its layers: " +
				"conv_1, bn_1,"));
	}

	private float[] raw(final int n) {
		final float[] x = new float[n * 784];
		for (int i = 0; i < n; i++) stack.fill(i, x, i * 784);
		model.normalization().apply(x, 0, x.length);
		return x;
	}
}
