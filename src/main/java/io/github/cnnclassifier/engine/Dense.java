package io.github.cnnclassifier.engine;

import java.util.Arrays;
import java.util.List;

import jdk.incubator.vector.FloatVector;

import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A fully connected layer's arithmetic on one image at a time: the input is
 * a tensor's pixels (one for a flat tensor) gathered as {@code f = pixels x cs}
 * features, the output {@code units} values (stride {@code unitsS}, whole
 * vectors). Weights are kept as [feature][unit]; DL4J's rows come in NCHW
 * flattening order (c*h*w + y*w + x) and are permuted on import.
 */
final class Dense {

	final Tensor in;
	final int units, unitsS, f;
	final float[] wd, bd, dwd, dbd;
	/** The weights as [unit][feature], for the input gradient. */
	private final float[] wdT;
	/** Offsets of the input's pixels from its pixel (0, 0). */
	private final int[] pixels;
	private final float[][] tdw, tdb;
	private final String layer;
	private final IUpdater updater;
	private final double l2;

	/** @param layer the DL4J layer whose W and b these are, trained with {@code updater} and {@code l2} */
	Dense(final Tensor in, final int units, final String layer, final IUpdater updater,
		final double l2, final int threads)
	{
		this.in = in;
		this.layer = layer;
		this.updater = updater;
		this.l2 = l2;
		this.units = units;
		this.unitsS = Kernels.lanes(units);
		this.pixels = Kernels.pixels(in.h, in.w, in.pw() * in.cs, in.cs);
		this.f = pixels.length * in.cs;
		wd = new float[f * unitsS];
		dwd = new float[f * unitsS];
		wdT = new float[units * f];
		bd = new float[unitsS];
		dbd = new float[unitsS];
		tdw = new float[threads][f * unitsS];
		tdb = new float[threads][unitsS];
	}

	/** The weights W and bias b, as DL4J names them. */
	List<Param> params() {
		return List.of(new Param(layer, "W", wd, dwd, wd.length, l2, updater, weights), new Param(
			layer, "b", bd, dbd, units, 0, updater, Param.Layout.SAME));
	}

	/** Floats of scratch {@link #infer} needs. */
	int scratch() {
		return f + unitsS;
	}

	/**
	 * {@code z = W x + b} for image i of {@code acts}' input tensor, into
	 * {@code scratch[f ...]} (the features are gathered in front of it).
	 */
	void infer(final float[][] acts, final int i, final float[] scratch) {
		gather(acts[in.id], i, scratch);
		forward(scratch, scratch, f);
	}

	/** Gathers image i's features from {@code x} into {@code feat[0 .. f)}. */
	void gather(final float[] x, final int i, final float[] feat) {
		final int base = in.at(i), cs = in.cs;
		for (int p = 0; p < pixels.length; p++) System.arraycopy(x, base + pixels[p], feat, p * cs,
			cs);
	}

	/**
	 * {@link #infer} in plain loops (see {@link Kernels#convPlain}), for the
	 * units that are not padding (those get zeros); the same values.
	 */
	void inferPlain(final float[][] acts, final int i, final float[] scratch) {
		gather(acts[in.id], i, scratch);
		// NB: the four chains of forward(), summed as there.
		for (int c = 0; c < units; c++) {
			float a0 = bd[c], a1 = 0, a2 = 0, a3 = 0;
			int j = 0;
			for (; j + 4 <= f; j += 4) {
				final int r = j * unitsS + c;
				a0 = Math.fma(wd[r], scratch[j], a0);
				a1 = Math.fma(wd[r + unitsS], scratch[j + 1], a1);
				a2 = Math.fma(wd[r + 2 * unitsS], scratch[j + 2], a2);
				a3 = Math.fma(wd[r + 3 * unitsS], scratch[j + 3], a3);
			}
			for (; j < f; j++) a0 = Math.fma(wd[j * unitsS + c], scratch[j], a0);
			scratch[f + c] = a0 + a1 + (a2 + a3);
		}
		Arrays.fill(scratch, f + units, f + unitsS, 0);
	}

