package io.github.cnnclassifier.engine;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of the engine, on NHWC float arrays: channels are the
 * vector lanes, and every array the kernels write has a channel stride of
 * whole vectors ({@link #lanes}) with zeros in the extra lanes.
 * <p>
 * NB: the species is a static final constant so that the JIT compiles each
 * vector operation to one instruction: the machine's widest (16 floats with
 * AVX-512, 8 with AVX2, 4 with NEON), or {@code -Dcnnclassifier.lanes=4|8|16}.
 * Masked loads and stores run in slow Java code on JDK 17 (0.5 against 7
 * Gelem/s, measured), hence no masks. Vectors are never passed between
 * methods: an argument may be boxed, and then slow. Loops over kernel taps
 * are flat, with precomputed offsets, because nested tap loops kept C2 from
 * holding the accumulators in registers (5 against 55 GFLOP/s, measured).
 * The convolution keeps a block of output pixels times output-channel
 * vectors in registers, so that each weight vector loaded and each input
 * value broadcast feeds several multiply-adds.
 * </p>
 */
final class Kernels {

	static final VectorSpecies<Float> S = species(Integer.getInteger("cnnclassifier.lanes", 0));
	static final int L = S.length();

	private Kernels() {}

	private static VectorSpecies<Float> species(final int lanes) {
		switch (lanes) {
			case 4:
				return FloatVector.SPECIES_128;
			case 8:
				return FloatVector.SPECIES_256;
			case 16:
				return FloatVector.SPECIES_512;
			default:
				return FloatVector.SPECIES_PREFERRED;
		}
	}

	/** {@code n} rounded up to whole vectors: the channel stride of every array the kernels write. */
	static int lanes(final int n) {
		return (n + L - 1) / L * L;
	}

	/**
	 * A convolution of one image: for output pixel (y, x) < (h, w) and channel
	 * c < cout, {@code out[o + c] = bias[c] + sum_k in[i + off[k]] * wt[k*cout + c]}
	 * with {@code o = outBase + y*outRow + x*cout} and
	 * {@code i = inBase + y*stepY + x*stepX}; with {@code accumulate} the sum is
	 * added to what {@code out} holds instead of to the bias. {@code cout} is a
	 * whole number of vectors; bias may be null.
	 */
	static void conv(final float[] in, final int inBase, final int stepY, final int stepX,
		final int[] off, final float[] wt, final float[] bias, final int cout,
		final float[] out, final int outBase, final int outRow, final int h, final int w,
		final boolean accumulate)
	{
		// NB: without accumulate, a row's last pixels are done by a block shifted back to
		// overlap the one before (it writes the same values), not one pixel at a time.
		final boolean overlap = !accumulate;
		final float[] init = accumulate ? out : bias != null ? bias : zeros(cout);
		for (int cb = 0; cb < cout; cb += L) {
			final boolean two = cb + L < cout;
			for (int y = 0; y < h; y++) {
				final int ib = inBase + y * stepY, ob = outBase + y * outRow + cb;
				int x = 0;
				if (two) {
					for (; x + 4 <= w; x += 4) conv2x4(in, ib + x * stepX, stepX, off, wt, cout, cb, init,
						out, ob + x * cout, accumulate);
					if (overlap && w >= 4 && x < w) {
						conv2x4(in, ib + (w - 4) * stepX, stepX, off, wt, cout, cb, init, out, ob + (w - 4) *
							cout, false);
						x = w;
					}
					for (; x < w; x++) conv2x1(in, ib + x * stepX, off, wt, cout, cb, init, out, ob + x *
						cout, accumulate);
				}
				else {
					for (; x + 8 <= w; x += 8) conv1x8(in, ib + x * stepX, stepX, off, wt, cout, cb, init,
						out, ob + x * cout, accumulate);
					for (; x + 4 <= w; x += 4) conv1x4(in, ib + x * stepX, stepX, off, wt, cout, cb, init,
						out, ob + x * cout, accumulate);
					if (overlap && w >= 4 && x < w) {
						conv1x4(in, ib + (w - 4) * stepX, stepX, off, wt, cout, cb, init, out, ob + (w - 4) *
							cout, false);
						x = w;
					}
					for (; x < w; x++) conv1x1(in, ib + x * stepX, off, wt, cout, cb, init, out, ob + x *
						cout, accumulate);
				}
			}
			if (two) cb += L;
		}
	}

	/**
	 * {@link #conv} without {@code accumulate}, in plain loops, for the
	 * {@code cout} channels that are not padding (those get zeros): the JIT
	 * compiles them in milliseconds, where the vector kernels run as slow Java
	 * code until C2 has compiled them ({@link Plan#plain(int)}). Each sum takes
	 * its multiply-adds in the same order as there, so the values are the same
	 * to the bit for finite inputs (the vector code's padding lanes turn an
	 * infinite input into NaN there).
	 *
	 * @param coutS the channel stride of {@code out} and {@code wt}: {@link #lanes}(cout)
	 */
	static void convPlain(final float[] in, final int inBase, final int stepY,
		final int stepX, final int[] off, final float[] wt, final float[] bias, final int cout,
		final int coutS, final float[] out, final int outBase, final int outRow, final int h,
		final int w)
	{
		final float[] init = bias != null ? bias : zeros(coutS);
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				final int i = inBase + y * stepY + x * stepX, o = outBase + y * outRow + x * coutS;
				int c = 0;
				// NB: eight channels at a time, each its own chain of multiply-adds.
				for (; c + 8 <= cout; c += 8) {
					float a0 = init[c], a1 = init[c + 1], a2 = init[c + 2], a3 = init[c + 3];
					float a4 = init[c + 4], a5 = init[c + 5], a6 = init[c + 6], a7 = init[c + 7];
					for (int k = 0; k < off.length; k++) {
						final float v = in[i + off[k]];
						final int wk = k * coutS + c;
						a0 = Math.fma(wt[wk], v, a0);
						a1 = Math.fma(wt[wk + 1], v, a1);
						a2 = Math.fma(wt[wk + 2], v, a2);
						a3 = Math.fma(wt[wk + 3], v, a3);
						a4 = Math.fma(wt[wk + 4], v, a4);
						a5 = Math.fma(wt[wk + 5], v, a5);
						a6 = Math.fma(wt[wk + 6], v, a6);
						a7 = Math.fma(wt[wk + 7], v, a7);
					}
					out[o + c] = a0;
					out[o + c + 1] = a1;
					out[o + c + 2] = a2;
					out[o + c + 3] = a3;
					out[o + c + 4] = a4;
					out[o + c + 5] = a5;
					out[o + c + 6] = a6;
					out[o + c + 7] = a7;
				}
				for (; c < cout; c++) {
					float a = init[c];
					for (int k = 0; k < off.length; k++) a = Math.fma(wt[k * coutS + c], in[i + off[k]], a);
					out[o + c] = a;
				}
				Arrays.fill(out, o + cout, o + coutS, 0);
			}
		}
	}

	/**
	 * A kernel's starting sums: {@code init} is the output (accumulate) or the
	 * bias. NB: one load from a chosen array and offset, never a vector chosen by
	 * a condition: C2 (JDK 17) boxed such vectors in the loop after it, and a
	 * convolution ran at 6 GFLOP/s instead of 100 (measured).
	 */
	private static FloatVector start(final float[] init, final int c, final int o,
		final boolean acc)
	{
		return FloatVector.fromArray(S, init, acc ? o : c);
	}

	/** Zeros, at least {@code n}: the bias of a convolution without one. */
	private static float[] zeros(final int n) {
		float[] z = zeros;
		// NB: a race only makes another array of zeros.
		if (z.length < n) zeros = z = new float[n];
		return z;
	}

	private static volatile float[] zeros = new float[1024];

	/** Eight pixels of one channel vector. */
	private static void conv1x8(final float[] in, final int ib, final int sx, final int[] off,
		final float[] wt, final int cout, final int cb, final float[] init, final float[] out,
		final int ob, final boolean acc)
	{
		FloatVector a0 = start(init, cb, ob, acc), a1 = start(init, cb, ob + cout, acc);
		FloatVector a2 = start(init, cb, ob + 2 * cout, acc);
		FloatVector a3 = start(init, cb, ob + 3 * cout, acc);
		FloatVector a4 = start(init, cb, ob + 4 * cout, acc);
		FloatVector a5 = start(init, cb, ob + 5 * cout, acc);
		FloatVector a6 = start(init, cb, ob + 6 * cout, acc);
		FloatVector a7 = start(init, cb, ob + 7 * cout, acc);
		final int s2 = 2 * sx, s3 = 3 * sx, s4 = 4 * sx, s5 = 5 * sx, s6 = 6 * sx, s7 = 7 * sx;
		for (int k = 0; k < off.length; k++) {
			final FloatVector wv = FloatVector.fromArray(S, wt, k * cout + cb);
			final int i = ib + off[k];
			a0 = wv.fma(FloatVector.broadcast(S, in[i]), a0);
			a1 = wv.fma(FloatVector.broadcast(S, in[i + sx]), a1);
			a2 = wv.fma(FloatVector.broadcast(S, in[i + s2]), a2);
			a3 = wv.fma(FloatVector.broadcast(S, in[i + s3]), a3);
			a4 = wv.fma(FloatVector.broadcast(S, in[i + s4]), a4);
			a5 = wv.fma(FloatVector.broadcast(S, in[i + s5]), a5);
			a6 = wv.fma(FloatVector.broadcast(S, in[i + s6]), a6);
			a7 = wv.fma(FloatVector.broadcast(S, in[i + s7]), a7);
		}
		a0.intoArray(out, ob);
		a1.intoArray(out, ob + cout);
		a2.intoArray(out, ob + 2 * cout);
		a3.intoArray(out, ob + 3 * cout);
		a4.intoArray(out, ob + 4 * cout);
		a5.intoArray(out, ob + 5 * cout);
		a6.intoArray(out, ob + 6 * cout);
		a7.intoArray(out, ob + 7 * cout);
	}

	private static void conv1x4(final float[] in, final int ib, final int sx, final int[] off,
		final float[] wt, final int cout, final int cb, final float[] init, final float[] out,
		final int ob, final boolean acc)
	{
		FloatVector a0 = start(init, cb, ob, acc), a1 = start(init, cb, ob + cout, acc);
		FloatVector a2 = start(init, cb, ob + 2 * cout, acc);
		FloatVector a3 = start(init, cb, ob + 3 * cout, acc);
		final int s2 = 2 * sx, s3 = 3 * sx;
		for (int k = 0; k < off.length; k++) {
			final FloatVector wv = FloatVector.fromArray(S, wt, k * cout + cb);
			final int i = ib + off[k];
			a0 = wv.fma(FloatVector.broadcast(S, in[i]), a0);
			a1 = wv.fma(FloatVector.broadcast(S, in[i + sx]), a1);
			a2 = wv.fma(FloatVector.broadcast(S, in[i + s2]), a2);
			a3 = wv.fma(FloatVector.broadcast(S, in[i + s3]), a3);
		}
		a0.intoArray(out, ob);
		a1.intoArray(out, ob + cout);
		a2.intoArray(out, ob + 2 * cout);
		a3.intoArray(out, ob + 3 * cout);
	}

	private static void conv1x1(final float[] in, final int ib, final int[] off,
		final float[] wt, final int cout, final int cb, final float[] init, final float[] out,
		final int ob, final boolean acc)
	{
		FloatVector a0 = start(init, cb, ob, acc);
		for (int k = 0; k < off.length; k++) {
			a0 = FloatVector.fromArray(S, wt, k * cout + cb).fma(FloatVector.broadcast(S, in[ib +
				off[k]]), a0);
		}
		a0.intoArray(out, ob);
	}

	/** Four pixels of two channel vectors. */
	private static void conv2x4(final float[] in, final int ib, final int sx, final int[] off,
		final float[] wt, final int cout, final int cb, final float[] init, final float[] out,
		final int ob, final boolean acc)
	{
		final int c1 = cb + L;
		FloatVector a0 = start(init, cb, ob, acc), b0 = start(init, c1, ob + L, acc);
		FloatVector a1 = start(init, cb, ob + cout, acc);
		FloatVector b1 = start(init, c1, ob + cout + L, acc);
		FloatVector a2 = start(init, cb, ob + 2 * cout, acc);
		FloatVector b2 = start(init, c1, ob + 2 * cout + L, acc);
		FloatVector a3 = start(init, cb, ob + 3 * cout, acc);
		FloatVector b3 = start(init, c1, ob + 3 * cout + L, acc);
		final int s2 = 2 * sx, s3 = 3 * sx;
		for (int k = 0; k < off.length; k++) {
			final int wk = k * cout + cb;
			final FloatVector w0 = FloatVector.fromArray(S, wt, wk);
			final FloatVector w1 = FloatVector.fromArray(S, wt, wk + L);
			final int i = ib + off[k];
			FloatVector v = FloatVector.broadcast(S, in[i]);
			a0 = w0.fma(v, a0);
			b0 = w1.fma(v, b0);
			v = FloatVector.broadcast(S, in[i + sx]);
			a1 = w0.fma(v, a1);
			b1 = w1.fma(v, b1);
			v = FloatVector.broadcast(S, in[i + s2]);
			a2 = w0.fma(v, a2);
			b2 = w1.fma(v, b2);
			v = FloatVector.broadcast(S, in[i + s3]);
			a3 = w0.fma(v, a3);
			b3 = w1.fma(v, b3);
		}
		a0.intoArray(out, ob);
		b0.intoArray(out, ob + L);
		a1.intoArray(out, ob + cout);
		b1.intoArray(out, ob + cout + L);
		a2.intoArray(out, ob + 2 * cout);
		b2.intoArray(out, ob + 2 * cout + L);
		a3.intoArray(out, ob + 3 * cout);
		b3.intoArray(out, ob + 3 * cout + L);
	}

	private static void conv2x1(final float[] in, final int ib, final int[] off,
		final float[] wt, final int cout, final int cb, final float[] init, final float[] out,
		final int ob, final boolean acc)
	{
		FloatVector a0 = start(init, cb, ob, acc);
		FloatVector b0 = start(init, cb + L, ob + L, acc);
		for (int k = 0; k < off.length; k++) {
			final FloatVector v = FloatVector.broadcast(S, in[ib + off[k]]);
			a0 = FloatVector.fromArray(S, wt, k * cout + cb).fma(v, a0);
			b0 = FloatVector.fromArray(S, wt, k * cout + cb + L).fma(v, b0);
		}
		a0.intoArray(out, ob);
		b0.intoArray(out, ob + L);
	}

	/**
	 * Adds one image's weight gradient of a convolution ({@code cout} a whole
	 * number of vectors): {@code dw[k*cout + c] += sum_p in[inBase + inPixel[p] + off[k]]
	 * * d[dBase + dPixel[p] + c]} over the output pixels p, whose window origins
	 * in the input and offsets in the gradient the two tables give.
	 */
	static void convWeightGrad(final float[] in, final int inBase, final int[] inPixel,
		final int[] off, final float[] d, final int dBase, final int[] dPixel, final int cout,
		final float[] dw)
	{
		final int kn = off.length;
		for (int cb = 0; cb < cout; cb += L) {
			int k = 0;
			if (cb + L < cout) {
				// NB: two channel vectors share each broadcast input value.
				for (; k + 6 <= kn; k += 6) weightGrad6x2(in, inBase, inPixel, off, k, d, dBase + cb,
					dPixel, dw, k * cout + cb, cout);
				for (; k < kn; k++) {
					weightGrad1(in, inBase + off[k], inPixel, d, dBase + cb, dPixel, dw, k * cout + cb);
					weightGrad1(in, inBase + off[k], inPixel, d, dBase + cb + L, dPixel, dw, k * cout +
						cb + L);
				}
				cb += L;
				continue;
			}
			for (; k + 8 <= kn; k += 8) weightGrad8(in, inBase, inPixel, off, k, d, dBase + cb,
				dPixel, dw, k * cout + cb, cout);
			for (; k < kn; k++) weightGrad1(in, inBase + off[k], inPixel, d, dBase + cb, dPixel,
				dw, k * cout + cb);
		}
	}

	/**
	 * Eight taps at once. NB: one flat loop over pixels with offset tables:
	 * nested y/x loops kept the accumulators out of registers (5x slower, measured).
	 */
	private static void weightGrad8(final float[] in, final int inBase, final int[] inPixel,
		final int[] off, final int k, final float[] d, final int dBase, final int[] dPixel,
		final float[] dw, final int at, final int cout)
	{
		final int o0 = off[k], o1 = off[k + 1], o2 = off[k + 2], o3 = off[k + 3];
		final int o4 = off[k + 4], o5 = off[k + 5], o6 = off[k + 6], o7 = off[k + 7];
		FloatVector a0 = FloatVector.fromArray(S, dw, at);
		FloatVector a1 = FloatVector.fromArray(S, dw, at + cout);
		FloatVector a2 = FloatVector.fromArray(S, dw, at + 2 * cout);
		FloatVector a3 = FloatVector.fromArray(S, dw, at + 3 * cout);
		FloatVector a4 = FloatVector.fromArray(S, dw, at + 4 * cout);
		FloatVector a5 = FloatVector.fromArray(S, dw, at + 5 * cout);
		FloatVector a6 = FloatVector.fromArray(S, dw, at + 6 * cout);
		FloatVector a7 = FloatVector.fromArray(S, dw, at + 7 * cout);
		for (int p = 0; p < inPixel.length; p++) {
			final FloatVector dv = FloatVector.fromArray(S, d, dBase + dPixel[p]);
			final int i = inBase + inPixel[p];
			a0 = dv.fma(FloatVector.broadcast(S, in[i + o0]), a0);
			a1 = dv.fma(FloatVector.broadcast(S, in[i + o1]), a1);
			a2 = dv.fma(FloatVector.broadcast(S, in[i + o2]), a2);
			a3 = dv.fma(FloatVector.broadcast(S, in[i + o3]), a3);
			a4 = dv.fma(FloatVector.broadcast(S, in[i + o4]), a4);
			a5 = dv.fma(FloatVector.broadcast(S, in[i + o5]), a5);
			a6 = dv.fma(FloatVector.broadcast(S, in[i + o6]), a6);
			a7 = dv.fma(FloatVector.broadcast(S, in[i + o7]), a7);
		}
		a0.intoArray(dw, at);
		a1.intoArray(dw, at + cout);
		a2.intoArray(dw, at + 2 * cout);
		a3.intoArray(dw, at + 3 * cout);
		a4.intoArray(dw, at + 4 * cout);
		a5.intoArray(dw, at + 5 * cout);
		a6.intoArray(dw, at + 6 * cout);
		a7.intoArray(dw, at + 7 * cout);
	}

	/** Six taps of two channel vectors at once. */
	private static void weightGrad6x2(final float[] in, final int inBase, final int[] inPixel,
		final int[] off, final int k, final float[] d, final int dBase, final int[] dPixel,
		final float[] dw, final int at, final int cout)
	{
		final int o0 = off[k], o1 = off[k + 1], o2 = off[k + 2], o3 = off[k + 3];
		final int o4 = off[k + 4], o5 = off[k + 5];
		FloatVector a0 = FloatVector.fromArray(S, dw, at);
		FloatVector a1 = FloatVector.fromArray(S, dw, at + cout);
		FloatVector a2 = FloatVector.fromArray(S, dw, at + 2 * cout);
		FloatVector a3 = FloatVector.fromArray(S, dw, at + 3 * cout);
		FloatVector a4 = FloatVector.fromArray(S, dw, at + 4 * cout);
		FloatVector a5 = FloatVector.fromArray(S, dw, at + 5 * cout);
		FloatVector b0 = FloatVector.fromArray(S, dw, at + L);
		FloatVector b1 = FloatVector.fromArray(S, dw, at + cout + L);
		FloatVector b2 = FloatVector.fromArray(S, dw, at + 2 * cout + L);
		FloatVector b3 = FloatVector.fromArray(S, dw, at + 3 * cout + L);
		FloatVector b4 = FloatVector.fromArray(S, dw, at + 4 * cout + L);
		FloatVector b5 = FloatVector.fromArray(S, dw, at + 5 * cout + L);
		for (int p = 0; p < inPixel.length; p++) {
			final int dp = dBase + dPixel[p];
			final FloatVector d0 = FloatVector.fromArray(S, d, dp);
			final FloatVector d1 = FloatVector.fromArray(S, d, dp + L);
			final int i = inBase + inPixel[p];
			FloatVector v = FloatVector.broadcast(S, in[i + o0]);
			a0 = d0.fma(v, a0);
			b0 = d1.fma(v, b0);
			v = FloatVector.broadcast(S, in[i + o1]);
			a1 = d0.fma(v, a1);
			b1 = d1.fma(v, b1);
			v = FloatVector.broadcast(S, in[i + o2]);
			a2 = d0.fma(v, a2);
			b2 = d1.fma(v, b2);
			v = FloatVector.broadcast(S, in[i + o3]);
			a3 = d0.fma(v, a3);
			b3 = d1.fma(v, b3);
			v = FloatVector.broadcast(S, in[i + o4]);
			a4 = d0.fma(v, a4);
			b4 = d1.fma(v, b4);
			v = FloatVector.broadcast(S, in[i + o5]);
			a5 = d0.fma(v, a5);
			b5 = d1.fma(v, b5);
		}
		a0.intoArray(dw, at);
		a1.intoArray(dw, at + cout);
		a2.intoArray(dw, at + 2 * cout);
		a3.intoArray(dw, at + 3 * cout);
		a4.intoArray(dw, at + 4 * cout);
		a5.intoArray(dw, at + 5 * cout);
		b0.intoArray(dw, at + L);
		b1.intoArray(dw, at + cout + L);
		b2.intoArray(dw, at + 2 * cout + L);
		b3.intoArray(dw, at + 3 * cout + L);
		b4.intoArray(dw, at + 4 * cout + L);
		b5.intoArray(dw, at + 5 * cout + L);
	}

	private static void weightGrad1(final float[] in, final int inBase, final int[] inPixel,
		final float[] d, final int dBase, final int[] dPixel, final float[] dw, final int at)
	{
		FloatVector a0 = FloatVector.fromArray(S, dw, at);
		for (int p = 0; p < inPixel.length; p++) {
			a0 = FloatVector.fromArray(S, d, dBase + dPixel[p]).fma(FloatVector.broadcast(S,
				in[inBase + inPixel[p]]), a0);
		}
		a0.intoArray(dw, at);
	}

	/**
	 * The input gradient of a convolution of any stride, added into
	 * {@code dIn}: for every output pixel p and tap k,
	 * {@code dIn[inBase + inPixel[p] + off[k] + ci] += sum_co d[dBase + dPixel[p] + co] * wt[(k*cout + co)*cin + ci]}
	 * ({@code cin} a whole number of vectors, {@code cout} real channels).
	 */
	static void convInputGradScatter(final float[] d, final int dBase, final int[] dPixel,
		final int cout, final float[] wt, final int cin, final float[] dIn, final int inBase,
		final int[] inPixel, final int[] off)
	{
		for (int p = 0; p < dPixel.length; p++) {
			final int dp = dBase + dPixel[p];
			final int ip = inBase + inPixel[p];
			for (int k = 0; k < off.length; k++) {
				final int at = ip + off[k];
				for (int cb = 0; cb < cin; cb += L) {
					FloatVector a = FloatVector.fromArray(S, dIn, at + cb);
					for (int co = 0; co < cout; co++) {
						a = FloatVector.fromArray(S, wt, (k * cout + co) * cin + cb).fma(FloatVector
							.broadcast(S, d[dp + co]), a);
					}
					a.intoArray(dIn, at + cb);
				}
			}
		}
	}

	/**
	 * Adds per-channel sums over {@code pixels} rows of {@code c} channels
	 * (row stride {@code c}, a whole number of vectors): {@code sum[j] += x} and
	 * {@code squares[j] += x*x}.
	 */
	static void channelSums(final float[] x, final int base, final int pixels, final int c,
		final double[] sum, final double[] squares)
	{
		for (int cb = 0; cb < c; cb += L) {
			FloatVector s = FloatVector.zero(S), q = FloatVector.zero(S);
			for (int p = 0; p < pixels; p++) {
				final FloatVector v = FloatVector.fromArray(S, x, base + p * c + cb);
				s = s.add(v);
				q = v.fma(v, q);
			}
			addLanes(s, sum, cb, c);
			addLanes(q, squares, cb, c);
		}
	}

	/** Adds the lanes of {@code v} to {@code into[offset ...]}, as far as {@code limit}. */
	private static void addLanes(final FloatVector v, final double[] into, final int offset,
		final int limit)
	{
		for (int j = 0; j < L && offset + j < limit; j++) into[offset + j] += v.lane(j);
	}

	/** {@code y[yBase + i] += a * x[xBase + i]} over n floats. */
	/** Sets {@code into} to the sum of {@code partials} (each as long) and zeroes them. */
	static void sumInto(final float[][] partials, final float[] into) {
		Arrays.fill(into, 0);
		for (final float[] partial : partials) {
			axpy(1, partial, 0, into, 0, into.length);
			Arrays.fill(partial, 0);
		}
	}

	static void axpy(final float a, final float[] x, final int xBase, final float[] y,
		final int yBase, final int n)
	{
		final FloatVector av = FloatVector.broadcast(S, a);
		int i = 0;
		for (; i + L <= n; i += L) {
			FloatVector.fromArray(S, x, xBase + i).fma(av, FloatVector.fromArray(S, y, yBase +
				i)).intoArray(y, yBase + i);
		}
		for (; i < n; i++) y[yBase + i] += a * x[xBase + i];
	}

	/** Pixel offsets {@code y*rowStride + x*step} of an h x w grid, in row order. */
	static int[] pixels(final int h, final int w, final int rowStride, final int step) {
		final int[] p = new int[h * w];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) p[y * w + x] = y * rowStride + x * step;
		}
		return p;
	}
}
