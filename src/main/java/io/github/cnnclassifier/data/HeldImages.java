package io.github.cnnclassifier.data;

import io.github.cnnclassifier.tensor.InputShape;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Images decoded once ({@link DatasetReader#hold}), fitted to one input
 * shape and hashed, held in memory so that several splits of them (the folds
 * of a cross-validation, a split left after dropping copies) are read without
 * decoding any file again. Read-only once made, so it may be shared.
 */
public final class HeldImages {

	private final InputShape shape;
	private final List<String> classes;
	private final Map<LabelledImage, Integer> index = new HashMap<>();
	/** The samples, image after image in the order they were given. */
	private final float[] values;
	private final DatasetReader.Failure[] failures;
	private final double[] sums, squares;
	private final ImageHashes hashes;

	HeldImages(final InputShape shape, final List<String> classes,
		final List<LabelledImage> images, final float[] values,
		final DatasetReader.Failure[] failures, final double[] sums, final double[] squares,
		final ImageHashes hashes)
	{
		this.shape = shape;
		this.classes = List.copyOf(classes);
		for (int i = 0; i < images.size(); i++) index.putIfAbsent(images.get(i), i);
		this.values = values;
		this.failures = failures;
		this.sums = sums;
		this.squares = squares;
		this.hashes = hashes;
	}

	/**
	 * A reader of any of these images that decodes none: the datasets,
	 * skipped files and refusals (under {@code badFiles}) of a reader that
	 * decodes them, the samples shared with this, not copied.
	 */
	public DatasetReader reader(final BadFiles badFiles) {
		return new DatasetReader(this, badFiles);
	}

	/** The hashes of the images, made from the pixels decoded once. */
	public ImageHashes hashes() {
		return hashes;
	}

	/** The input shape every image was fitted to. */
	public InputShape shape() {
		return shape;
	}

	/** Images held (readable or not). */
	public int size() {
		return failures.length;
	}

	List<String> classes() {
		return classes;
	}

	/** The place of {@code image} among these; refuses one that is not held. */
	int indexOf(final LabelledImage image) {
		final Integer i = index.get(image);
		if (i == null) throw new IllegalArgumentException(image.file() + " is not held");
		return i;
	}

	/** Why image {@code i} cannot be used, or null. */
	DatasetReader.Failure failure(final int i) {
		return failures[i];
	}

	double sum(final int i) {
		return sums[i];
	}

	double squares(final int i) {
		return squares[i];
	}

	float[] values() {
		return values;
	}
}
