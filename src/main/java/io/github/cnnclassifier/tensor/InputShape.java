package io.github.cnnclassifier.tensor;

import java.util.Objects;

/** Height, width and channel count of one network input (one sample of an NCHW batch). */
public final class InputShape {

	private final int height;
	private final int width;
	private final int channels;

	public InputShape(final int height, final int width, final int channels) {
		if (height < 1 || width < 1 || channels < 1) {
			throw new IllegalArgumentException("Input size must be positive, got " +
				height + "x" + width + "x" + channels + " (height x width x channels)");
		}
		this.height = height;
		this.width = width;
		this.channels = channels;
	}

	public int height() {
		return height;
	}

	public int width() {
		return width;
	}

	public int channels() {
		return channels;
	}

	/** Values in one sample: channels x height x width. */
	public int size() {
		return channels * height * width;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof InputShape)) return false;
		final InputShape s = (InputShape) o;
		return height == s.height && width == s.width && channels == s.channels;
	}

	@Override
	public int hashCode() {
		return Objects.hash(height, width, channels);
	}

	/** As MATLAB writes an input size: {@code 28x28x1}. */
	@Override
	public String toString() {
		return height + "x" + width + "x" + channels;
	}
}
