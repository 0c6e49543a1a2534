package io.github.cnnclassifier.objects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.process.ShortProcessor;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.predict.Classifier;


import org.junit.jupiter.api.Test;

/** Class maps of synthetic 16-bit fields. */
class TileClassificationTest {



	@Test
	void tilesCoverTheImageToItsEdges() {
		assertArrayEquals(new int[] { 0, 16, 32, 48, 64, 68 }, TileClassification.origins(100,
			32, 16));
		assertArrayEquals(new int[] { 0 }, TileClassification.origins(32, 32, 16));
		assertArrayEquals(new int[] { 0, 1 }, TileClassification.origins(33, 32, 16));
	}

	/**
	 * The shipped stack's 40 digits side by side (no gap) in a 16-bit field:
	 * at the default stride a digit's centre is covered by its own tile and
	 * three half-shifted ones, whose averaged probabilities still give its class.
	 */
	@Test
	void theClassMapAtEachObjectsCentreIsItsClassForMostObjects() {
		final Fields fields = new Fields(12);
		final int side = Fields.SIDE;
		final ShortProcessor f = new ShortProcessor(8 * side, 5 * side);
		for (int i = 0; i < 40; i++) {
			f.insert(fields.stack.getStack().getProcessor(i + 1).convertToShort(false), (i % 8) *
				side, (i / 8) * side);
		}
		try (Classifier classifier = new Classifier(TestModels.digits())) {
			final TileClassification t = TileClassification.run(new ImagePlus("digits.tif", f),
				classifier, 0, 64, p -> {});
			final ImagePlus map = t.classMap();
			assertEquals(8, map.getBitDepth());
			assertEquals(10, t.probabilities().getStackSize());
			assertTrue(((String) map.getProperty("Info")).contains("1 = 0\n"));
			int right = 0;
			for (int i = 0; i < 40; i++) {
				final int x = (i % 8) * side + side / 2;
				final int y = (i / 8) * side + side / 2;
				if (map.getProcessor().get(x, y) == 1 + Integer.parseInt(fields.truth(i))) right++;
				float sum = 0;
				for (int k = 1; k <= 10; k++) sum += t.probabilities().getStack().getProcessor(k)
					.getf(x, y);
				assertEquals(1, sum, 1e-4);
			}
			assertTrue(right >= 26, right + " of 40 (29 when written)");
			for (int i = 0; i < f.getPixelCount(); i++) assertTrue(map.getProcessor().get(i) > 0,
				"every pixel covered");
		}
	}

	@Test
	void anImageSmallerThanATileIsRefusedInOneLine() {
		try (Classifier classifier = new Classifier(TestModels.digits())) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> TileClassification.run(new ImagePlus("small.tif", new ShortProcessor(20, 40)),
					classifier, 0, 8, p -> {}));
			assertEquals("Image \"small.tif\" (20x40) is smaller than one tile, the model's " +
				"input 28x28: classify it with Classify with CNN instead", e.getMessage());
		}
	}
}
