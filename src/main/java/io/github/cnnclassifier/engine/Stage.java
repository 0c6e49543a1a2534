package io.github.cnnclassifier.engine;

import java.util.Arrays;
import java.util.List;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import org.nd4j.linalg.learning.config.IUpdater;

/**
 * What follows a convolution inside one block, or stands alone: batch norm
 * (optional), an activation (none, ReLU or leaky ReLU) and P x P pooling
 * with stride P (optional, max or average), fused into one pass over NHWC
 * pixels whose channel stride {@code cs} is a whole number of vectors.
 * <p>
 * Batch norm works as DL4J's BatchNormalization: biased batch variance,
 * {@code std = sqrt(var + eps)}, running statistics {@code r = d r + (1-d) batch};
 * with running statistics (inference, frozen layers) it is a fixed scale and
 * shift. Max pooling sends a window's gradient to the first position holding
 * its maximum, as DL4J does (flat image backgrounds make ties common).
 * </p>
 */
final class Stage {

	enum Pool {
		NONE, MAX, AVG
	}

	final int h, w, c, cs, oh, ow, p;
	final boolean bn;
	final Pool pool;
	/** Whether ReLU (alpha 0) or leaky ReLU follows. */
	final boolean act;
	final float alpha;
	/** The activation's slope below zero: alpha, or 1 without activation. */
	private final float slope;
	final double eps, decay;

	final float[] gamma, beta, runMean, runVar, dgamma, dbeta;
	private final float[] mean, invStd, scale, shift, ones, zeros;
	private final double[][] tSum, tSq;
	/** Per channel, from {@link #endRoute}: the input gradient is dyFactor*dy + xFactor*x + offset. */
	private final float[] dyFactor, xFactor, offset;
	/** Per thread: one image's sums of {@link #route}. */
	private final float[][] tRoute;
	/** Whether the last forward pass normalised with batch statistics (so backward must too). */
	private boolean batchStats;
	private float[][] folding;

	/**
	 * @param alpha slope below zero: 0 for ReLU, e.g. 0.01 for leaky ReLU; ignored without {@code act}
	 * @param poolSize P for P x P pooling, ignored for {@link Pool#NONE}
	 */
	Stage(final int h, final int w, final int c, final boolean bn, final double eps,
		final double decay, final boolean act, final double alpha, final Pool pool,
		final int poolSize, final int threads)
	{
		this.h = h;
		this.w = w;
		this.c = c;
		this.cs = Kernels.lanes(c);
		this.bn = bn;
		this.eps = eps;
		this.decay = decay;
		this.act = act;
		this.alpha = (float) alpha;
		this.slope = act ? this.alpha : 1;
		this.pool = pool;
		this.p = pool == Pool.NONE ? 1 : poolSize;
		this.oh = h / p;
		this.ow = w / p;
		gamma = new float[cs];
		beta = new float[cs];
		runMean = new float[cs];
		runVar = new float[cs];
		dgamma = new float[cs];
		dbeta = new float[cs];
		mean = new float[cs];
		invStd = new float[cs];
		scale = new float[cs];
		shift = new float[cs];
		ones = new float[cs];
		Arrays.fill(ones, 1);
		zeros = new float[cs];
		tSum = new double[threads][cs];
		tSq = new double[threads][cs];
		tRoute = new float[threads][2 * cs];
		dyFactor = new float[cs];
		xFactor = new float[cs];
		offset = new float[cs];
	}

	/** Adds thread t's per-channel sums of one image (h x w pixels, row stride {@code row}). */
	void sums(final int t, final float[] x, final int base, final int row) {
		for (int y = 0; y < h; y++) Kernels.channelSums(x, base + y * row, w, cs, tSum[t],
			tSq[t]);
	}

