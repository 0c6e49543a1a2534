package io.github.cnnclassifier.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One image file, the class label its folder gives it, and its size in bytes
 * when scanned (part of the data fingerprint, not of its identity).
 */
public record LabelledImage(Path file, String label, long size) {

	public LabelledImage {
		Objects.requireNonNull(file);
		Objects.requireNonNull(label);
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof LabelledImage other && file.equals(other.file) && label.equals(
			other.label);
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
