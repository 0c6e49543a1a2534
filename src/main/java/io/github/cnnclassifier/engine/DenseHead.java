package io.github.cnnclassifier.engine;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;

/**
 * The engine's output layer: fully connected, softmax, cross-entropy loss.
 * Features come in the last block's NHWC layout; weights are kept as
 * [feature][class], with the class stride a whole number of vectors.
 */
final class DenseHead {

	final int f, classes, classesS;
	final float[] wd, bd, dwd, dbd;
	/** The weights as [class][feature], for the feature gradient. */
	private final float[] wdT;
	/** Per batch: features and their gradient, [n][f]. */
	float[] feat, dfeat;
	private final float[][] tdw, tdb;
	private final double[] tLoss;
	private final int[] tCorrect;

	DenseHead(final int f, final int classes, final int threads) {
		this.f = f;
		this.classes = classes;
		this.classesS = Kernels.lanes(classes);
		wd = new float[f * classesS];
		wdT = new float[classes * f];
		dwd = new float[f * classesS];
		bd = new float[classesS];
		dbd = new float[classesS];
		tdw = new float[threads][f * classesS];
		tdb = new float[threads][classesS];
		tLoss = new double[threads];
		tCorrect = new int[threads];
	}

	void allocate(final int n) {
		feat = new float[n * f];
		dfeat = new float[n * f];
	}

	/**
	 * Class probabilities of one feature vector into {@code p[pBase ...]}
	 * ({@code classesS} floats written, the first {@code classes} meaningful);
	 * returns log(sum(exp(logit - max))) + max, the log of softmax's denominator.
	 */
	double probabilities(final float[] features, final int base, final float[] p,
		final int pBase)
	{
		for (int cb = 0; cb < classesS; cb += Kernels.L) {
			// NB: four chains of FMAs, not one, so each waits less for the last.
			FloatVector a0 = FloatVector.fromArray(Kernels.S, bd, cb);
			FloatVector a1 = FloatVector.zero(Kernels.S), a2 = a1, a3 = a1;
			int j = 0;
			for (; j + 4 <= f; j += 4) {
				final int r = j * classesS + cb;
				a0 = FloatVector.fromArray(Kernels.S, wd, r).fma(FloatVector.broadcast(Kernels.S,
					features[base + j]), a0);
				a1 = FloatVector.fromArray(Kernels.S, wd, r + classesS).fma(FloatVector.broadcast(
					Kernels.S, features[base + j + 1]), a1);
				a2 = FloatVector.fromArray(Kernels.S, wd, r + 2 * classesS).fma(FloatVector
					.broadcast(Kernels.S, features[base + j + 2]), a2);
				a3 = FloatVector.fromArray(Kernels.S, wd, r + 3 * classesS).fma(FloatVector
					.broadcast(Kernels.S, features[base + j + 3]), a3);
			}
			for (; j < f; j++) {
				a0 = FloatVector.fromArray(Kernels.S, wd, j * classesS + cb).fma(FloatVector
					.broadcast(Kernels.S, features[base + j]), a0);
			}
			a0.add(a1).add(a2.add(a3)).intoArray(p, pBase + cb);
		}
		float max = p[pBase];
		for (int k = 1; k < classes; k++) max = Math.max(max, p[pBase + k]);
		double sum = 0;
		for (int k = 0; k < classes; k++) sum += Math.exp(p[pBase + k] - max);
		for (int k = 0; k < classes; k++) {
			p[pBase + k] = (float) (Math.exp(p[pBase + k] - max) / sum);
		}
		return Math.log(sum) + max;
	}

	/**
	 * Forward and backward of training image i with its label, for a batch of
	 * {@code n}: loss and hit into thread t's tallies, weight gradients into
	 * its partials, and the feature gradient into {@link #dfeat}.
	 */
	void train(final int i, final int t, final int label, final int n) {
		final float[] p = new float[classesS];
		// NB: the logit of the label, before probabilities() overwrites it; the
		// loss -log p(label) = logZ - logit stays finite where p underflows.
		final double logit = logit(feat, i * f, label);
		tLoss[t] += probabilities(feat, i * f, p, 0) - logit;
		int best = 0;
		for (int k = 1; k < classes; k++) {
			if (p[k] > p[best]) best = k;
		}
		if (best == label) tCorrect[t]++;
		for (int k = 0; k < classes; k++) p[k] = (p[k] - (k == label ? 1 : 0)) / n;
		for (int k = 0; k < classes; k++) tdb[t][k] += p[k];
		final float[] tw = tdw[t];
		for (int cb = 0; cb < classesS; cb += Kernels.L) {
			final FloatVector dl = FloatVector.fromArray(Kernels.S, p, cb);
			for (int j = 0; j < f; j++) {
				final int r = j * classesS + cb;
				dl.fma(FloatVector.broadcast(Kernels.S, feat[i * f + j]), FloatVector.fromArray(
					Kernels.S, tw, r)).intoArray(tw, r);
			}
		}
		Arrays.fill(dfeat, i * f, (i + 1) * f, 0);
		for (int k = 0; k < classes; k++) Kernels.axpy(p[k], wdT, k * f, dfeat, i * f, f);
	}

	/** Refreshes the transposed weights after the weights changed. */
	void weightsChanged() {
		for (int j = 0; j < f; j++) {
			for (int k = 0; k < classes; k++) wdT[k * f + j] = wd[j * classesS + k];
		}
	}

	private double logit(final float[] features, final int base, final int k) {
		double z = bd[k];
		for (int j = 0; j < f; j++) z += (double) wd[j * classesS + k] * features[base + j];
		return z;
	}

	/** Sums the threads' partials; returns {loss sum, hits} and clears the tallies. */
	double[] reduce() {
		Arrays.fill(dwd, 0);
		Arrays.fill(dbd, 0);
		double loss = 0;
		int correct = 0;
		for (int t = 0; t < tdw.length; t++) {
			Kernels.axpy(1, tdw[t], 0, dwd, 0, dwd.length);
			Kernels.axpy(1, tdb[t], 0, dbd, 0, classesS);
			Arrays.fill(tdw[t], 0);
			Arrays.fill(tdb[t], 0);
			loss += tLoss[t];
			correct += tCorrect[t];
			tLoss[t] = 0;
			tCorrect[t] = 0;
		}
		return new double[] { loss, correct };
	}
}
