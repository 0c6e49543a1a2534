package io.github.cnnclassifier.engine;

/**
 * Computes a network's training iterations and outputs on normalised NCHW
 * float samples. Not thread-safe. {@link #close()} leaves the trained
 * parameters in the MultiLayerNetwork it was made for.
 */
public interface Runner extends AutoCloseable {

	/**
	 * One training iteration (forward, backward, update) on {@code n} samples
	 * with their class indices. Returns {mean loss, correct predictions}; the
	 * count is NaN when {@code measure} is false and measuring would cost extra.
	 */
	double[] fit(float[] x, int[] labels, int n, boolean measure);

	/** Class probabilities of {@code n} samples, row after row (inference mode). */
	float[] output(float[] x, int n);

	/** Writes what training changed into the network; called by {@link #close()}. */
	void sync();

	/** What computes, for the log: e.g. "vector engine (16 float lanes, 2 threads)". */
	String description();

	/** The same as one word, for benchmark lines: e.g. "vector-f32x16" or "dl4j-CpuBackend". */
	String id();

	@Override
	void close();
}
