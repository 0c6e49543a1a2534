package io.github.cnnclassifier.engine;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * One block of the engine: convolution (k x k, 'same', stride 1) - batch
 * norm - ReLU - optional 2x2/2 max-pool, on NHWC arrays. It holds its
 * parameters, gradients and per-batch buffers; {@link ConvNet} runs it.
 * <p>
 * Channel strides: the input has {@code cinS} ({@code cin} for the network's
 * input, else whole vectors), everything else {@code coutS} (whole vectors);
 * extra lanes hold zeros (zero weights, gamma and beta keep them zero).
 * Batch norm works as DL4J's BatchNormalization: biased batch variance,
 * {@code std = sqrt(var + eps)}, running statistics {@code r = d r + (1-d) batch}.
 * </p>
 */
final class ConvBlock {

	final int h, w, cin, cinS, cout, coutS, kh, kw, ph, pw, oh, ow;
	final boolean pool;
	final double eps, decay;

	/** Weights [k][coutS], k = (ky*kw + kx)*cin + ci over the real input channels. */
	final float[] wt;
	final float[] bias, gamma, beta, runMean, runVar;
	final float[] dwt, dbias, dgamma, dbeta;

	/** Offsets of the taps in the padded input and in the padded output gradient. */
	private final int[] off, offFlip;
	/** Offsets of the output pixels' windows in the padded input, and of the pixels in the padded gradient. */
	private final int[] inPixels, dPixels;
	/** Weights of the transposed convolution that gives the input gradient: [kf][cinS], kf = (fy*kw + fx)*cout + co. */
	private final float[] wFlip;
	/** Inference weights with batch norm folded in. */
	private final float[] wtFolded, biasFolded;
	private boolean folded;
	private final float[] ones, zeros;

	/** Per batch: padded input, convolution output, gradient at the BN output, padded gradient at the convolution output, input gradient. */
	float[] in, x, dy, dConv, dIn;
	private final float[] mean, invStd, scale, shift;
	private final float[][] tdw, tdb;
	private final double[][] tSum, tSq;

	/** @param cinS channel stride of the input: cin for the network input, else whole vectors */
	ConvBlock(final int h, final int w, final int cin, final int cinS, final int cout,
		final int kh, final int kw, final boolean pool, final double eps, final double decay,
		final int threads)
	{
		this.h = h;
		this.w = w;
		this.cin = cin;
		this.cinS = cinS;
		this.cout = cout;
		this.coutS = Kernels.lanes(cout);
		this.kh = kh;
		this.kw = kw;
		this.ph = h + 2 * (kh / 2);
		this.pw = w + 2 * (kw / 2);
		this.pool = pool;
		this.oh = pool ? h / 2 : h;
		this.ow = pool ? w / 2 : w;
		this.eps = eps;
		this.decay = decay;
		final int k = kh * kw * cin;
		wt = new float[k * coutS];
		dwt = new float[k * coutS];
		wtFolded = new float[k * coutS];
		wFlip = new float[kh * kw * cout * cinS];
		bias = new float[coutS];
		biasFolded = new float[coutS];
		gamma = new float[coutS];
		beta = new float[coutS];
		runMean = new float[coutS];
		runVar = new float[coutS];
		dbias = new float[coutS];
		dgamma = new float[coutS];
		dbeta = new float[coutS];
		mean = new float[coutS];
		invStd = new float[coutS];
		scale = new float[coutS];
		shift = new float[coutS];
		ones = new float[coutS];
		Arrays.fill(ones, 1);
		zeros = new float[coutS];
		off = new int[k];
		offFlip = new int[kh * kw * cout];
		for (int ky = 0; ky < kh; ky++) {
			for (int kx = 0; kx < kw; kx++) {
				for (int ci = 0; ci < cin; ci++) {
					off[(ky * kw + kx) * cin + ci] = (ky * pw + kx) * cinS + ci;
				}
				for (int co = 0; co < cout; co++) {
					offFlip[(ky * kw + kx) * cout + co] = (ky * pw + kx) * coutS + co;
				}
			}
		}
		inPixels = Kernels.pixels(h, w, pw, cinS);
		dPixels = Kernels.pixels(h, w, pw, coutS);
		tdw = new float[threads][k * coutS];
		tdb = new float[threads][coutS];
		tSum = new double[threads][coutS];
		tSq = new double[threads][coutS];
	}

	/** Size of one padded input image. */
	int inSize() {
		return ph * pw * cinS;
	}

	/** Offset of the first interior value of padded input image {@code i}. */
	int inInterior(final int i) {
		return i * inSize() + ((kh / 2) * pw + kw / 2) * cinS;
	}

