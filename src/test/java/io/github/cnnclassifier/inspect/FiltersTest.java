package io.github.cnnclassifier.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.ModelBundle;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The kernels of a convolution layer, read from the trained lecture CNN. */
class FiltersTest {

	private final ModelBundle model = TestModels.digits();

	@Test
	void everyKernelWeightIsTheNetworksWeight() {
		for (final String layer : new String[] { "conv_1", "conv_2", "conv_3" }) {
			final Filters f = Filters.of(model, layer);
			final INDArray w = model.network().getLayer(layer).getParam("W");
			assertEquals(w.size(0), f.filters());
			assertEquals(w.size(1), f.channels());
			assertEquals(3, f.height());
			assertEquals(3, f.width());
			for (int k = 0; k < f.filters(); k++) {
				for (int c = 0; c < f.channels(); c++) {
					final float[] kernel = f.kernel(k, c);
					for (int y = 0; y < 3; y++) {
						for (int x = 0; x < 3; x++) {
							assertEquals(w.getFloat(k, c, y, x), kernel[y * 3 + x], 0f, layer + " #" + k);
						}
					}
				}
			}
		}
		assertEquals(8, Filters.of(model, "conv_1").filters());
		assertEquals(8, Filters.of(model, " conv_2 ").channels(), "names are trimmed");
	}

	@Test
	void anUnknownLayerIsNamedWithTheLayersThereAre() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Filters.of(model, "conv_9"));
		assertEquals("The model has no layer 'conv_9'. Its layers: conv_1, bn_1, relu_1, " +
			"maxpool_1, conv_2, bn_2, relu_2, maxpool_2, conv_3, bn_3, relu_3, fc_softmax.", e
				.getMessage());
	}

	@Test
	void aLayerWithoutKernelsNamesTheConvolutions() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Filters.of(model, "bn_1"));
		assertEquals("Layer 'bn_1' is a Batch Normalization, not a convolution: only " +
			"convolution layers have filters (conv_1, conv_2, conv_3).", e.getMessage());
	}
}
