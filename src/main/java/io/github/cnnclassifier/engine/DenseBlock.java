package io.github.cnnclassifier.engine;

import java.util.List;

import org.nd4j.linalg.learning.config.IUpdater;

/** A hidden fully connected layer (DL4J DenseLayer) with its activation: identity, ReLU or leaky ReLU. */
final class DenseBlock extends Block {

	private final Dense dense;
	private final boolean act;
	private final float alpha;
	/** Per batch: the pre-activations. */
	private float[] z;

	/** @param alpha slope below zero of the activation (0: ReLU), ignored without {@code act} */
	DenseBlock(final List<String> layers, final Tensor in, final Tensor out, final String layer,
		final boolean act, final double alpha, final IUpdater updater, final double l2,
		final int threads)
	{
		super(layers, new Tensor[] { in }, out);
		this.dense = new Dense(in, out.c, layer, updater, l2, threads);
		this.act = act;
		this.alpha = (float) alpha;
	}

	@Override
	List<Param> params() {
		return dense.params();
	}

	@Override
	void allocate(final int n) {
		z = new float[n * dense.unitsS];
	}

	@Override
	void forward(final Batch batch, final int n, final boolean training) {
		final Workers wk = batch.workers;
		final float[] input = batch.act(dense.in), output = batch.act(out);
		wk.run(n, t -> {
			final float[] feat = new float[dense.f];
			for (int i = wk.from(t, n); i < wk.to(t, n); i++) {
				dense.gather(input, i, feat);
				dense.forward(feat, z, i * dense.unitsS);
				activate(z, i * dense.unitsS, output, out.at(i));
			}
		});
	}

	private void activate(final float[] zs, final int from, final float[] output, final int to) {
		for (int k = 0; k < dense.unitsS; k++) {
			final float v = zs[from + k];
			output[to + k] = !act || v > 0 ? v : alpha * v;
		}
	}

	@Override
	void backward(final Batch batch, final int n) {
		final Workers wk = batch.workers;
		final float[] input = batch.act(dense.in), g = batch.grad(out);
		final boolean inputGrad = batch.wantsGradient(dense.in);
		final boolean add = inputGrad && batch.adds(dense.in);
		final float[] dIn = inputGrad ? batch.grad(dense.in) : null;
		wk.run(n, t -> {
			final float[] feat = new float[dense.f], scratch = new float[dense.f];
			final float[] dz = new float[dense.unitsS];
			for (int i = wk.from(t, n); i < wk.to(t, n); i++) {
				for (int k = 0; k < dense.units; k++) {
					final float d = g[out.at(i) + k];
					dz[k] = !act || z[i * dense.unitsS + k] > 0 ? d : alpha * d;
				}
				dense.gather(input, i, feat);
				dense.backward(t, feat, dz, 0, !frozen, dIn, i, add, scratch);
			}
		});
		if (!frozen) dense.reduce();
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
		activate(scratch, dense.f, acts[out.id], out.at(i));
	}

	@Override
	void inferPlain(final float[][] acts, final int i, final float[] scratch) {
		dense.inferPlain(acts, i, scratch);
		activate(scratch, dense.f, acts[out.id], out.at(i));
	}

	@Override
	void weightsChanged() {
		dense.weightsChanged();
	}
}
