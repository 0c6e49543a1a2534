package io.github.cnnclassifier.engine;

import java.util.Arrays;
import java.util.List;

/**
 * The arrays a plan computes a mini-batch in: one activation and (where a
 * trainable block lies upstream) one gradient array per tensor, each
 * holding up to {@link #capacity()} padded images; and the worker threads.
 */
final class Batch {

	final Workers workers;
	private final List<Tensor> tensors;
	private final boolean[] wantsGradient;
	private final boolean[] written;
	private final float[][] acts, grads;
	private int capacity;

	Batch(final Workers workers, final List<Tensor> tensors, final boolean[] wantsGradient) {
		this.workers = workers;
		this.tensors = tensors;
		this.wantsGradient = wantsGradient;
		this.written = new boolean[tensors.size()];
		this.acts = new float[tensors.size()][];
		this.grads = new float[tensors.size()][];
	}

	/** Makes room for {@code n} images; returns whether the arrays were replaced. */
	boolean ensure(final int n) {
		if (n <= capacity) return false;
		for (final Tensor t : tensors) {
			acts[t.id] = new float[n * t.imageSize()];
			if (wantsGradient[t.id]) grads[t.id] = new float[n * t.imageSize()];
		}
		capacity = n;
		return true;
	}

	int capacity() {
		return capacity;
	}

	float[] act(final Tensor t) {
		return acts[t.id];
	}

	/** The activation arrays by tensor id. */
	float[][] acts() {
		return acts;
	}

	float[] grad(final Tensor t) {
		return grads[t.id];
	}

	/** Whether the gradient at {@code t} is needed (a trainable block lies upstream of it). */
	boolean wantsGradient(final Tensor t) {
		return wantsGradient[t.id];
	}

	/**
	 * Whether the next write of a gradient into {@code t} must add to what
	 * another consumer wrote; marks it written. Call once per block and input.
	 */
	boolean adds(final Tensor t) {
		final boolean add = written[t.id];
		written[t.id] = true;
		return add;
	}

	/** Starts a backward pass: no gradient is written yet. */
	void newBackward() {
		Arrays.fill(written, false);
	}
}
