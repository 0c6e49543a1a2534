package io.github.cnnclassifier.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DataSplitTest {

	@Test
	void threeQuartersOfEachClassGoToTraining() {
		final List<LabelledImage> images = images("a", 8);
		images.addAll(images("b", 4));
		images.addAll(images("c", 20));
		final DataSplit split = DataSplit.splitEachLabel(images, 0.75, 1);
		assertEquals(6, count(split.training(), "a"));
		assertEquals(2, count(split.validation(), "a"));
		assertEquals(3, count(split.training(), "b"));
		assertEquals(1, count(split.validation(), "b"));
		assertEquals(15, count(split.training(), "c"));
		assertEquals(5, count(split.validation(), "c"));
	}

	@Test
	void trainingCountIsRoundedPerClass() {
		// 0.75 * 6 = 4.5 rounds to 5; 0.75 * 5 = 3.75 rounds to 4; 0.75 * 3 = 2.25 to 2
		final List<LabelledImage> images = images("six", 6);
		images.addAll(images("five", 5));
		images.addAll(images("three", 3));
		final DataSplit split = DataSplit.splitEachLabel(images, 0.75, 3);
		assertEquals(5, count(split.training(), "six"));
		assertEquals(4, count(split.training(), "five"));
		assertEquals(2, count(split.training(), "three"));
		assertEquals(1 + 1 + 1, split.validation().size());
	}

	@Test
	void classOfOneImageGoesEntirelyToTraining() {
		final List<LabelledImage> images = images("many", 4);
		images.addAll(images("single", 1));
		final DataSplit split = DataSplit.splitEachLabel(images, 0.75, 5);
		assertEquals(1, count(split.training(), "single"));
		assertEquals(0, count(split.validation(), "single"));
	}

	@Test
	void smallFractionStillPutsOneImageOfEachClassIntoTraining() {
		final DataSplit split = DataSplit.splitEachLabel(images("a", 3), 0.1, 5);
		assertEquals(1, split.training().size());
		assertEquals(2, split.validation().size());
	}

	@Test
	void sameSeedGivesTheSameSplit() {
		final List<LabelledImage> images = images("a", 20);
		images.addAll(images("b", 20));
		final DataSplit first = DataSplit.splitEachLabel(images, 0.75, 42);
		final DataSplit second = DataSplit.splitEachLabel(images, 0.75, 42);
		assertEquals(first.training(), second.training());
		assertEquals(first.validation(), second.validation());
	}

	@Test
	void differentSeedGivesADifferentSplit() {
		final List<LabelledImage> images = images("a", 20);
		images.addAll(images("b", 20));
		final DataSplit first = DataSplit.splitEachLabel(images, 0.75, 42);
		final DataSplit second = DataSplit.splitEachLabel(images, 0.75, 43);
		assertNotEquals(new HashSet<>(first.validation()), new HashSet<>(second.validation()));
	}

	@Test
	void splitIsRandomNotTheFirstFilesOfEachClass() {
		final List<LabelledImage> images = images("a", 20);
		final DataSplit split = DataSplit.splitEachLabel(images, 0.75, 7);
		assertNotEquals(new HashSet<>(images.subList(0, 15)), new HashSet<>(split.training()));
	}

	@Test
	void everyImageEndsUpInExactlyOneSide() {
		final List<LabelledImage> images = images("a", 13);
		images.addAll(images("b", 7));
		images.addAll(images("c", 1));
		final DataSplit split = DataSplit.splitEachLabel(images, 0.6, 11);
		final Set<LabelledImage> training = new HashSet<>(split.training());
		final Set<LabelledImage> validation = new HashSet<>(split.validation());
		assertEquals(split.training().size(), training.size(), "no duplicates in training");
		assertEquals(split.validation().size(), validation.size(),
			"no duplicates in validation");
		assertTrue(Collections.disjoint(training, validation));
		final Set<LabelledImage> union = new HashSet<>(training);
		union.addAll(validation);
		assertEquals(new HashSet<>(images), union);
	}

	@Test
	void interleavedInputIsStillSplitPerLabel() {
		final List<LabelledImage> images = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			images.add(image("a", i));
			images.add(image("b", i));
		}
		final DataSplit split = DataSplit.splitEachLabel(images, 0.5, 2);
		assertEquals(4, count(split.training(), "a"));
		assertEquals(4, count(split.training(), "b"));
	}

	@Test
	void fractionOneLeavesValidationEmpty() {
		final List<LabelledImage> images = images("a", 5);
		images.addAll(images("b", 3));
		final DataSplit split = DataSplit.splitEachLabel(images, 1, 0);
		assertEquals(8, split.training().size());
		assertTrue(split.validation().isEmpty());
	}

	@Test
	void zeroFractionThrows() {
		assertInvalid(0);
	}

	@Test
	void negativeFractionThrows() {
		assertInvalid(-1);
	}

	@Test
	void fractionAboveOneThrows() {
		assertInvalid(1.5);
	}

	@Test
	void nanFractionThrows() {
		assertInvalid(Double.NaN);
	}

	private static void assertInvalid(final double fraction) {
		final DataException e = assertThrows(DataException.class, () -> DataSplit
			.splitEachLabel(images("a", 4), fraction, 1));
		assertTrue(e.getMessage().contains(String.valueOf(fraction)), e.getMessage());
	}

	private static List<LabelledImage> images(final String label, final int n) {
		final List<LabelledImage> images = new ArrayList<>();
		for (int i = 0; i < n; i++)
			images.add(image(label, i));
		return images;
	}

	private static LabelledImage image(final String label, final int i) {
		return new LabelledImage(Paths.get("data", label, String.format("img_%03d.png", i)),
			label, 100 + i);
	}

	private static long count(final List<LabelledImage> images, final String label) {
		return images.stream().filter(i -> i.label().equals(label)).count();
	}
}