	/** Size of one convolution output image. */
	private int outSize() {
		return h * w * coutS;
	}

	/** Allocates the per-batch buffers for up to {@code n} images. */
	void allocate(final int n, final boolean first) {
		in = new float[n * inSize()];
		x = new float[n * outSize()];
		dy = new float[n * outSize()];
		dConv = new float[n * ph * pw * coutS];
		dIn = first ? null : new float[n * h * w * cinS];
	}

	// -- forward --------------------------------------------------------------

	/** Convolves image i into {@link #x} and adds its channel sums to thread t's partials. */
	void forward(final int i, final int t) {
		Kernels.conv(in, i * inSize(), pw, cinS, off, wt, bias, coutS, x, i * outSize(), h, w);
		Kernels.channelSums(x, i * outSize(), h * w, coutS, tSum[t], tSq[t]);
	}

	/** Turns the threads' partial sums over {@code images} into batch statistics and updates the running ones. */
	void reduceStatistics(final int images) {
		final double count = (double) images * h * w;
		for (int c = 0; c < cout; c++) {
			double s = 0, q = 0;
			for (int t = 0; t < tSum.length; t++) {
				s += tSum[t][c];
				q += tSq[t][c];
			}
			final double mu = s / count;
			final double var = Math.max(0, q / count - mu * mu);
			mean[c] = (float) mu;
			invStd[c] = (float) (1 / Math.sqrt(var + eps));
			runMean[c] = (float) (decay * runMean[c] + (1 - decay) * mu);
			runVar[c] = (float) (decay * runVar[c] + (1 - decay) * var);
			// NB: the backward pass recomputes x*scale + shift exactly as the forward one.
			scale[c] = gamma[c] * invStd[c];
			shift[c] = beta[c] - mean[c] * scale[c];
		}
		for (final double[] partial : tSum) Arrays.fill(partial, 0);
		for (final double[] partial : tSq) Arrays.fill(partial, 0);
	}

	/**
	 * Batch norm with the batch statistics, ReLU and pooling of image i, into
	 * {@code out} at {@code outBase} with row stride {@code outPw} pixels (a
	 * padded next input, or the head's features).
	 */
	void activate(final int i, final float[] out, final int outBase, final int outPw) {
		reluPool(x, i * outSize(), scale, shift, out, outBase, outPw);
	}

	/** {@code max(0, x*scale + shift)}, pooled when this block pools. */
	private void reluPool(final float[] src, final int base, final float[] sc0,
		final float[] sh0, final float[] out, final int outBase, final int outPw)
	{
		final int c = coutS;
		for (int cb = 0; cb < c; cb += Kernels.L) {
			final FloatVector sc = FloatVector.fromArray(Kernels.S, sc0, cb);
			final FloatVector sh = FloatVector.fromArray(Kernels.S, sh0, cb);
			for (int y = 0; y < oh; y++) {
				for (int xo = 0; xo < ow; xo++) {
					final FloatVector r;
					if (pool) {
						final int p = base + ((2 * y) * w + 2 * xo) * c + cb;
						final FloatVector r0 = FloatVector.fromArray(Kernels.S, src, p).fma(sc, sh);
						final FloatVector r1 = FloatVector.fromArray(Kernels.S, src, p + c).fma(sc, sh);
						final FloatVector r2 = FloatVector.fromArray(Kernels.S, src, p + w * c).fma(sc,
							sh);
						final FloatVector r3 = FloatVector.fromArray(Kernels.S, src, p + (w + 1) * c)
							.fma(sc, sh);
						r = r0.max(r1).max(r2.max(r3)).max(0f);
					}
					else {
						r = FloatVector.fromArray(Kernels.S, src, base + (y * w + xo) * c + cb).fma(sc,
							sh).max(0f);
					}
					r.intoArray(out, outBase + (y * outPw + xo) * c + cb);
				}
			}
		}
	}

	// -- backward -------------------------------------------------------------

	/**
	 * From the gradient {@code g} at this block's output (unpadded, image
	 * stride oh*ow*coutS), the gradient at the BN output into {@link #dy}
	 * (through pooling and ReLU), and thread t's partial sums for batch norm.
	 * {@code out} at {@code outBase} (row stride {@code outPw}) is this block's
	 * forward output, to find each pooling window's maximum.
	 */
	void backwardToBn(final int i, final int t, final float[] g, final float[] out,
		final int outBase, final int outPw)
	{
		final int xb = i * outSize();
		final int gb = i * oh * ow * coutS;
		if (pool && (oh * 2 != h || ow * 2 != w)) Arrays.fill(dy, xb, xb + outSize(), 0);
		final float[] sums = new float[2 * coutS];
		for (int cb = 0; cb < coutS; cb += Kernels.L) {
			// NB: one small method per case: in one large one, C2 left vector
			// additions uncompiled (measured).
			if (pool) routePooled(xb, cb, g, gb, out, outBase, outPw, sums);
			else routeRelu(xb, cb, g, gb, sums);
		}
		for (int c = 0; c < coutS; c++) {
			tSum[t][c] += sums[c];
			tSq[t][c] += sums[coutS + c];
		}
	}

