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
		if ((long) height * width * channels > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("Input size " + height + "x" + width + "x" +
				channels + " has " + (long) height * width * channels + " values per image, " +
				"more than one Java array holds (2^31); use a smaller input size");
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

	/** Values in one sample: channels x height x width (below 2^31, checked when made). */
	public int size() {
		return channels * height * width;
	}

	/** Bytes of one sample as 32-bit floats. */
	public long bytes() {
		return (long) size() * Float.BYTES;
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

	/**
	 * @throws IllegalArgumentException unless samples of {@code samples}' shape
	 *           are what a network of this input takes
	 */
	public void requireSamples(final InputShape samples) {
		if (!equals(samples)) {
			throw new IllegalArgumentException("Samples of size " + samples +
				" do not fit the model input " + this);
		}
	}
}