	/**
	 * Batch statistics from the threads' sums over {@code images}, into the
	 * scale and shift of the next {@link #apply}s; updates the running statistics.
	 */
	void batchStatistics(final int images) {
		final double count = (double) images * h * w;
		for (int ch = 0; ch < c; ch++) {
			double s = 0, q = 0;
			for (int t = 0; t < tSum.length; t++) {
				s += tSum[t][ch];
				q += tSq[t][ch];
			}
			final double mu = s / count;
			final double var = Math.max(0, q / count - mu * mu);
			mean[ch] = (float) mu;
			invStd[ch] = (float) (1 / Math.sqrt(var + eps));
			runMean[ch] = (float) (decay * runMean[ch] + (1 - decay) * mu);
			runVar[ch] = (float) (decay * runVar[ch] + (1 - decay) * var);
			// NB: backward recomputes x*scale + shift exactly as forward did.
			scale[ch] = gamma[ch] * invStd[ch];
			shift[ch] = beta[ch] - mean[ch] * scale[ch];
		}
		for (final double[] partial : tSum) Arrays.fill(partial, 0);
		for (final double[] partial : tSq) Arrays.fill(partial, 0);
		batchStats = true;
	}

	/** Normalises with the running statistics (or not at all, without batch norm) in the next {@link #apply}s. */
	void runningStatistics() {
		for (int ch = 0; ch < cs; ch++) {
			if (!bn) {
				scale[ch] = ch < c ? 1 : 0;
				shift[ch] = 0;
				continue;
			}
			mean[ch] = runMean[ch];
			invStd[ch] = ch < c ? (float) (1 / Math.sqrt(runVar[ch] + eps)) : 0;
			scale[ch] = gamma[ch] * invStd[ch];
			shift[ch] = beta[ch] - mean[ch] * scale[ch];
		}
		batchStats = false;
	}

	/**
	 * {@code act(x*scale + shift)}, pooled, from one image of {@code x} (row
	 * stride {@code xRow}) into {@code out} (row stride {@code outRow}).
	 */
	void apply(final float[] x, final int xBase, final int xRow, final float[] out,
		final int outBase, final int outRow)
	{
		apply(x, xBase, xRow, scale, shift, out, outBase, outRow);
	}

	/** {@link #apply} with batch norm already folded into x (inference after a folded convolution). */
	void applyFolded(final float[] x, final int xBase, final int xRow, final float[] out,
		final int outBase, final int outRow)
	{
		apply(x, xBase, xRow, ones, zeros, out, outBase, outRow);
	}

	/**
	 * {@link #applyFolded} in plain loops (see {@link Kernels#convPlain}), for
	 * the channels that are not padding (those get zeros); the same values.
	 */
	void applyFoldedPlain(final float[] x, final int xBase, final int xRow, final float[] out,
		final int outBase, final int outRow)
	{
		final boolean max = pool == Pool.MAX;
		final float inv = 1f / (p * p);
		final int[] window = window(xRow);
		for (int y = 0; y < oh; y++) {
			for (int xo = 0; xo < ow; xo++) {
				final int base = xBase + y * p * xRow + xo * p * cs, o = outBase + y * outRow + xo * cs;
				for (int k = 0; k < c; k++) {
					float r = 0;
					for (int q = 0; q < window.length; q++) {
						// NB: x*1 + 0, as the vector code computes it (a -0 becomes +0).
						float v = Math.fma(x[base + window[q] + k], 1f, 0f);
						if (act) v = alpha == 0 ? Math.max(v, 0f) : v < 0 ? v * alpha : v;
						r = q == 0 ? v : max ? Math.max(r, v) : r + v;
					}
					out[o + k] = pool == Pool.AVG ? r * inv : r;
				}
				Arrays.fill(out, o + c, o + cs, 0);
			}
		}
	}