	/**
	 * Channel block {@code cb} of {@link #backwardToBn} through ReLU and 2x2
	 * max-pooling: each window's gradient goes to the first position holding
	 * its maximum, as in DL4J (ties are common: flat image backgrounds give
	 * equal activations); a window whose maximum is 0 passed no gradient.
	 */
	private void routePooled(final int xb, final int cb, final float[] g, final int gb,
		final float[] out, final int outBase, final int outPw, final float[] sums)
	{
		final int c = coutS;
		final FloatVector mu = FloatVector.fromArray(Kernels.S, mean, cb);
		final FloatVector is = FloatVector.fromArray(Kernels.S, invStd, cb);
		final FloatVector sc = FloatVector.fromArray(Kernels.S, scale, cb);
		final FloatVector sh = FloatVector.fromArray(Kernels.S, shift, cb);
		final FloatVector zero = FloatVector.zero(Kernels.S);
		FloatVector s1 = zero, s2 = zero;
		for (int y = 0; y < oh; y++) {
			for (int xo = 0; xo < ow; xo++) {
				final FloatVector max = FloatVector.fromArray(Kernels.S, out, outBase + (y * outPw +
					xo) * c + cb);
				final FloatVector live = zero.blend(FloatVector.fromArray(Kernels.S, g, gb + (y * ow +
					xo) * c + cb), max.compare(VectorOperators.GT, 0));
				final int p = xb + ((2 * y) * w + 2 * xo) * c + cb;
				VectorMask<Float> taken = Kernels.S.maskAll(false);
				for (int q = 0; q < 4; q++) {
					final int a = p + ((q >> 1) * w + (q & 1)) * c;
					final FloatVector xv = FloatVector.fromArray(Kernels.S, x, a);
					final VectorMask<Float> here = xv.fma(sc, sh).compare(VectorOperators.EQ, max)
						.andNot(taken);
					taken = taken.or(here);
					final FloatVector d = zero.blend(live, here);
					d.intoArray(dy, a);
					s1 = s1.add(d);
					s2 = d.fma(xv.sub(mu).mul(is), s2);
				}
			}
		}
		s1.intoArray(sums, cb);
		s2.intoArray(sums, coutS + cb);
	}

	/** Channel block {@code cb} of {@link #backwardToBn} through ReLU alone. */
	private void routeRelu(final int xb, final int cb, final float[] g, final int gb,
		final float[] sums)
	{
		final int c = coutS;
		final FloatVector mu = FloatVector.fromArray(Kernels.S, mean, cb);
		final FloatVector is = FloatVector.fromArray(Kernels.S, invStd, cb);
		final FloatVector sc = FloatVector.fromArray(Kernels.S, scale, cb);
		final FloatVector sh = FloatVector.fromArray(Kernels.S, shift, cb);
		final FloatVector zero = FloatVector.zero(Kernels.S);
		FloatVector s1 = zero, s2 = zero;
		for (int px = 0; px < h * w; px++) {
			final int a = xb + px * c + cb;
			final FloatVector xv = FloatVector.fromArray(Kernels.S, x, a);
			final FloatVector d = zero.blend(FloatVector.fromArray(Kernels.S, g, gb + px * c + cb),
				xv.fma(sc, sh).compare(VectorOperators.GT, 0));
			d.intoArray(dy, a);
			s1 = s1.add(d);
			s2 = d.fma(xv.sub(mu).mul(is), s2);
		}
		s1.intoArray(sums, cb);
		s2.intoArray(sums, coutS + cb);
	}

	/** Sums the partials of {@link #backwardToBn} into dbeta and dgamma. */
	void reduceBnGradients() {
		for (int c = 0; c < cout; c++) {
			double s1 = 0, s2 = 0;
			for (int t = 0; t < tSum.length; t++) {
				s1 += tSum[t][c];
				s2 += tSq[t][c];
			}
			dbeta[c] = (float) s1;
			dgamma[c] = (float) s2;
		}
		for (final double[] partial : tSum) Arrays.fill(partial, 0);
		for (final double[] partial : tSq) Arrays.fill(partial, 0);
	}

