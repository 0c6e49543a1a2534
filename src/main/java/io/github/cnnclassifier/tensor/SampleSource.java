package io.github.cnnclassifier.tensor;

/**
 * A sequence of network inputs of one {@link InputShape}, read on demand so
 * that memory is bounded by the batch, not by the sequence.
 */
public interface SampleSource {

	/** The shape every sample is fitted to. */
	InputShape shape();

	/** Number of samples. */
	int count();

	/**
	 * Writes sample {@code index} as raw (not normalised) values in channel,
	 * row, column order: {@code shape().size()} floats from {@code offset}.
	 */
	void fill(int index, float[] dest, int offset);
}