	private void apply(final float[] x, final int xBase, final int xRow, final float[] sc0,
		final float[] sh0, final float[] out, final int outBase, final int outRow)
	{
		// NB: one small method per case, each loading its own vectors: a vector
		// passed between methods, or one that may be null, is boxed and runs as
		// slow Java code (measured: a fifth of all inference time).
		for (int cb = 0; cb < cs; cb += Kernels.L) {
			if (pool == Pool.NONE) applyPixels(x, xBase, xRow, sc0, sh0, out, outBase, outRow, cb);
			else applyPooled(x, xBase, xRow, sc0, sh0, out, outBase, outRow, cb);
		}
	}

	private void applyPixels(final float[] x, final int xBase, final int xRow,
		final float[] sc0, final float[] sh0, final float[] out, final int outBase,
		final int outRow, final int cb)
	{
		final FloatVector sc = FloatVector.fromArray(Kernels.S, sc0, cb);
		final FloatVector sh = FloatVector.fromArray(Kernels.S, sh0, cb);
		for (int y = 0; y < oh; y++) {
			for (int xo = 0; xo < ow; xo++) {
				FloatVector v = FloatVector.fromArray(Kernels.S, x, xBase + y * xRow + xo * cs + cb)
					.fma(sc, sh);
				if (act) v = alpha == 0 ? v.max(0f) : v.blend(v.mul(alpha), v.compare(
					VectorOperators.LT, 0));
				v.intoArray(out, outBase + y * outRow + xo * cs + cb);
			}
		}
	}

	private void applyPooled(final float[] x, final int xBase, final int xRow,
		final float[] sc0, final float[] sh0, final float[] out, final int outBase,
		final int outRow, final int cb)
	{
		final FloatVector sc = FloatVector.fromArray(Kernels.S, sc0, cb);
		final FloatVector sh = FloatVector.fromArray(Kernels.S, sh0, cb);
		final boolean max = pool == Pool.MAX;
		final float inv = 1f / (p * p);
		final int[] window = window(xRow);
		for (int y = 0; y < oh; y++) {
			for (int xo = 0; xo < ow; xo++) {
				final int base = xBase + y * p * xRow + xo * p * cs + cb;
				FloatVector r = FloatVector.zero(Kernels.S);
				for (int q = 0; q < window.length; q++) {
					FloatVector v = FloatVector.fromArray(Kernels.S, x, base + window[q]).fma(sc, sh);
					if (act) v = alpha == 0 ? v.max(0f) : v.blend(v.mul(alpha), v.compare(
						VectorOperators.LT, 0));
					r = q == 0 ? v : max ? r.max(v) : r.add(v);
				}
				(max ? r : r.mul(inv)).intoArray(out, outBase + y * outRow + xo * cs + cb);
			}
		}
	}

	/** Offsets of a pooling window's positions from its first, in rows of {@code row} floats. */
	private int[] window(final int row) {
		return Kernels.pixels(p, p, row, cs);
	}

	/**
	 * From the gradient {@code g} at this stage's output of one image, the
	 * gradient at the batch norm output (or the stage input, without batch
	 * norm) into {@code dy} (unpadded, row stride w*cs), adding thread t's
	 * partial sums for batch norm. {@code out} is the forward output, to find
	 * each max-pooling window's maximum.
	 */
	void route(final int t, final float[] g, final int gBase, final int gRow,
		final float[] out, final int outBase, final int outRow, final float[] x,
		final int xBase, final int xRow, final float[] dy, final int dyBase)
	{
		if (pool != Pool.NONE && (oh * p != h || ow * p != w)) {
			Arrays.fill(dy, dyBase, dyBase + h * w * cs, 0);
		}
		final float[] sums = tRoute[t];
		Arrays.fill(sums, 0);
		for (int cb = 0; cb < cs; cb += Kernels.L) {
			// NB: one small method per case: in one large one, C2 left vector
			// additions uncompiled (measured).
			if (pool == Pool.NONE) routeOne(cb, g, gBase, gRow, x, xBase, xRow, dy, dyBase, sums);
			else if (pool == Pool.MAX) routePooled(cb, g, gBase, gRow, out, outBase, outRow, x, xBase,
				xRow, dy, dyBase, sums);
			else routeAveraged(cb, g, gBase, gRow, x, xBase, xRow, dy, dyBase, sums);
		}
		if (bn && batchStats) {
			for (int ch = 0; ch < cs; ch++) {
				tSum[t][ch] += sums[ch];
				tSq[t][ch] += sums[cs + ch];
			}
		}
	}

