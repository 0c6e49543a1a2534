package io.github.cnnclassifier.data;

import static io.github.cnnclassifier.data.DataFiles.png;
import static io.github.cnnclassifier.data.DataFiles.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.cnnclassifier.testimages.BadImages;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSizesTest {

	@TempDir
	Path root;

	@Test
	void theMostCommonSizeWinsOverAStrayFirstImage() {
		final List<LabelledImage> images = new ArrayList<>();
		images.add(image(png(root.resolve("a/0.png"), 1, 1, 5)));
		for (int i = 1; i <= 4; i++) images.add(image(png(root.resolve("a/" + i + ".png"), 28,
			24, i)));
		images.add(image(png(root.resolve("a/5.png"), 30, 25, 9)));
		images.add(image(text(root.resolve("a/6.png"), "not a png")));
		final ImageSizes sizes = ImageSizes.read(images);
		assertArrayEquals(new int[] { 24, 28, 4 }, sizes.mostCommon());
		assertEquals(List.of(root.resolve("a/0.png") + " (1x1)"), sizes.farFrom(24, 28));
	}

	@Test
	void aTieGoesToTheSizeMetFirst() {
		final List<LabelledImage> images = List.of(image(png(root.resolve("a/1.png"), 5, 6, 1)),
			image(png(root.resolve("a/2.png"), 7, 8, 1)), image(png(root.resolve("a/3.png"), 7,
				8, 1)), image(png(root.resolve("a/4.png"), 5, 6, 1)));
		assertArrayEquals(new int[] { 6, 5, 2 }, ImageSizes.read(images).mostCommon());
	}

	@Test
	void noReadableHeaderGivesNoSize() {
		assertNull(ImageSizes.read(List.of(image(text(root.resolve("a/x.png"), "no"))))
			.mostCommon());
	}

	@Test
	void aCompositeDecidesNothingWhetherItIsFirstOrLast() {
		final List<LabelledImage> grey = new ArrayList<>();
		for (int i = 0; i < 5; i++) grey.add(image(png(root.resolve("a/" + i + ".png"), 4, 4,
			i)));
		final LabelledImage composite = image(BadImages.composite16(root.resolve("a/c.tif"), 4,
			4, 3));
		final List<LabelledImage> first = new ArrayList<>(List.of(composite));
		first.addAll(grey);
		final List<LabelledImage> last = new ArrayList<>(grey);
		last.add(composite);
		assertEquals(1, ImageSizes.channels(first));
		assertEquals(1, ImageSizes.channels(last));
		assertEquals(3, ImageSizes.channels(List.of(composite, composite, grey.get(0))));
	}

	private static LabelledImage image(final Path file) {
		return new LabelledImage(file, "a", 1);
	}
}
