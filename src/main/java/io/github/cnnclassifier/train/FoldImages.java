package io.github.cnnclassifier.train;

import io.github.cnnclassifier.data.DatasetReader;
import io.github.cnnclassifier.data.HeldImages;
import io.github.cnnclassifier.data.ImageHashes;
import io.github.cnnclassifier.data.LabelledImage;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * A cross-validation's images, shared by its folds: decoded and hashed once
 * and held when they fit in cache_mb, else hashed once (each fold then reads
 * its images from their files, as a training does). Not thread-safe: the
 * folds run one after another.
 */
final class FoldImages {

	private final List<LabelledImage> images;
	private final int folds;
	private final TrainingMonitor monitor;
	private final Function<List<LabelledImage>, ImageHashes> hasher;
	private HeldImages held;
	/** Whether the images were offered to a reader to hold (they may not have fit). */
	private boolean offered;
	private ImageHashes hashes;

	/**
	 * @param monitor told, once, how the images were hashed
	 * @param hasher hashes the images when they cannot be held
	 */
	FoldImages(final List<LabelledImage> images, final int folds,
		final TrainingMonitor monitor, final Function<List<LabelledImage>, ImageHashes> hasher)
	{
		this.images = List.copyOf(images);
		this.folds = folds;
		this.monitor = monitor;
		this.hasher = hasher;
	}

	/**
	 * The images held, decoded by {@code reader} at the first call; null when
	 * they did not fit in its cache budget (or were held for another input shape or
	 * other classes).
	 */
	HeldImages held(final DatasetReader reader, final IntConsumer progress) {
		if (!offered) {
			offered = true;
			final long start = System.nanoTime();
			held = reader.hold(images, progress);
			if (held != null) {
				hashes = held.hashes();
				monitor.message(String.format(Locale.ROOT, "Read and hashed %d images once for " +
					"all %d folds in %.1f s", images.size(), folds, (System.nanoTime() - start) /
						1e9));
			}
		}
		return held != null && reader.reads(held) ? held : null;
	}

	/** The hashes of the images: the held images', or else made once by the hasher. */
	ImageHashes hashes() {
		if (hashes == null) {
			final long start = System.nanoTime();
			hashes = hasher.apply(images);
			monitor.message(String.format(Locale.ROOT, "Hashed %d images for the duplicate " +
				"check of all %d folds in %.1f s", hashes.size(), folds, (System.nanoTime() -
					start) / 1e9));
		}
		return hashes;
	}
}
