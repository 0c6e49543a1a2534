package io.github.cnnclassifier.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The {@link ImageHash} of each of some images, made once and handed to
 * whatever compares them (duplicates in a split, the folds of a
 * cross-validation, an evaluation against the training images); an image that
 * could not be opened has none.
 */
public final class ImageHashes {

	private final Map<LabelledImage, ImageHash> byImage;

	ImageHashes(final Map<LabelledImage, ImageHash> byImage) {
		this.byImage = Map.copyOf(byImage);
	}

	/**
	 * Decodes and hashes every image, on all cores; one that cannot be opened
	 * gets no hash (the reader reports it).
	 */
	public static ImageHashes of(final List<LabelledImage> images) {
		final ImageHash[] hashes = new ImageHash[images.size()];
		IntStream.range(0, images.size()).parallel().forEach(i -> {
			try {
				hashes[i] = ImageHash.of(ImageFiles.open(images.get(i).file()));
			}
			catch (final RuntimeException | OutOfMemoryError e) {
				hashes[i] = null;
			}
		});
		final Map<LabelledImage, ImageHash> byImage = new HashMap<>();
		for (int i = 0; i < hashes.length; i++) {
			if (hashes[i] != null) byImage.put(images.get(i), hashes[i]);
		}
		return new ImageHashes(byImage);
	}

	/** The hash of {@code image}; null if it was not hashed or could not be opened. */
	public ImageHash get(final LabelledImage image) {
		return byImage.get(image);
	}

	/** The hash of each of {@code images}, in their order; null for one without ({@link #get}). */
	public List<ImageHash> hashesOf(final List<LabelledImage> images) {
		return images.stream().map(byImage::get).toList();
	}

	/** Images hashed. */
	public int size() {
		return byImage.size();
	}
}
