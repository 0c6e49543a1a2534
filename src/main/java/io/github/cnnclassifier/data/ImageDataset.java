package io.github.cnnclassifier.data;

import io.github.cnnclassifier.tensor.InputShape;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/** Labelled images held in memory, fitted to one input shape, as raw pixel values. */
public final class ImageDataset implements LabelledSamples {

	private final InputShape shape;
	private final List<String> classes;
	private final float[] data;
	private final int[] labels;
	private final List<Path> files;

	ImageDataset(final InputShape shape, final List<String> classes,
		final float[] data, final int[] labels, final List<Path> files)
	{
		this.shape = shape;
		this.classes = Collections.unmodifiableList(classes);
		this.data = data;
		this.labels = labels;
		this.files = Collections.unmodifiableList(files);
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
		System.arraycopy(data, index * shape.size(), dest, offset, shape.size());
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

	/** All raw values, sample after sample (no copy: do not modify). */
	public float[] values() {
		return data;
	}
}
