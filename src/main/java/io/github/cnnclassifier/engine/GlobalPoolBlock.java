package io.github.cnnclassifier.engine;

import java.util.List;

import jdk.incubator.vector.FloatVector;

/** Global average pooling: the mean of each channel over the image (DL4J's GlobalPoolingLayer, AVG). */
final class GlobalPoolBlock extends Block {

	private final Tensor in;

	GlobalPoolBlock(final List<String> layers, final Tensor in, final Tensor out) {
		super(layers, new Tensor[] { in }, out);
		this.in = in;
	}

	@Override
	void forward(final Batch batch, final int n, final boolean training) {
		final Workers wk = batch.workers;
		wk.run(n, t -> {
			for (int i = wk.from(t, n); i < wk.to(t, n); i++) infer(batch.acts(), i, null);
		});
	}

	@Override
	void infer(final float[][] acts, final int i, final float[] scratch) {
		final float[] x = acts[in.id], y = acts[out.id];
		final float inv = 1f / (in.h * in.w);
		for (int cb = 0; cb < in.cs; cb += Kernels.L) {
			FloatVector s = FloatVector.zero(Kernels.S);
			for (int yy = 0; yy < in.h; yy++) {
				for (int xx = 0; xx < in.w; xx++) {
					s = s.add(FloatVector.fromArray(Kernels.S, x, in.at(i) + in.pixel(yy, xx) + cb));
				}
			}
			s.mul(inv).intoArray(y, out.at(i) + cb);
		}
	}

	@Override
	void backward(final Batch batch, final int n) {
		if (!batch.wantsGradient(in)) return;
		final boolean add = batch.adds(in);
		final float[] g = batch.grad(out), dIn = batch.grad(in);
		final float inv = 1f / (in.h * in.w);
		final Workers wk = batch.workers;
		wk.run(n, t -> {
			for (int i = wk.from(t, n); i < wk.to(t, n); i++) {
				for (int cb = 0; cb < in.cs; cb += Kernels.L) {
					final FloatVector d = FloatVector.fromArray(Kernels.S, g, out.at(i) + cb).mul(inv);
					for (int yy = 0; yy < in.h; yy++) {
						for (int xx = 0; xx < in.w; xx++) {
							final int at = in.at(i) + in.pixel(yy, xx) + cb;
							// NB: no vector chosen by a condition (C2 of JDK 17 boxes it).
							if (add) d.add(FloatVector.fromArray(Kernels.S, dIn, at)).intoArray(dIn, at);
							else d.intoArray(dIn, at);
						}
					}
				}
			}
		});
	}
}