	private void routeOne(final int cb, final float[] g, final int gBase, final int gRow,
		final float[] x, final int xBase, final int xRow, final float[] dy, final int dyBase,
		final float[] sums)
	{
		final FloatVector mu = FloatVector.fromArray(Kernels.S, mean, cb);
		final FloatVector is = FloatVector.fromArray(Kernels.S, invStd, cb);
		final FloatVector sc = FloatVector.fromArray(Kernels.S, scale, cb);
		final FloatVector sh = FloatVector.fromArray(Kernels.S, shift, cb);
		for (int y = 0; y < h; y++) {
			for (int xi = 0; xi < w; xi++) {
				final FloatVector xv = FloatVector.fromArray(Kernels.S, x, xBase + y * xRow + xi * cs +
					cb);
				final FloatVector gv = FloatVector.fromArray(Kernels.S, g, gBase + y * gRow + xi * cs +
					cb);
				final FloatVector d = gv.mul(slope).blend(gv, xv.fma(sc, sh).compare(VectorOperators.GT,
					0));
				d.intoArray(dy, dyBase + (y * w + xi) * cs + cb);
				FloatVector.fromArray(Kernels.S, sums, cb).add(d).intoArray(sums, cb);
				d.fma(xv.sub(mu).mul(is), FloatVector.fromArray(Kernels.S, sums, cs + cb)).intoArray(
					sums, cs + cb);
			}
		}
	}

	/**
	 * NB: straight-line code, no vector chosen by a condition and no mask logic
	 * in the loops: C2 (JDK 17) boxed such vectors, 3 GB/s of garbage and half
	 * the training speed (measured). Max and average pooling are two methods
	 * for that reason.
	 */
	private void routePooled(final int cb, final float[] g, final int gBase, final int gRow,
		final float[] out, final int outBase, final int outRow, final float[] x,
		final int xBase, final int xRow, final float[] dy, final int dyBase,
		final float[] sums)
	{
		final int[] xWindow = window(xRow), dyWindow = window(w * cs);
		final FloatVector mu = FloatVector.fromArray(Kernels.S, mean, cb);
		final FloatVector is = FloatVector.fromArray(Kernels.S, invStd, cb);
		final FloatVector sc = FloatVector.fromArray(Kernels.S, scale, cb);
		final FloatVector sh = FloatVector.fromArray(Kernels.S, shift, cb);
		final FloatVector zero = FloatVector.zero(Kernels.S);
		// NB: a position that took the window's gradient sets the maximum to NaN, which
		// nothing equals: the gradient goes to the first position holding the maximum.
		final FloatVector taken = FloatVector.broadcast(Kernels.S, Float.NaN);
		for (int y = 0; y < oh; y++) {
			for (int xo = 0; xo < ow; xo++) {
				final int xAt = xBase + y * p * xRow + xo * p * cs + cb;
				final int dyAt = dyBase + (y * p * w + xo * p) * cs + cb;
				final FloatVector gv = FloatVector.fromArray(Kernels.S, g, gBase + y * gRow + xo * cs +
					cb);
				FloatVector top = FloatVector.fromArray(Kernels.S, out, outBase + y * outRow + xo * cs +
					cb);
				for (int q = 0; q < xWindow.length; q++) {
					final FloatVector xv = FloatVector.fromArray(Kernels.S, x, xAt + xWindow[q]);
					final FloatVector z = xv.fma(sc, sh);
					final VectorMask<Float> here = z.max(0f).add(z.min(0f).mul(slope)).compare(
						VectorOperators.EQ, top);
					top = top.blend(taken, here);
					final FloatVector routed = zero.blend(gv, here);
					final FloatVector d = routed.mul(slope).blend(routed, z.compare(VectorOperators.GT, 0));
					d.intoArray(dy, dyAt + dyWindow[q]);
					FloatVector.fromArray(Kernels.S, sums, cb).add(d).intoArray(sums, cb);
					d.fma(xv.sub(mu).mul(is), FloatVector.fromArray(Kernels.S, sums, cs + cb)).intoArray(
						sums, cs + cb);
				}
			}
		}
	}

