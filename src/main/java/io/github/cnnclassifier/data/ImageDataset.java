package io.github.cnnclassifier.data;

import io.github.cnnclassifier.tensor.ImageSamples;
import io.github.cnnclassifier.tensor.InputShape;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/**
 * Labelled images fitted to one input shape, as raw pixel values: held in
 * memory as far as the reader's cache budget allows, the rest decoded from
 * their files again whenever they are read (so a folder larger than the heap
 * still trains). {@link #fill} is thread-safe.
 */
public final class ImageDataset implements LabelledSamples {

	private final InputShape shape;
	private final List<String> classes;
	private final float[] cache;
	private final int[] slots;
	private final int[] labels;
	private final List<Path> files;
	private final double[] sums;

	/**
	 * @param cache decoded samples, sample after sample
	 * @param slots for each sample, its place in {@code cache}, or -1 to decode its file
	 * @param sums count, sum and sum of squares of all values of all samples
	 */
	ImageDataset(final InputShape shape, final List<String> classes, final float[] cache,
		final int[] slots, final int[] labels, final List<Path> files, final double[] sums)
	{
		this.shape = shape;
		this.classes = Collections.unmodifiableList(classes);
		this.cache = cache;
		this.slots = slots;
		this.labels = labels;
		this.files = Collections.unmodifiableList(files);
		this.sums = sums;
	}

	@Override
	public InputShape shape() {
		return shape;
	}

	@Override
	public int count() {
		return labels.length;
	}

	@Override
	public void fill(final int index, final float[] dest, final int offset) {
		final int slot = slots[index];
		if (slot >= 0) {
			System.arraycopy(cache, slot * shape.size(), dest, offset, shape.size());
			return;
		}
		// NB: the file was readable when the dataset was made; an error here means it changed since.
		new ImageSamples(ImageFiles.open(files.get(index)), shape).fill(0, dest, offset);
	}

	@Override
	public List<String> classes() {
		return classes;
	}

	@Override
	public int label(final int index) {
		return labels[index];
	}

	/** The file sample {@code index} was read from. */
	public Path file(final int index) {
		return files.get(index);
	}

	/** How many samples are held in memory; the others are decoded when read. */
	public int cached() {
		int n = 0;
		for (final int slot : slots) {
			if (slot >= 0) n++;
		}
		return n;
	}

	/**
	 * The raw values held in memory, sample after sample in order (no copy
	 * when they are the whole cache in order, as a single read gives: do not
	 * modify); all samples when {@link #cached()} is {@link #count()}.
	 */
	public float[] values() {
		final int size = shape.size();
		boolean inOrder = cache.length == slots.length * size;
		for (int i = 0; inOrder && i < slots.length; i++) inOrder = slots[i] == i;
		if (inOrder) return cache;
		// NB: samples taken from held images (HeldImages) share their cache, in another order.
		final float[] values = new float[cached() * size];
		int at = 0;
		for (final int slot : slots) {
			if (slot < 0) continue;
			System.arraycopy(cache, slot * size, values, at, size);
			at += size;
		}
		return values;
	}

	/** Measured while reading. */
	@Override
	public double[] valueSums() {
		return sums.clone();
	}
}
