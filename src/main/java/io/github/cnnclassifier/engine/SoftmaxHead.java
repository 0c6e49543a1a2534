package io.github.cnnclassifier.engine;

import java.util.List;

import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The network's output layer: fully connected, softmax, cross-entropy loss,
 * optionally weighted per class (DL4J's LossMCXENT with weights: the loss of
 * an image is its class's weight times -log p, averaged over the batch).
 */
final class SoftmaxHead extends Block {

	private final Dense dense;
	private final float[] classWeights;
	final int classes;
	/** Per batch: logits and probabilities, one row of unitsS per image, and each image's log-sum-exp. */
	private float[] z, p;
	private double[] logZ;
	private final double[] tLoss;
	private final int[] tCorrect;

	/** @param classWeights weight of each class in the loss, or null */
	SoftmaxHead(final List<String> layers, final Tensor in, final Tensor out, final String layer,
		final int classes, final float[] classWeights, final IUpdater updater, final double l2,
		final int threads)
	{
		super(layers, new Tensor[] { in }, out);
		this.dense = new Dense(in, classes, layer, updater, l2, threads);
		this.classes = classes;
		this.classWeights = classWeights;
		this.tLoss = new double[threads];
		this.tCorrect = new int[threads];
	}

	@Override
	List<Param> params() {
		return dense.params();
	}

	@Override
	void allocate(final int n) {
		z = new float[n * dense.unitsS];
		p = new float[n * dense.unitsS];
		logZ = new double[n];
	}

	@Override
	void forward(final Batch batch, final int n, final boolean training) {
		final Workers wk = batch.workers;
		final float[] input = batch.act(dense.in), output = batch.act(out);
		wk.run(n, t -> {
			final float[] feat = new float[dense.f];
			for (int i = wk.from(t, n); i < wk.to(t, n); i++) {
				dense.gather(input, i, feat);
				final int base = i * dense.unitsS;
				dense.forward(feat, z, base);
				System.arraycopy(z, base, p, base, dense.unitsS);
				logZ[i] = softmax(p, base);
				System.arraycopy(p, i * dense.unitsS, output, out.at(i), classes);
			}
		});
	}

	/** Softmax in place over {@code classes} logits; returns log of the denominator (logits' log-sum-exp). */
	private double softmax(final float[] z, final int base) {
		float max = z[base];
		for (int k = 1; k < classes; k++) max = Math.max(max, z[base + k]);
		double sum = 0;
		for (int k = 0; k < classes; k++) sum += Math.exp(z[base + k] - max);
		for (int k = 0; k < classes; k++) z[base + k] = (float) (Math.exp(z[base + k] - max) / sum);
		return Math.log(sum) + max;
	}

	/**
	 * The loss of the last forward pass against {@code labels}, its gradient
	 * at the head's input, and the head's weight gradients (unless frozen).
	 * Returns {mean loss, correct predictions}.
	 */
	double[] loss(final Batch batch, final int[] labels, final int n) {
		final Workers wk = batch.workers;
		final float[] input = batch.act(dense.in);
		final boolean inputGrad = batch.wantsGradient(dense.in);
		final boolean add = inputGrad && batch.adds(dense.in);
		final float[] dIn = inputGrad ? batch.grad(dense.in) : null;
		wk.run(n, t -> {
			final float[] feat = new float[dense.f], scratch = new float[dense.f];
			final float[] dz = new float[dense.unitsS];
			for (int i = wk.from(t, n); i < wk.to(t, n); i++) {
				final int base = i * dense.unitsS, label = labels[i];
				final float weight = classWeights == null ? 1 : classWeights[label];
				// NB: -log p(label) from the logits keeps the loss finite where p underflows.
				tLoss[t] += weight * (logZ[i] - z[base + label]);
				if (Runner.argmax(p, base, classes) == label) tCorrect[t]++;
				for (int k = 0; k < classes; k++) {
					dz[k] = weight * (p[base + k] - (k == label ? 1 : 0)) / n;
				}
				dense.gather(input, i, feat);
				dense.backward(t, feat, dz, 0, !frozen, dIn, i, add, scratch);
			}
		});
		if (!frozen) dense.reduce();
		double loss = 0;
		int correct = 0;
		for (int t = 0; t < tLoss.length; t++) {
			loss += tLoss[t];
			correct += tCorrect[t];
			tLoss[t] = 0;
			tCorrect[t] = 0;
		}
		return new double[] { loss / n, correct };
	}

	/**
	 * After a forward pass, the gradient of each image's score for class
	 * {@code classes[i]} (its logit) at the head's input.
	 */
	void logitGradient(final Batch batch, final int[] classes, final int n) {
		final Workers wk = batch.workers;
		final boolean add = batch.adds(dense.in);
		final float[] dIn = batch.grad(dense.in);
		wk.run(n, t -> {
			final float[] scratch = new float[dense.f];
			final float[] dz = new float[dense.unitsS];
			for (int i = wk.from(t, n); i < wk.to(t, n); i++) {
				java.util.Arrays.fill(dz, 0);
				dz[classes[i]] = 1;
				dense.backward(t, null, dz, 0, false, dIn, i, add, scratch);
			}
		});
	}

	@Override
	void backward(final Batch batch, final int n) {
		throw new UnsupportedOperationException("The head's backward pass is loss()");
	}

	@Override
	double flops() {
		return 2.0 * dense.in.values() * dense.units;
	}

	@Override
	int scratch() {
		return dense.scratch();
	}

	@Override
	void infer(final float[][] acts, final int i, final float[] scratch) {
		dense.infer(acts, i, scratch);
		softmax(scratch, dense.f);
		System.arraycopy(scratch, dense.f, acts[out.id], out.at(i), classes);
	}

	@Override
	void inferPlain(final float[][] acts, final int i, final float[] scratch) {
		dense.inferPlain(acts, i, scratch);
		softmax(scratch, dense.f);
		System.arraycopy(scratch, dense.f, acts[out.id], out.at(i), classes);
	}

	@Override
	void weightsChanged() {
		dense.weightsChanged();
	}
}
