package io.github.cnnclassifier.engine;

import java.util.List;

/** A residual connection: the sum of its inputs (DL4J's ElementWiseVertex Add), all of one shape. */
final class AddBlock extends Block {

	AddBlock(final List<String> layers, final Tensor[] inputs, final Tensor out) {
		super(layers, inputs, out);
	}

	@Override
	void forward(final Batch batch, final int n, final boolean training) {
		final Workers wk = batch.workers;
		wk.run(n, t -> {
			for (int i = wk.from(t, n); i < wk.to(t, n); i++) infer(batch.acts(), i, null);
		});
	}

	@Override
	void backward(final Batch batch, final int n) {
		final Workers wk = batch.workers;
		final float[] g = batch.grad(out);
		for (final Tensor in : inputs) {
			if (!batch.wantsGradient(in)) continue;
			final boolean add = batch.adds(in);
			final float[] dIn = batch.grad(in);
			wk.run(n, t -> {
				for (int i = wk.from(t, n); i < wk.to(t, n); i++) Pixelwise.copy(out, g, in, dIn, i,
					add);
			});
		}
	}

	@Override
	void infer(final float[][] acts, final int i, final float[] scratch) {
		for (int k = 0; k < inputs.length; k++) {
			Pixelwise.copy(inputs[k], acts[inputs[k].id], out, acts[out.id], i, k > 0);
		}
	}
}
