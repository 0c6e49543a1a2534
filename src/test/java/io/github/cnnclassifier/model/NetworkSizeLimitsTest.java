package io.github.cnnclassifier.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.tensor.InputShape;

import org.junit.jupiter.api.Test;

/** Networks too large to build are refused before DL4J allocates them. */
class NetworkSizeLimitsTest {

	@Test
	void aSpecOfTwelveThousandLayersIsRefusedBeforeParsing() {
		final String spec = "relu ".repeat(12_000);
		final long start = System.nanoTime();
		final ModelException e = assertThrows(ModelException.class, () -> Architectures.spec(
			spec));
		assertEquals("The layer spec has 12000 layers; at most 1000 are allowed. Write a " +
			"smaller network, e.g. 'conv3x3x16 bn relu maxpool2 fc64 relu'.", e.getMessage());
		assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused at once");
	}

	@Test
	void aThousandLayersStillParse() {
		assertEquals(LayerSpec.MAX_LAYERS, LayerSpec.parse("relu ".repeat(LayerSpec.MAX_LAYERS))
			.layers().size());
	}

	@Test
	void parametersBeyondTheHeapAreRefusedBeforeBuilding() {
		final DataException e = assertThrows(DataException.class, () -> Architectures.build(
			Architectures.spec("fc200000 fc200000"), new InputShape(28, 28, 1), 2,
			new SgdMomentum(), 0, 1, null));
		assertTrue(e.getMessage().startsWith("The network 'fc200000 fc200000' for input 28x28x1 " +
			"(40157600002 parameters, 400002 activation values per image) needs "), e.getMessage());
		assertTrue(e.getMessage().contains("Use fewer or smaller layers, or a smaller input " +
			"size."), e.getMessage());
	}

	@Test
	void activationsBeyondTheHeapAreRefusedBeforeBuilding() {
		final DataException e = assertThrows(DataException.class, () -> Architectures.build(
			Architectures.spec("conv3x3x4096 relu gap"), new InputShape(8000, 8000, 1), 2,
			new SgdMomentum(), 0, 1, null));
		assertTrue(e.getMessage().startsWith("The network 'conv3x3x4096 relu gap' for input " +
			"8000x8000x1 ("), e.getMessage());
	}
}
