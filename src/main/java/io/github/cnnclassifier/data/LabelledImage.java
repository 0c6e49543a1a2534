package io.github.cnnclassifier.data;

import java.nio.file.Path;
import java.util.Objects;

/** One image file and the class label its folder gives it. */
public final class LabelledImage {

	private final Path file;
	private final String label;
	private final long size;

	public LabelledImage(final Path file, final String label, final long size) {
		this.file = Objects.requireNonNull(file);
		this.label = Objects.requireNonNull(label);
		this.size = size;
	}

	public Path file() {
		return file;
	}

	public String label() {
		return label;
	}

	/** File size in bytes when scanned (part of the data fingerprint). */
	public long size() {
		return size;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof LabelledImage)) return false;
		final LabelledImage other = (LabelledImage) o;
		return file.equals(other.file) && label.equals(other.label);
	}

	@Override
	public int hashCode() {
		return Objects.hash(file, label);
	}

	@Override
	public String toString() {
		return label + ": " + file;
	}
}
