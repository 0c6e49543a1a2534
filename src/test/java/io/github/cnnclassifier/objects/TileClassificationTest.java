package io.github.cnnclassifier.objects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ShortProcessor;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.predict.Classifier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class maps of synthetic 16-bit fields. */
class TileClassificationTest {

	@TempDir
	Path tmp;

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
		final ShortProcessor f = digitField(fields);
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

	/**
	 * Probabilities streamed through files in strips of a few tile rows, saved
	 * as ImageJ writes them plane by plane, are the floats held in memory.
	 */
	@Test
	void probabilitiesStreamedThroughFilesAreTheFloatsHeldInMemory() throws Exception {
		streamedProbabilitiesAreTheFloatsHeldInMemory(0);
	}

	/** Rows in the gaps between tiles are finished (and 0) too. */
	@Test
	void probabilitiesStreamedWithAStrideLongerThanATileAreTheFloatsHeldInMemory()
		throws Exception
	{
		streamedProbabilitiesAreTheFloatsHeldInMemory(40);
	}

	private void streamedProbabilitiesAreTheFloatsHeldInMemory(final int stride)
		throws Exception
	{
		final ImageStack stack = new ImageStack(8 * Fields.SIDE, 5 * Fields.SIDE);
		final ShortProcessor field = digitField(new Fields(12));
		stack.addSlice(field);
		final ShortProcessor flipped = (ShortProcessor) field.duplicate();
		flipped.flipVertical();
		stack.addSlice(flipped);
		final ImagePlus image = new ImagePlus("digits.tif", stack);
		final Path saved = tmp.resolve("probabilities.tif");
		try (Classifier classifier = new Classifier(TestModels.digits());
			TileClassification memory = TileClassification.run(image, classifier, stride, 64,
				p -> {});
			TileClassification streamed = TileClassification.classify(image, classifier, stride,
				64, p -> {}, tmp, true, 2 * TileClassification.origins(image.getWidth(), 28,
					stride == 0 ? 14 : stride).length))
		{
			assertTrue(streamed.streamed());
			assertFalse(memory.streamed());
			assertTrue(new FileSaver(streamed.probabilities()).saveAsTiffStack(saved.toString()));
			final ImagePlus read = IJ.openImage(saved.toString());
			assertEquals(20, read.getStackSize());
			for (int n = 1; n <= 20; n++) {
				assertArrayEquals((float[]) memory.probabilities().getStack().getPixels(n),
					(float[]) read.getStack().getPixels(n), "plane " + n);
				assertEquals(memory.probabilities().getStack().getSliceLabel(n), read.getStack()
					.getSliceLabel(n));
			}
			for (int n = 1; n <= 2; n++) {
				assertArrayEquals((byte[]) memory.classMap().getStack().getPixels(n),
					(byte[]) streamed.classMap().getStack().getPixels(n), "class map " + n);
			}
		}
		try (Stream<Path> left = Files.list(tmp)) {
			assertEquals(java.util.List.of(saved), left.toList(), "temporary files deleted");
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

	/** The shipped stack's 40 digits side by side (no gap) in a 16-bit field. */
	private static ShortProcessor digitField(final Fields fields) {
		final int side = Fields.SIDE;
		final ShortProcessor f = new ShortProcessor(8 * side, 5 * side);
		for (int i = 0; i < 40; i++) {
			f.insert(fields.stack.getStack().getProcessor(i + 1).convertToShort(false), (i % 8) *
				side, (i / 8) * side);
		}
		return f;
	}
}
