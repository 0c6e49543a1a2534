package io.github.cnnclassifier.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Training and validation images, split per label as MATLAB's {@code splitEachLabel(imds, p, 'randomize')}. */
public final class DataSplit {

	private final List<LabelledImage> training;
	private final List<LabelledImage> validation;

	public DataSplit(final List<LabelledImage> training,
		final List<LabelledImage> validation)
	{
		this.training = Collections.unmodifiableList(new ArrayList<>(training));
		this.validation = Collections.unmodifiableList(new ArrayList<>(validation));
	}

	/**
	 * Puts {@code round(fraction * n)} randomly chosen images of each label
	 * (at least one) into training and the rest into validation; the same
	 * images and seed always give the same split.
	 *
	 * @param fraction in (0, 1]; 1 leaves no validation images
	 */
	public static DataSplit splitEachLabel(final List<LabelledImage> images,
		final double fraction, final long seed)
	{
		if (!(fraction > 0 && fraction <= 1)) {
			throw new DataException("training_fraction must be above 0 and at most 1, got " +
				fraction + " (0.75 puts 75 % of each class into training).");
		}
		final Map<String, List<LabelledImage>> byLabel = new LinkedHashMap<>();
		for (final LabelledImage image : images) {
			byLabel.computeIfAbsent(image.label(), k -> new ArrayList<>()).add(image);
		}
		final Random random = new Random(seed);
		final List<LabelledImage> training = new ArrayList<>();
		final List<LabelledImage> validation = new ArrayList<>();
		for (final List<LabelledImage> ofLabel : byLabel.values()) {
			final List<LabelledImage> shuffled = new ArrayList<>(ofLabel);
			Collections.shuffle(shuffled, random);
			final int n = shuffled.size();
			final int k = Math.max(1, Math.min(n, (int) Math.round(fraction * n)));
			training.addAll(shuffled.subList(0, k));
			validation.addAll(shuffled.subList(k, n));
		}
		return new DataSplit(training, validation);
	}

	public List<LabelledImage> training() {
		return training;
	}

	/** Validation images; empty when everything went to training. */
	public List<LabelledImage> validation() {
		return validation;
	}
}
