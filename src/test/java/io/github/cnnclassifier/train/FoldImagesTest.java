package io.github.cnnclassifier.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.DatasetReader;
import io.github.cnnclassifier.data.HeldImages;
import io.github.cnnclassifier.data.ImageHashes;
import io.github.cnnclassifier.data.LabelledFolder;
import io.github.cnnclassifier.data.LabelledImage;
import io.github.cnnclassifier.tensor.InputShape;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class FoldImagesTest {

	private static final InputShape CELL = new InputShape(32, 32, 1);

	@Test
	void imagesThatFitAreDecodedOnceForEveryFoldAndHashedWithoutTheHasher() {
		final LabelledFolder folder = LabelledFolder.scan(TestModels.CELLS);
		final List<List<LabelledImage>> hashed = new ArrayList<>();
		final FoldImages images = new FoldImages(folder.images(), 3, TrainingMonitor.SILENT,
			some -> {
				hashed.add(some);
				return ImageHashes.of(some);
			});
		final AtomicInteger decoded = new AtomicInteger();
		final HeldImages first = images.held(reader(Long.MAX_VALUE), done -> decoded
			.incrementAndGet());
		for (int fold = 2; fold <= 3; fold++) {
			assertSame(first, images.held(reader(Long.MAX_VALUE), done -> decoded
				.incrementAndGet()));
		}
		assertNotNull(first);
		assertEquals(folder.images().size(), decoded.get(), "each file decoded once");
		assertSame(first.hashes(), images.hashes());
		assertEquals(List.of(), hashed);
	}

	@Test
	void imagesThatDoNotFitAreHashedOnceAndReadByEachFoldAsBefore() {
		final LabelledFolder folder = LabelledFolder.scan(TestModels.CELLS);
		final List<List<LabelledImage>> hashed = new ArrayList<>();
		final FoldImages images = new FoldImages(folder.images(), 3, TrainingMonitor.SILENT,
			some -> {
				hashed.add(some);
				return ImageHashes.of(some);
			});
		final AtomicInteger decoded = new AtomicInteger();
		for (int fold = 1; fold <= 3; fold++) {
			assertNull(images.held(reader(1024), done -> decoded.incrementAndGet()));
			images.hashes();
		}
		assertEquals(0, decoded.get(), "nothing decoded to be held");
		assertEquals(List.of(folder.images()), hashed, "one hashing of every image");
	}

	private static DatasetReader reader(final long cacheBytes) {
		return new DatasetReader(CELL, List.of("elongated", "round"), BadFiles.SKIP,
			cacheBytes);
	}
}