	/**
	 * The gradient at the convolution output of image i (into padded
	 * {@link #dConv}), thread t's weight and bias gradients, and, unless this is
	 * the first block, the gradient at its input (into {@link #dIn}).
	 */
	void backwardConv(final int i, final int t, final int images) {
		final int c = coutS;
		final float count = (float) images * h * w;
		final float[] a = new float[c], b = new float[c], c0 = new float[c];
		for (int ch = 0; ch < cout; ch++) {
			final float gi = gamma[ch] * invStd[ch];
			a[ch] = gi;
			b[ch] = -gi * invStd[ch] * dgamma[ch] / count;
			c0[ch] = gi * (mean[ch] * invStd[ch] * dgamma[ch] - dbeta[ch]) / count;
		}
		final int xb = i * outSize();
		final int db = i * ph * pw * c + ((kh / 2) * pw + kw / 2) * c;
		final float[] tb = tdb[t];
		for (int cb = 0; cb < c; cb += Kernels.L) {
			final FloatVector av = FloatVector.fromArray(Kernels.S, a, cb);
			final FloatVector bv = FloatVector.fromArray(Kernels.S, b, cb);
			final FloatVector cv = FloatVector.fromArray(Kernels.S, c0, cb);
			FloatVector bsum = FloatVector.fromArray(Kernels.S, tb, cb);
			for (int y = 0; y < h; y++) {
				for (int xi = 0; xi < w; xi++) {
					final int p = xb + (y * w + xi) * c + cb;
					// dx = gamma/std (dy - dbeta/M - xhat dgamma/M), as a*dy + b*x + c
					final FloatVector d = FloatVector.fromArray(Kernels.S, dy, p).fma(av, FloatVector
						.fromArray(Kernels.S, x, p).fma(bv, cv));
					d.intoArray(dConv, db + (y * pw + xi) * c + cb);
					bsum = bsum.add(d);
				}
			}
			bsum.intoArray(tb, cb);
		}
		Kernels.convWeightGrad(in, i * inSize(), inPixels, off, dConv, db, dPixels, c, tdw[t]);
		if (dIn != null) {
			Kernels.conv(dConv, i * ph * pw * c, pw, c, offFlip, wFlip, null, cinS, dIn, i * h * w *
				cinS, h, w);
		}
	}

	/** Sums the threads' weight and bias gradients into {@link #dwt} and {@link #dbias}. */
	void reduceWeightGradients() {
		Arrays.fill(dwt, 0);
		Arrays.fill(dbias, 0);
		for (int t = 0; t < tdw.length; t++) {
			Kernels.axpy(1, tdw[t], 0, dwt, 0, dwt.length);
			Kernels.axpy(1, tdb[t], 0, dbias, 0, coutS);
			Arrays.fill(tdw[t], 0);
			Arrays.fill(tdb[t], 0);
		}
	}

	/** Recomputes the transposed weights (for input gradients); inference weights are folded on demand. */
	void weightsChanged() {
		folded = false;
		for (int fy = 0; fy < kh; fy++) {
			for (int fx = 0; fx < kw; fx++) {
				final int tap = (kh - 1 - fy) * kw + (kw - 1 - fx);
				for (int co = 0; co < cout; co++) {
					for (int ci = 0; ci < cin; ci++) {
						wFlip[((fy * kw + fx) * cout + co) * cinS + ci] = wt[(tap * cin + ci) * coutS +
							co];
					}
				}
			}
		}
	}

	/** Folds batch norm (running statistics) into the inference weights, once per weight change. */
	synchronized void fold() {
		if (folded) return;
		final int k = kh * kw * cin;
		for (int co = 0; co < cout; co++) {
			final float s = (float) (gamma[co] / Math.sqrt(runVar[co] + eps));
			biasFolded[co] = (bias[co] - runMean[co]) * s + beta[co];
			for (int j = 0; j < k; j++) wtFolded[j * coutS + co] = wt[j * coutS + co] * s;
		}
		folded = true;
	}

	// -- inference ------------------------------------------------------------

	/**
	 * Inference for one image with running statistics (folded weights): from a
	 * padded input at {@code inBase} to the (pooled) ReLU output.
	 */
	void infer(final float[] input, final int inBase, final float[] scratch,
		final float[] out, final int outBase, final int outPw)
	{
		Kernels.conv(input, inBase, pw, cinS, off, wtFolded, biasFolded, coutS, scratch, 0, h,
			w);
		reluPool(scratch, 0, ones, zeros, out, outBase, outPw);
	}
}
