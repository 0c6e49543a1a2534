package io.github.cnnclassifier.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class LayerSpecTest {

	@Test
	void everyTokenParses() {
		final LayerSpec spec = LayerSpec.parse("conv3x3x16 conv5x5x8s2 bn relu leakyrelu " +
			"maxpool2 avgpool3 gap dropout0.25 fc128 res[conv1x1x4]");
		assertEquals(List.of(new LayerSpec.Conv(3, 16, 1), new LayerSpec.Conv(5, 8, 2),
			new LayerSpec.BatchNorm(), new LayerSpec.Activation(false), new LayerSpec.Activation(
				true), new LayerSpec.Pool(2, true), new LayerSpec.Pool(3, false),
			new LayerSpec.GlobalPool(), new LayerSpec.Dropout(0.25), new LayerSpec.Dense(128),
			new LayerSpec.Residual(List.of(new LayerSpec.Conv(1, 4, 1)))), spec.layers());
		assertEquals("conv3x3x16 conv5x5x8s2 bn relu leakyrelu maxpool2 avgpool3 gap " +
			"dropout0.25 fc128 res[conv1x1x4]", spec.toString());
	}

	@Test
	void whiteSpaceAndCaseDoNotMatter() {
		assertEquals(LayerSpec.parse("conv3x3x8 bn relu res[conv3x3x8 bn]"), LayerSpec.parse(
			"  CONV3x3x8\tBN  relu\n res[ conv3x3x8   bn ] "));
	}

	@Test
	void residualBlocksNest() {
		final LayerSpec spec = LayerSpec.parse("conv3x3x8 res[conv3x3x8 res[conv3x3x8 bn] relu] relu");
		final LayerSpec.Residual outer = (LayerSpec.Residual) spec.layers().get(1);
		assertTrue(outer.body().get(1) instanceof LayerSpec.Residual);
		assertEquals("conv3x3x8 res[conv3x3x8 res[conv3x3x8 bn] relu] relu", spec.toString());
		assertEquals(spec, LayerSpec.parse(spec.toString()));
	}

	@Test
	void layersAreNamedInOrderOfAppearancePerKind() {
		assertEquals(List.of("conv_1", "bn_1", "relu_1", "res_1", "conv_2", "bn_2", "relu_2",
			"res_2", "conv_3", "relu_3", "maxpool_1", "fc_1", "dropout_1"), LayerSpec.parse(
				"conv3x3x8 bn relu res[conv3x3x8 bn relu res[conv3x3x8]] relu maxpool2 fc8 " +
					"dropout0.5").names());
	}

	@Test
	void aBadTokenIsNamedWithItsPosition() {
		assertError("cnv3x3x8 bn", "unknown layer: 'cnv3x3x8' (token 1");
		assertError("conv3x3x8 bn relu maxpool", "unknown layer: 'maxpool' (token 4");
		assertError("conv3x3x8 bnn", "'bnn' (token 2");
		assertError("conv4x4x8", "odd K");
		assertError("conv3x5x8", "odd K");
		assertError("conv3x3x0", "from 1");
		assertError("conv3x3x99999999999", "from 1");
		assertError("dropout1.5", "above 0 and below 1");
		assertError("dropout0", "above 0 and below 1");
		assertError("fc0", "from 1");
		assertError("conv3x3x8 res[conv3x3x8 bn", "not closed");
		assertError("conv3x3x8 ] relu", "closes no res[");
		assertError("conv3x3x8 block[relu]", "only res takes");
		assertError("conv3x3x8 res[ ] relu", "empty");
		assertError("", "empty");
		assertError("   ", "empty");
	}

	private static void assertError(final String spec, final String expected) {
		final ModelException e = assertThrows(ModelException.class, () -> LayerSpec.parse(spec));
		assertTrue(e.getMessage().contains(expected), e.getMessage());
		assertTrue(e.getMessage().split("\n").length == 1, "one line: " + e.getMessage());
	}
}
