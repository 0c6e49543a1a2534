package io.github.cnnclassifier.engine;

/**
 * Computes a network's training iterations, outputs and layer activations
 * on normalised NCHW float samples. Not thread-safe. {@link #close()} leaves
 * the trained parameters in the network it was made for.
 */
public interface Runner extends AutoCloseable {

	/**
	 * One training iteration (forward, backward, update) on {@code n} samples
	 * with their class indices, with the updaters the network's layers are
	 * configured with. Returns {mean loss, correct predictions}; the count is
	 * NaN when {@code measure} is false and measuring would cost extra.
	 */
	double[] fit(float[] x, int[] labels, int n, boolean measure);

	/** Class probabilities of {@code n} samples, row after row (inference mode). */
	float[] output(float[] x, int n);

	/**
	 * The output of layer {@code layer} for {@code n} samples in inference
	 * mode, as the network computes it: c x h x w values per sample (NCHW),
	 * or the layer's values for a flat layer.
	 *
	 * @throws IllegalArgumentException if the network has no such layer
	 */
	float[] activations(String layer, float[] x, int n);

	/**
	 * In inference mode, the output of {@code layer} for {@code n} samples and
	 * the gradient of each sample's score for class {@code classes[i]} (its
	 * logit, before softmax) with respect to it: {activations, gradients},
	 * NCHW as {@link #activations} gives them (Grad-CAM's ingredients).
	 *
	 * @throws IllegalArgumentException if the network has no such layer
	 * @throws IllegalStateException where the runner cannot compute gradients (DL4J's layers)
	 */
	float[][] gradient(String layer, float[] x, int n, int[] classes);

	/** Writes what training changed into the network; called by {@link #close()}. */
	void sync();

	/** What computes, for the log: e.g. "vector engine (16 float lanes, 2 threads)". */
	String description();

	/** The same as one word, for benchmark lines: e.g. "vector-f32x16" or "dl4j-CpuBackend". */
	String id();

	@Override
	void close();

	/**
	 * The class of one row of {@link #output}: the index of the largest of
	 * {@code classes} values from {@code from}, the first one on a tie.
	 */
	static int argmax(final float[] p, final int from, final int classes) {
		int best = 0;
		for (int k = 1; k < classes; k++) {
			if (p[from + k] > p[from + best]) best = k;
		}
		return best;
	}
}
