package io.github.cnnclassifier.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.tensor.InputShape;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Augmentation on the shipped digits: deterministic per seed, geometric as stated, off by default. */
class AugmenterTest {

	private static final InputShape SHAPE = new InputShape(28, 28, 1);

	/** Two shipped digits, as raw values. */
	private static float[] digits() {
		final ImageDataset d = new DatasetReader(SHAPE, List.of("3", "7"), BadFiles.STOP).read(List
			.of(new LabelledImage(TestModels.DIGITS.resolve("3/digit_3_001.png"), "3", 0),
				new LabelledImage(TestModels.DIGITS.resolve("7/digit_7_001.png"), "7", 0)), done -> {});
		final float[] x = new float[2 * SHAPE.size()];
		d.fill(0, x, 0);
		d.fill(1, x, SHAPE.size());
		return x;
	}

	private static float[] augmented(final Augmentation a, final long seed, final int epoch) {
		final float[] x = digits();
		final Augmenter augmenter = new Augmenter(a, SHAPE, seed);
		augmenter.apply(x, 0, epoch, 0);
		augmenter.apply(x, SHAPE.size(), epoch, 1);
		return x;
	}

	@Test
	void theSameSeedEpochAndImageGiveTheSameTransform() {
		final Augmentation a = Augmentation.of("-180,180", true, true, "3", "0.8,1.2");
		assertArrayEquals(augmented(a, 1, 1), augmented(a, 1, 1));
		assertFalse(Arrays.equals(augmented(a, 1, 1), augmented(a, 1, 2)), "another epoch");
		assertFalse(Arrays.equals(augmented(a, 1, 1), augmented(a, 2, 1)), "another seed");
		assertFalse(Arrays.equals(augmented(a, 1, 1), digits()), "the images change");
	}

	@Test
	void aHalfTurnIsBothReflectionsAndAShiftMovesEveryPixel() {
		final float[] x = digits();
		final float[] turned = augmented(new Augmentation(180, 180, false, false, 0, 0, 1, 1), 1, 1);
		for (int y = 0; y < 28; y++) {
			for (int c = 0; c < 28; c++) {
				assertEquals(x[(27 - y) * 28 + 27 - c], turned[y * 28 + c], 1e-3, y + "," + c);
			}
		}
		final float[] shifted = augmented(new Augmentation(0, 0, false, false, 2, 2, 1, 1), 1, 1);
		for (int y = 2; y < 28; y++) {
			for (int c = 2; c < 28; c++) {
				assertEquals(x[(y - 2) * 28 + c - 2], shifted[y * 28 + c], 1e-4);
			}
		}
		// NB: pixels that come from outside take the nearest edge pixel's value.
		assertEquals(x[0], shifted[0], 1e-4);
	}

	@Test
	void reflectionsDrawnPerImageKeepTheValuesOfTheImage() {
		final float[] x = digits();
		final float[] r = augmented(Augmentation.of("", true, true, "", ""), 9, 4);
		for (int i = 0; i < 2; i++) {
			final float[] a = Arrays.copyOfRange(x, i * 784, (i + 1) * 784);
			final float[] b = Arrays.copyOfRange(r, i * 784, (i + 1) * 784);
			Arrays.sort(a);
			Arrays.sort(b);
			assertArrayEquals(a, b, 1e-4f, "a reflection only moves pixels");
		}
	}

	@Test
	void optionsParseAsRangesAndAreRecordedByName() {
		assertTrue(Augmentation.of("", false, false, "", "").isOff());
		assertEquals(Augmentation.NONE, Augmentation.of(" ", false, false, null, null));
		final Augmentation a = Augmentation.of("30", true, false, "-2, 4", "0.9,1.1");
		assertEquals(new Augmentation(-30, 30, true, false, -2, 4, 0.9, 1.1), a);
		assertEquals(Map.of("augment_rotation", "-30,30", "augment_x_reflection", true,
			"augment_y_reflection", false, "augment_translation", "-2,4", "augment_scale",
			"0.9,1.1"), a.toMap());
		assertEquals("", Augmentation.NONE.toMap().get("augment_scale"));
	}

	@Test
	void aBadRangeNamesTheOption() {
		DataException e = assertThrows(DataException.class, () -> Augmentation.of("abc", false,
			false, "", ""));
		assertEquals("augment_rotation must be a range 'min,max' or one number r for -r,r, e.g. " +
			"-180,180; got 'abc'.", e.getMessage());
		e = assertThrows(DataException.class, () -> Augmentation.of("", false, false, "", "1.2"));
		assertTrue(e.getMessage().startsWith("augment_scale must be a range 'min,max', e.g. " +
			"0.9,1.1"), e.getMessage());
		e = assertThrows(DataException.class, () -> Augmentation.of("", false, false, "3,1", ""));
		assertTrue(e.getMessage().startsWith("augment_translation must be a range 'min,max' " +
			"with min <= max"), e.getMessage());
		e = assertThrows(DataException.class, () -> Augmentation.of("", false, false, "", "0,2"));
		assertTrue(e.getMessage().startsWith("augment_scale must be positive"), e.getMessage());
	}
}
