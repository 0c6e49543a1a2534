package io.github.cnnclassifier.inspect;

import io.github.cnnclassifier.data.ImageHash;
import io.github.cnnclassifier.data.ImageHashes;
import io.github.cnnclassifier.data.LabelledImage;
import io.github.cnnclassifier.model.TrainingHashes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
	 * Matches the evaluated {@code images} against {@code training} by their
	 * {@code hashes} (made while they were read); an image without a hash
	 * (one that could not be opened) matches nothing.
	 */
	public static TrainingOverlap find(final TrainingHashes training,
		final List<LabelledImage> images, final ImageHashes hashes)
	{
		// NB: in parallel, as a near match compares with every training image.
		final TrainingHashes.Match[] match = images.parallelStream().map(image -> {
			final ImageHash hash = hashes.get(image);
			return hash == null ? null : training.match(hash);
		}).toArray(TrainingHashes.Match[]::new);
		int exact = 0, near = 0;
		final List<Path> files = new ArrayList<>();
		for (int i = 0; i < match.length; i++) {
			if (match[i] == null) continue;
			if (match[i] == TrainingHashes.Match.EXACT) exact++;
			else near++;
			files.add(images.get(i).file());
		}
		return new TrainingOverlap(exact, near, files);
	}
}