	/** {@code z = W x + b} for one feature vector, into {@code z[zBase ...]} (unitsS floats). */
	void forward(final float[] feat, final float[] z, final int zBase) {
		for (int cb = 0; cb < unitsS; cb += Kernels.L) {
			// NB: four chains of FMAs, not one, so each waits less for the last.
			FloatVector a0 = FloatVector.fromArray(Kernels.S, bd, cb);
			FloatVector a1 = FloatVector.zero(Kernels.S), a2 = a1, a3 = a1;
			int j = 0;
			for (; j + 4 <= f; j += 4) {
				final int r = j * unitsS + cb;
				a0 = FloatVector.fromArray(Kernels.S, wd, r).fma(FloatVector.broadcast(Kernels.S,
					feat[j]), a0);
				a1 = FloatVector.fromArray(Kernels.S, wd, r + unitsS).fma(FloatVector.broadcast(
					Kernels.S, feat[j + 1]), a1);
				a2 = FloatVector.fromArray(Kernels.S, wd, r + 2 * unitsS).fma(FloatVector.broadcast(
					Kernels.S, feat[j + 2]), a2);
				a3 = FloatVector.fromArray(Kernels.S, wd, r + 3 * unitsS).fma(FloatVector.broadcast(
					Kernels.S, feat[j + 3]), a3);
			}
			for (; j < f; j++) {
				a0 = FloatVector.fromArray(Kernels.S, wd, j * unitsS + cb).fma(FloatVector.broadcast(
					Kernels.S, feat[j]), a0);
			}
			a0.add(a1).add(a2.add(a3)).intoArray(z, zBase + cb);
		}
	}

	/**
	 * One image's share of the backward pass, for thread t: weight and bias
	 * gradients from the gradient {@code dz} at the output, and (unless
	 * {@code dIn} is null) the input gradient, written or added into image i of {@code dIn}.
	 */
	void backward(final int t, final float[] feat, final float[] dz, final int dzBase,
		final boolean weights, final float[] dIn, final int i, final boolean add,
		final float[] scratch)
	{
		if (weights) {
			final float[] tw = tdw[t];
			for (int k = 0; k < units; k++) tdb[t][k] += dz[dzBase + k];
			for (int cb = 0; cb < unitsS; cb += Kernels.L) {
				final FloatVector dl = FloatVector.fromArray(Kernels.S, dz, dzBase + cb);
				for (int j = 0; j < f; j++) {
					final int r = j * unitsS + cb;
					dl.fma(FloatVector.broadcast(Kernels.S, feat[j]), FloatVector.fromArray(Kernels.S, tw,
						r)).intoArray(tw, r);
				}
			}
		}
		if (dIn == null) return;
		Arrays.fill(scratch, 0, f, 0);
		for (int k = 0; k < units; k++) {
			if (dz[dzBase + k] != 0) Kernels.axpy(dz[dzBase + k], wdT, k * f, scratch, 0, f);
		}
		final int base = in.at(i), cs = in.cs;
		for (int p = 0; p < pixels.length; p++) {
			if (add) Kernels.axpy(1, scratch, p * cs, dIn, base + pixels[p], cs);
			else System.arraycopy(scratch, p * cs, dIn, base + pixels[p], cs);
		}
	}

	/** Sums the threads' partial gradients into {@link #dwd} and {@link #dbd}. */
	void reduce() {
		Kernels.sumInto(tdw, dwd);
		Kernels.sumInto(tdb, dbd);
	}

	/** Refreshes the transposed weights. */
	void weightsChanged() {
		for (int j = 0; j < f; j++) {
			for (int k = 0; k < units; k++) wdT[k * f + j] = wd[j * unitsS + k];
		}
	}

	/** Our feature index of DL4J's input row r (NCHW flattening of the input tensor). */
	private int feature(final int r) {
		final int hw = in.h * in.w;
		final int c = r / hw, p = r % hw;
		return p * in.cs + c;
	}

	/** DL4J: W [nIn][units], rows in NCHW order; ours: [feature][unitsS]. */
	final Param.Layout weights = new Param.Layout() {

		@Override
		public void toEngine(final float[] dl4j, final float[] engine) {
			Arrays.fill(engine, 0);
			for (int r = 0; r < in.values(); r++) {
				System.arraycopy(dl4j, r * units, engine, feature(r) * unitsS, units);
			}
		}

		@Override
		public void toDl4j(final float[] engine, final float[] dl4j) {
			for (int r = 0; r < in.values(); r++) {
				System.arraycopy(engine, feature(r) * unitsS, dl4j, r * units, units);
			}
		}
	};
}
