package io.github.cnnclassifier.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The exact and near copies among a split's images, by {@link ImageHash}:
 * how many images have a copy anywhere, how many validation images have one
 * among the training images, and the split with one image of each group of
 * copies kept ({@link #drop()}).
 */
public final class Duplicates {

	/** Pairs named in the report. */
	static final int PAIRS_SHOWN = 10;

	/** What the model file records: counts of images, and the first pairs as "a = b" (exact) or "a ~ b". */
	public record Report(int exact, int near, int acrossSplit, List<String> pairs) {}

	private final DataSplit split;
	/** Training images, then validation images. */
	private final List<LabelledImage> images = new ArrayList<>();
	private final ImageHashes hashed;
	/** Per image of {@link #images}, its hash or null. */
	private final ImageHash[] hashes;
	/** Per image: a copy anywhere; a near or exact copy anywhere; (validation) a copy among the training images. */
	private final boolean[] exactCopy, nearCopy, trainingCopy;
	private final int[] parent;
	private final List<String> pairs = new ArrayList<>();

	private Duplicates(final DataSplit split, final ImageHashes hashed,
		final ImageHash[] hashes, final Function<LabelledImage, String> name)
	{
		this.split = split;
		this.hashed = hashed;
		images.addAll(split.all());
		this.hashes = hashes;
		final int n = images.size();
		exactCopy = new boolean[n];
		nearCopy = new boolean[n];
		trainingCopy = new boolean[n];
		parent = IntStream.range(0, n).toArray();
		// NB: exact copies share one representative, so near ones are compared once per distinct image.
		final Map<String, Integer> first = new HashMap<>();
		final List<Integer> distinct = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			if (hashes[i] == null) continue;
			final Integer seen = first.putIfAbsent(hashes[i].exact(), i);
			if (seen == null) distinct.add(i);
			else link(seen, i, true, name);
		}
		final int[] reps = distinct.stream().mapToInt(Integer::intValue).toArray();
		final List<int[]> near = nearPairs(reps);
		for (final int[] p : near) link(p[0], p[1], false, name);
		// NB: a copy's flags hold for the whole exact group it belongs to.
		final int t = split.training().size();
		final boolean[] groupHasTraining = new boolean[n];
		for (int i = 0; i < t; i++) {
			if (hashes[i] != null) groupHasTraining[first.get(hashes[i].exact())] = true;
		}
		final int[] groupSize = new int[n];
		for (int i = 0; i < n; i++) {
			if (hashes[i] != null) groupSize[first.get(hashes[i].exact())]++;
		}
		final boolean[] nearGroup = new boolean[n], nearTraining = new boolean[n];
		for (final int[] p : near) {
			nearGroup[p[0]] = nearGroup[p[1]] = true;
			if (groupHasTraining[p[1]]) nearTraining[p[0]] = true;
			if (groupHasTraining[p[0]]) nearTraining[p[1]] = true;
		}
		for (int i = 0; i < n; i++) {
			if (hashes[i] == null) continue;
			final int g = first.get(hashes[i].exact());
			exactCopy[i] = groupSize[g] > 1;
			nearCopy[i] = exactCopy[i] || nearGroup[g];
			trainingCopy[i] = i >= t && (groupHasTraining[g] || nearTraining[g]);
		}
	}

	/**
	 * Hashes every image of the split (those that cannot be opened are left to
	 * the reader to report) and finds the copies.
	 *
	 * @param name how an image is named in the report, e.g. its path relative to the data folder
	 */
	public static Duplicates find(final DataSplit split,
		final Function<LabelledImage, String> name)
	{
		return find(split, ImageHashes.of(split.all()), name);
	}

	/**
	 * Finds the copies among the split's images by {@code hashes}, made
	 * beforehand (e.g. once for all folds of a cross-validation); an image
	 * without a hash has no copies.
	 */
	public static Duplicates find(final DataSplit split, final ImageHashes hashes,
		final Function<LabelledImage, String> name)
	{
		return new Duplicates(split, hashes, hashes.hashesOf(split.all()).toArray(
			ImageHash[]::new), name);
	}

	/** Images with an exact copy anywhere in the split. */
	public int exact() {
		return count(exactCopy, 0);
	}

	/** Images with an exact or near copy anywhere in the split. */
	public int near() {
		return count(nearCopy, 0);
	}

	/** Validation images with an exact or near copy among the training images. */
	public int acrossSplit() {
		return count(trainingCopy, split.training().size());
	}

	/** The counts and the first pairs found. */
	public Report report() {
		return new Report(exact(), near(), acrossSplit(), List.copyOf(pairs));
	}

	/** The hash of each of {@code some} images of the split; null for one that could not be opened. */
	public List<ImageHash> hashes(final List<LabelledImage> some) {
		return hashed.hashesOf(some);
	}

	/**
	 * The split with one image of each group of copies (linked by exact or
	 * near copies, transitively): the first training image of the group, or
	 * else its first validation image.
	 */
	public DataSplit drop() {
		final boolean[] kept = new boolean[images.size()];
		final List<LabelledImage> training = new ArrayList<>(), validation = new ArrayList<>();
		final int t = split.training().size();
		for (int i = 0; i < images.size(); i++) {
			final int root = root(i);
			if (kept[root]) continue;
			kept[root] = true;
			(i < t ? training : validation).add(images.get(i));
		}
		return new DataSplit(training, validation);
	}

	/** Pairs of distinct images whose perceptual hashes are near, as indices into {@link #images}. */
	private List<int[]> nearPairs(final int[] reps) {
		final long[] bits = new long[reps.length];
		for (int k = 0; k < reps.length; k++) bits[k] = hashes[reps[k]].near();
		return IntStream.range(0, reps.length).parallel().mapToObj(a -> {
			final List<int[]> found = new ArrayList<>();
			for (int b = a + 1; b < reps.length; b++) {
				if (ImageHash.areNear(bits[a], bits[b])) {
					found.add(new int[] { reps[a], reps[b] });
				}
			}
			return found;
		}).flatMap(List::stream).toList();
	}

	private void link(final int a, final int b, final boolean exact,
		final Function<LabelledImage, String> name)
	{
		if (pairs.size() < PAIRS_SHOWN) {
			pairs.add(name.apply(images.get(a)) + (exact ? " = " : " ~ ") + name.apply(images
				.get(b)));
		}
		final int ra = root(a), rb = root(b);
		// NB: the smaller index is the root, so drop() keeps a group's first image.
		if (ra != rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
	}

	private int root(int i) {
		while (parent[i] != i) {
			parent[i] = parent[parent[i]];
			i = parent[i];
		}
		return i;
	}

	private static int count(final boolean[] flags, final int from) {
		int n = 0;
		for (int i = from; i < flags.length; i++) {
			if (flags[i]) n++;
		}
		return n;
	}
}
