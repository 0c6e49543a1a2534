package io.github.cnnclassifier.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of the engine, on NHWC float arrays: channels are the
 * vector lanes, and every array the kernels write has a channel stride of
 * whole vectors ({@link #lanes}) with zeros in the extra lanes. NB: masked
 * loads and stores run in slow Java code on JDK 17 (0.5 against 7 Gelem/s,
 * measured), hence no masks. The species is a static final constant (the machine's
 * widest: 16 floats with AVX-512, 8 with AVX2) so that the JIT compiles each
 * vector operation to one instruction; loops over kernel taps are flat, with
 * precomputed offsets, because nested tap loops kept C2 from holding the
 * accumulators in registers (5 against 55 GFLOP/s, measured).
 */
final class Kernels {

	static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
	static final int L = S.length();

	private Kernels() {}

	/** {@code n} rounded up to whole vectors: the channel stride of every array the kernels write. */
	static int lanes(final int n) {
		return (n + L - 1) / L * L;
	}

	/**
	 * A convolution of one image, stride 1: {@code out[outBase + (y*w + x)*cout + c] =
	 * bias[c] + sum_k in[inBase + (y*pw + x)*cin + off[k]] * wt[k*cout + c]} for
	 * y < h, x < w. {@code cout} is a whole number of vectors; {@code in} is
	 * padded so that every offset is inside; bias may be null.
	 */
	static void conv(final float[] in, final int inBase, final int pw, final int cin,
		final int[] off, final float[] wt, final float[] bias, final int cout,
		final float[] out, final int outBase, final int h, final int w)
	{
		for (int cb = 0; cb < cout; cb += L) {
			for (int y = 0; y < h; y++) {
				if (w >= 4) {
					for (int x = 0; x < w; x += 4) {
						// NB: the last block of a row overlaps the one before; it writes the same values.
						final int xs = Math.min(x, w - 4);
						conv4(in, inBase + (y * pw + xs) * cin, cin, off, wt, cout, cb, bias, out,
							outBase + (y * w + xs) * cout + cb);
					}
				}
				else {
					for (int x = 0; x < w; x++) {
						conv1(in, inBase + (y * pw + x) * cin, off, wt, cout, cb, bias, out, outBase +
							(y * w + x) * cout + cb);
					}
				}
			}
		}
	}

	/** NB: vectors are never passed between methods: an argument may be boxed, and then slow. */
	private static void conv4(final float[] in, final int ib, final int cin, final int[] off,
		final float[] wt, final int cout, final int cb, final float[] bias, final float[] out,
		final int ob)
	{
		final FloatVector b0 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S,
			bias, cb);
		FloatVector a0 = b0, a1 = b0, a2 = b0, a3 = b0;
		final int c2 = 2 * cin, c3 = 3 * cin;
		for (int k = 0; k < off.length; k++) {
			final FloatVector wv = FloatVector.fromArray(S, wt, k * cout + cb);
			final int i = ib + off[k];
			a0 = wv.fma(FloatVector.broadcast(S, in[i]), a0);
			a1 = wv.fma(FloatVector.broadcast(S, in[i + cin]), a1);
			a2 = wv.fma(FloatVector.broadcast(S, in[i + c2]), a2);
			a3 = wv.fma(FloatVector.broadcast(S, in[i + c3]), a3);
		}
		a0.intoArray(out, ob);
		a1.intoArray(out, ob + cout);
		a2.intoArray(out, ob + 2 * cout);
		a3.intoArray(out, ob + 3 * cout);
	}

	private static void conv1(final float[] in, final int ib, final int[] off,
		final float[] wt, final int cout, final int cb, final float[] bias, final float[] out,
		final int ob)
	{
		FloatVector a0 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, cb);
		for (int k = 0; k < off.length; k++) {
			a0 = FloatVector.fromArray(S, wt, k * cout + cb).fma(FloatVector.broadcast(S,
				in[ib + off[k]]), a0);
		}
		a0.intoArray(out, ob);
	}

	/**
	 * Adds one image's weight gradient of a stride-1 convolution ({@code cout}
	 * a whole number of vectors): {@code dw[k*cout + c] += sum_p in[inBase +
	 * inPixel[p] + off[k]] * d[dBase + dPixel[p] + c]} over the output pixels p,
	 * whose offsets in the input and in the gradient {@link #pixels} lists.
	 */
	static void convWeightGrad(final float[] in, final int inBase, final int[] inPixel,
		final int[] off, final float[] d, final int dBase, final int[] dPixel, final int cout,
		final float[] dw)
	{
		final int kn = off.length;
		for (int cb = 0; cb < cout; cb += L) {
			int k = 0;
			for (; k + 8 <= kn; k += 8) weightGrad8(in, inBase, inPixel, off, k, d, dBase + cb,
				dPixel, dw, k * cout + cb, cout);
			for (; k < kn; k++) weightGrad1(in, inBase + off[k], inPixel, d, dBase + cb, dPixel,
				dw, k * cout + cb);
		}
	}

	/** Pixel offsets {@code (y*rowStride + x)*channels} of an h x w image, in order. */
	static int[] pixels(final int h, final int w, final int rowStride, final int channels) {
		final int[] p = new int[h * w];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) p[y * w + x] = (y * rowStride + x) * channels;
		}
		return p;
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
	 * Adds per-channel sums over {@code pixels} rows of {@code c} channels
	 * (row stride {@code c}, a whole number of vectors): {@code sum[j] += x}, and, when {@code squares} is
	 * not null, {@code squares[j] += x*x}.
	 */
	static void channelSums(final float[] x, final int base, final int pixels, final int c,
		final double[] sum, final double[] squares)
	{
		for (int cb = 0; cb < c; cb += L) {
			FloatVector s = FloatVector.zero(S), q = FloatVector.zero(S);
			for (int p = 0; p < pixels; p++) {
				final FloatVector v = FloatVector.fromArray(S, x, base + p * c + cb);
				s = s.add(v);
				if (squares != null) q = v.fma(v, q);
			}
			addLanes(s, sum, cb, c);
			if (squares != null) addLanes(q, squares, cb, c);
		}
	}

	/** Adds the lanes of {@code v} to {@code into[offset ...]}, as far as {@code limit}. */
	static void addLanes(final FloatVector v, final double[] into, final int offset,
		final int limit)
	{
		for (int j = 0; j < L && offset + j < limit; j++) into[offset + j] += v.lane(j);
	}

	/** {@code y[yBase + i] += a * x[xBase + i]} over n floats. */
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
}