	/** {@link #routePooled} for average pooling. */
	private void routeAveraged(final int cb, final float[] g, final int gBase, final int gRow,
		final float[] x, final int xBase, final int xRow, final float[] dy, final int dyBase,
		final float[] sums)
	{
		final int[] xWindow = window(xRow), dyWindow = window(w * cs);
		final FloatVector mu = FloatVector.fromArray(Kernels.S, mean, cb);
		final FloatVector is = FloatVector.fromArray(Kernels.S, invStd, cb);
		final FloatVector sc = FloatVector.fromArray(Kernels.S, scale, cb);
		final FloatVector sh = FloatVector.fromArray(Kernels.S, shift, cb);
		final float inv = 1f / (p * p);
		for (int y = 0; y < oh; y++) {
			for (int xo = 0; xo < ow; xo++) {
				final int xAt = xBase + y * p * xRow + xo * p * cs + cb;
				final int dyAt = dyBase + (y * p * w + xo * p) * cs + cb;
				final FloatVector gv = FloatVector.fromArray(Kernels.S, g, gBase + y * gRow + xo * cs +
					cb).mul(inv);
				for (int q = 0; q < xWindow.length; q++) {
					final FloatVector xv = FloatVector.fromArray(Kernels.S, x, xAt + xWindow[q]);
					final FloatVector d = gv.mul(slope).blend(gv, xv.fma(sc, sh).compare(
						VectorOperators.GT, 0));
					d.intoArray(dy, dyAt + dyWindow[q]);
					FloatVector.fromArray(Kernels.S, sums, cb).add(d).intoArray(sums, cb);
					d.fma(xv.sub(mu).mul(is), FloatVector.fromArray(Kernels.S, sums, cs + cb)).intoArray(
						sums, cs + cb);
				}
			}
		}
	}

	/**
	 * After {@link #route} of all {@code images} images of a batch: sums the
	 * threads' partials into dbeta and dgamma (batch statistics only), and
	 * works out the per-channel factors {@link #backward} applies, once per
	 * batch instead of once per image.
	 */
	void endRoute(final int images) {
		final boolean batch = bn && batchStats;
		if (batch) {
			for (int ch = 0; ch < c; ch++) {
				double s1 = 0, s2 = 0;
				for (int t = 0; t < tSum.length; t++) {
					s1 += tSum[t][ch];
					s2 += tSq[t][ch];
				}
				dbeta[ch] = (float) s1;
				dgamma[ch] = (float) s2;
			}
			for (final double[] partial : tSum) Arrays.fill(partial, 0);
			for (final double[] partial : tSq) Arrays.fill(partial, 0);
		}
		final float count = (float) images * h * w;
		for (int ch = 0; ch < c; ch++) {
			final float gi = bn ? gamma[ch] * invStd[ch] : 1;
			dyFactor[ch] = gi;
			// dx = gamma/std (dy - dbeta/M - xhat dgamma/M), as a*dy + b*x + c
			xFactor[ch] = batch ? -gi * invStd[ch] * dgamma[ch] / count : 0;
			offset[ch] = batch ? gi * (mean[ch] * invStd[ch] * dgamma[ch] - dbeta[ch]) / count : 0;
		}
	}

