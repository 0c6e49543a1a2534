package io.github.cnnclassifier.engine;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Dropout as DL4J's {@code Dropout(p)} computes it in training: each value is
 * kept with probability p and then divided by p, else zeroed; in inference,
 * and when frozen, the values pass unchanged. The masks are drawn per image
 * from the seed, the iteration and the image's index in the batch, so a run
 * gives the same network on any number of threads.
 */
final class DropoutBlock extends Block {

	private final Tensor in;
	private final double keep;
	private final long seed;
	private long iteration;
	/** Whether the last forward pass dropped values (training), so backward must too. */
	private boolean dropped;
	/** Per batch: the factor of each value (0 or 1/p), pixel after pixel. */
	private float[] mask;

	/** @param keep DL4J's p: the probability of keeping a value */
	DropoutBlock(final List<String> layers, final Tensor in, final Tensor out,
		final double keep, final long seed)
	{
		super(layers, new Tensor[] { in }, out);
		this.in = in;
		this.keep = keep;
		this.seed = seed;
	}

	private int maskSize() {
		return in.h * in.w * in.cs;
	}

	@Override
	void allocate(final int n) {
		mask = new float[n * maskSize()];
	}

	@Override
	void forward(final Batch batch, final int n, final boolean training) {
		final Workers wk = batch.workers;
		final float[] x = batch.act(in), y = batch.act(out);
		final boolean drop = training && !frozen;
		dropped = drop;
		final long it = iteration++;
		wk.run(n, t -> {
			for (int i = wk.from(t, n); i < wk.to(t, n); i++) {
				if (!drop) {
					Pixelwise.copy(in, x, out, y, i, false);
					continue;
				}
				final SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + it *
					0xBF58476D1CE4E5B9L + i);
				final float scale = (float) (1 / keep);
				int m = i * maskSize();
				for (int yy = 0; yy < in.h; yy++) {
					for (int xx = 0; xx < in.w; xx++) {
						final int s = in.at(i) + in.pixel(yy, xx), d = out.at(i) + out.pixel(yy, xx);
						for (int c = 0; c < in.cs; c++, m++) {
							mask[m] = c < in.c && random.nextDouble() < keep ? scale : 0;
							y[d + c] = x[s + c] * mask[m];
						}
					}
				}
			}
		});
	}

	@Override
	void backward(final Batch batch, final int n) {
		if (!batch.wantsGradient(in)) return;
		final boolean add = batch.adds(in);
		final float[] g = batch.grad(out), dIn = batch.grad(in);
		final Workers wk = batch.workers;
		wk.run(n, t -> {
			for (int i = wk.from(t, n); i < wk.to(t, n); i++) {
				if (!dropped) {
					Pixelwise.copy(out, g, in, dIn, i, add);
					continue;
				}
				int m = i * maskSize();
				for (int yy = 0; yy < in.h; yy++) {
					for (int xx = 0; xx < in.w; xx++) {
						final int s = out.at(i) + out.pixel(yy, xx), d = in.at(i) + in.pixel(yy, xx);
						for (int c = 0; c < in.cs; c++, m++) {
							final float v = g[s + c] * mask[m];
							dIn[d + c] = add ? dIn[d + c] + v : v;
						}
					}
				}
			}
		});
	}

	@Override
	void infer(final float[][] acts, final int i, final float[] scratch) {
		Pixelwise.copy(in, acts[in.id], out, acts[out.id], i, false);
	}
}
