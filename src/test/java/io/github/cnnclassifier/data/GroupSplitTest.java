package io.github.cnnclassifier.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class GroupSplitTest {

	private static final Path ROOT = Path.of("/data");

	/** Images data/<class>/<group>/<n>.png in groups of random size, some groups in two classes. */
	private static List<LabelledImage> grouped(final long seed) {
		final Random random = new Random(seed);
		final List<LabelledImage> images = new ArrayList<>();
		for (final String label : new String[] { "a", "b", "c" }) {
			for (int g = 0; g < 4 + random.nextInt(8); g++) {
				for (int i = 0; i < 1 + random.nextInt(9); i++) {
					images.add(new LabelledImage(ROOT.resolve(label).resolve("P" + g).resolve(i +
						".png"), label, 0));
				}
			}
		}
		return images;
	}

	@Test
	void noGroupIsEverOnBothSides() {
		for (long seed = 0; seed < 200; seed++) {
			final List<LabelledImage> images = grouped(seed);
			final Function<LabelledImage, String> group = Groups.of("folder", ROOT);
			final DataSplit split = DataSplit.splitByGroup(images, 0.75, seed, group);
			final Set<String> training = split.training().stream().map(group).collect(Collectors
				.toSet());
			final Set<String> both = split.validation().stream().map(group).filter(
				training::contains).collect(Collectors.toSet());
			assertTrue(both.isEmpty(), "seed " + seed + ": " + both);
			assertEquals(images.size(), split.training().size() + split.validation().size());
			assertEquals(new HashSet<>(images), union(split));
		}
	}

	@Test
	void groupsAreStratifiedByClassAsFarAsTheyAllow() {
		final List<LabelledImage> images = new ArrayList<>();
		for (final String label : new String[] { "a", "b" }) {
			for (int g = 0; g < 8; g++) {
				for (int i = 0; i < 5; i++) {
					images.add(new LabelledImage(ROOT.resolve(label).resolve(label + g).resolve(i +
						".png"), label, 0));
				}
			}
		}
		final DataSplit split = DataSplit.splitByGroup(images, 0.75, 3, Groups.of("folder",
			ROOT));
		assertEquals(30, split.training().stream().filter(i -> i.label().equals("a")).count());
		assertEquals(30, split.training().stream().filter(i -> i.label().equals("b")).count());
	}

	@Test
	void aRegularExpressionGroupsByItsCaptureInTheFileName() {
		final Function<LabelledImage, String> group = Groups.of("^(P\\d+)_", ROOT);
		assertEquals("P01", group.apply(new LabelledImage(ROOT.resolve("a/P01_3.tif"), "a", 0)));
		final DataException e = assertThrows(DataException.class, () -> group.apply(
			new LabelledImage(ROOT.resolve("a/x.tif"), "a", 0)));
		assertTrue(e.getMessage().startsWith("Image /data/a/x.tif has no group"), e.getMessage());
	}

	@Test
	void anImageRightInItsClassFolderIsAGroupOfItsOwn() {
		assertEquals("a/x.tif", Groups.of("folder", ROOT).apply(new LabelledImage(ROOT.resolve(
			"a/x.tif"), "a", 0)));
	}

	@Test
	void aRegularExpressionWithoutOneCaptureGroupIsRefused() {
		assertTrue(assertThrows(DataException.class, () -> Groups.of("^P\\d+_", ROOT))
			.getMessage().contains("exactly one capture group"));
		assertTrue(assertThrows(DataException.class, () -> Groups.of("(P", ROOT)).getMessage()
			.startsWith("group_by must be 'folder' or a regular expression"));
	}

	@Test
	void crossValidationFoldsPartitionTheDataAndKeepGroupsWhole() {
		for (long seed = 0; seed < 50; seed++) {
			final List<LabelledImage> images = grouped(seed);
			final Function<LabelledImage, String> group = Groups.of("folder", ROOT);
			final List<DataSplit> folds = DataSplit.folds(images, 5, seed, group);
			assertEquals(5, folds.size());
			final List<LabelledImage> validated = new ArrayList<>();
			for (final DataSplit fold : folds) {
				validated.addAll(fold.validation());
				assertEquals(new HashSet<>(images), union(fold), "seed " + seed);
				assertEquals(images.size(), fold.training().size() + fold.validation().size());
				final Set<String> training = fold.training().stream().map(group).collect(
					Collectors.toSet());
				assertTrue(fold.validation().stream().map(group).noneMatch(training::contains));
			}
			assertEquals(images.size(), validated.size(), "every image validates once");
			assertEquals(new HashSet<>(images), new HashSet<>(validated));
		}
	}

	@Test
	void moreFoldsThanGroupsAreRefused() {
		final List<LabelledImage> images = List.of(new LabelledImage(ROOT.resolve("a/P1/x.png"),
			"a", 0), new LabelledImage(ROOT.resolve("b/P1/y.png"), "b", 0));
		final DataException e = assertThrows(DataException.class, () -> DataSplit.folds(images,
			2, 1, Groups.of("folder", ROOT)));
		assertEquals("folds must be at least 2 and at most the number of groups (1), got 2.", e
			.getMessage());
	}

	private static Set<LabelledImage> union(final DataSplit split) {
		final Set<LabelledImage> all = new HashSet<>(split.training());
		all.addAll(split.validation());
		return all;
	}
}
