package io.github.cnnclassifier.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

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

	/**
	 * Puts whole groups into training or validation: each group, largest
	 * first (ties in random order), goes to training while most of its images
	 * are still wanted there to reach {@code round(fraction * n)} of each
	 * class, else to validation; the same images, groups and seed always give
	 * the same split.
	 *
	 * @param group the group of each image
	 */
	public static DataSplit splitByGroup(final List<LabelledImage> images,
		final double fraction, final long seed, final Function<LabelledImage, String> group)
	{
		splitEachLabel(images, fraction, seed); // NB: checks fraction
		final Map<String, List<LabelledImage>> groups = new TreeMap<>();
		final Map<String, Integer> wanted = new HashMap<>();
		for (final LabelledImage image : images) {
			groups.computeIfAbsent(group.apply(image), k -> new ArrayList<>()).add(image);
			wanted.merge(image.label(), 1, Integer::sum);
		}
		wanted.replaceAll((label, n) -> Math.max(1, (int) Math.round(fraction * n)));
		final List<List<LabelledImage>> order = new ArrayList<>(groups.values());
		Collections.shuffle(order, new Random(seed));
		order.sort((a, b) -> b.size() - a.size());
		final List<LabelledImage> training = new ArrayList<>();
		final List<LabelledImage> validation = new ArrayList<>();
		for (final List<LabelledImage> members : order) {
			final Map<String, Integer> ofLabel = new HashMap<>();
			for (final LabelledImage image : members) ofLabel.merge(image.label(), 1, Integer::sum);
			int needed = 0;
			for (final Map.Entry<String, Integer> e : ofLabel.entrySet()) {
				needed += Math.min(e.getValue(), Math.max(0, wanted.get(e.getKey())));
			}
			final boolean train = 2 * needed > members.size() || (2 * needed == members.size() &&
				needed > 0);
			if (train) ofLabel.forEach((label, n) -> wanted.merge(label, -n, Integer::sum));
			(train ? training : validation).addAll(members);
		}
		return new DataSplit(training, validation);
	}

	/**
	 * Splits the images into {@code k} folds for cross-validation, whole
	 * groups at a time: each fold's validation images are one fold, its
	 * training images all the others; every image validates exactly once.
	 * Groups go, largest first (ties in the seed's random order), to the fold
	 * that has the fewest images of the group's commonest class, which
	 * stratifies the classes as far as the groups allow.
	 *
	 * @param group the group of each image; {@code image -> image.file().toString()} for none
	 */
	public static List<DataSplit> folds(final List<LabelledImage> images, final int k,
		final long seed, final Function<LabelledImage, String> group)
	{
		final Map<String, List<LabelledImage>> groups = new TreeMap<>();
		for (final LabelledImage image : images) {
			groups.computeIfAbsent(group.apply(image), g -> new ArrayList<>()).add(image);
		}
		if (k < 2 || k > groups.size()) {
			throw new DataException("folds must be at least 2 and at most the number of " +
				(groups.size() < images.size() ? "groups" : "images") + " (" + groups.size() +
				"), got " + k + ".");
		}
		final List<List<LabelledImage>> order = new ArrayList<>(groups.values());
		Collections.shuffle(order, new Random(seed));
		order.sort((a, b) -> b.size() - a.size());
		final List<List<LabelledImage>> fold = new ArrayList<>();
		final List<Map<String, Integer>> perLabel = new ArrayList<>();
		for (int f = 0; f < k; f++) {
			fold.add(new ArrayList<>());
			perLabel.add(new HashMap<>());
		}
		for (final List<LabelledImage> members : order) {
			final Map<String, Integer> ofLabel = new HashMap<>();
			for (final LabelledImage image : members) ofLabel.merge(image.label(), 1, Integer::sum);
			final String commonest = Collections.max(ofLabel.entrySet(), Map.Entry
				.comparingByValue()).getKey();
			int best = 0;
			for (int f = 1; f < k; f++) {
				final int here = perLabel.get(f).getOrDefault(commonest, 0);
				final int there = perLabel.get(best).getOrDefault(commonest, 0);
				if (here < there || here == there && fold.get(f).size() < fold.get(best).size()) {
					best = f;
				}
			}
			fold.get(best).addAll(members);
			final Map<String, Integer> counts = perLabel.get(best);
			ofLabel.forEach((label, n) -> counts.merge(label, n, Integer::sum));
		}
		final List<DataSplit> splits = new ArrayList<>();
		for (int f = 0; f < k; f++) {
			final List<LabelledImage> training = new ArrayList<>();
			for (int g = 0; g < k; g++) {
				if (g != f) training.addAll(fold.get(g));
			}
			splits.add(new DataSplit(training, fold.get(f)));
		}
		return splits;
	}

	public List<LabelledImage> training() {
		return training;
	}

	/** Validation images; empty when everything went to training. */
	public List<LabelledImage> validation() {
		return validation;
	}

	/** The training images, then the validation images. */
	public List<LabelledImage> all() {
		final List<LabelledImage> all = new ArrayList<>(training);
		all.addAll(validation);
		return all;
	}
}