	/**
	 * The gradient at the stage's input of one image from {@link #route}'s
	 * {@code dy}: through batch norm (with the statistics of the forward pass,
	 * as {@link #endRoute} prepared it), or {@code dy} itself. Written (or added,
	 * with {@code add}) into {@code dx} with row stride {@code dxRow}; its
	 * per-channel sums are added to {@code sums} unless that is null (a
	 * convolution's bias gradient).
	 */
	void backward(final float[] dy, final int dyBase, final float[] x, final int xBase,
		final int xRow, final float[] dx, final int dxBase, final int dxRow, final boolean add,
		final float[] sums)
	{
		for (int cb = 0; cb < cs; cb += Kernels.L) {
			backwardChannels(cb, dyFactor, xFactor, offset, dy, dyBase, x, xBase, xRow, dx, dxBase,
				dxRow, add, sums);
		}
	}

	private void backwardChannels(final int cb, final float[] a, final float[] b,
		final float[] c0, final float[] dy, final int dyBase, final float[] x, final int xBase,
		final int xRow, final float[] dx, final int dxBase, final int dxRow, final boolean add,
		final float[] sums)
	{
		final FloatVector av = FloatVector.fromArray(Kernels.S, a, cb);
		final FloatVector bv = FloatVector.fromArray(Kernels.S, b, cb);
		final FloatVector cv = FloatVector.fromArray(Kernels.S, c0, cb);
		for (int y = 0; y < h; y++) {
			for (int xi = 0; xi < w; xi++) {
				final int at = dxBase + y * dxRow + xi * cs + cb;
				final FloatVector d = FloatVector.fromArray(Kernels.S, dy, dyBase + (y * w + xi) * cs +
					cb).fma(av, FloatVector.fromArray(Kernels.S, x, xBase + y * xRow + xi * cs + cb).fma(
						bv, cv));
				if (sums != null) FloatVector.fromArray(Kernels.S, sums, cb).add(d).intoArray(sums, cb);
				// NB: no vector chosen by a condition: C2 (JDK 17) boxed it, 3 GB/s of garbage.
				if (add) d.add(FloatVector.fromArray(Kernels.S, dx, at)).intoArray(dx, at);
				else d.intoArray(dx, at);
			}
		}
	}

	/**
	 * Per-channel factor and offset of batch norm with the running statistics
	 * (1 and 0 without batch norm), to fold into a preceding convolution;
	 * computed once per {@link #changed()}.
	 */
	synchronized float[][] folding() {
		if (folding == null) {
			final float[] s = new float[cs], o = new float[cs];
			for (int ch = 0; ch < c; ch++) {
				s[ch] = bn ? (float) (gamma[ch] / Math.sqrt(runVar[ch] + eps)) : 1;
				o[ch] = bn ? beta[ch] - runMean[ch] * s[ch] : 0;
			}
			folding = new float[][] { s, o };
		}
		return folding;
	}

	/**
	 * {@link #apply} with the running statistics; safe to call from several
	 * threads once {@link #folding()} was called after the last change.
	 */
	void applyRunning(final float[] x, final int xBase, final int xRow, final float[] out,
		final int outBase, final int outRow)
	{
		final float[][] f = folding;
		apply(x, xBase, xRow, f[0], f[1], out, outBase, outRow);
	}

	/** Batch norm's gamma and beta as parameters of DL4J layer {@code bnLayer}; none without batch norm. */
	List<Param> params(final String bnLayer, final IUpdater bnUpdater) {
		if (!bn) return List.of();
		return List.of(new Param(bnLayer, "gamma", gamma, dgamma, c, 0, bnUpdater,
			Param.Layout.SAME), new Param(bnLayer, "beta", beta, dbeta, c, 0, bnUpdater,
				Param.Layout.SAME));
	}

	/** Forgets what was derived from the parameters and running statistics. */
	synchronized void changed() {
		folding = null;
	}
}
