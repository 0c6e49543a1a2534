package io.github.cnnclassifier.inspect;

import io.github.cnnclassifier.data.ImageFiles;
import io.github.cnnclassifier.data.ImageHash;
import io.github.cnnclassifier.model.TrainingHashes;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The evaluated images that the model trained on, found by their hashes
 * against those in the model file: the same pixels, or near copies as
 * training's duplicate check finds them.
 *
 * @param exact evaluated images whose pixels a training image has
 * @param near evaluated images that are near copies of a training image (not exact ones)
 * @param files the files of both kinds, in the folder's order
 */
public record TrainingOverlap(int exact, int near, List<Path> files) {

	public TrainingOverlap {
		files = List.copyOf(files);
	}

	/** Evaluated images found among the training images, exact or near. */
	public int images() {
		return exact + near;
	}

	/**
	 * Hashes every file (those that cannot be opened are left to the reader
	 * to report) and matches it against {@code training}.
	 */
	public static TrainingOverlap find(final TrainingHashes training, final List<Path> files) {
		final TrainingHashes.Match[] match = new TrainingHashes.Match[files.size()];
		IntStream.range(0, files.size()).parallel().forEach(i -> {
			try {
				match[i] = training.match(ImageHash.of(ImageFiles.open(files.get(i))));
			}
			catch (final RuntimeException | OutOfMemoryError e) {
				match[i] = null;
			}
		});
		int exact = 0, near = 0;
		for (final TrainingHashes.Match m : match) {
			if (m == TrainingHashes.Match.EXACT) exact++;
			else if (m == TrainingHashes.Match.NEAR) near++;
		}
		return new TrainingOverlap(exact, near, IntStream.range(0, files.size()).filter(
			i -> match[i] != null).mapToObj(files::get).toList());
	}
}
