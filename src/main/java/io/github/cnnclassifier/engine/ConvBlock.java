package io.github.cnnclassifier.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.cnnclassifier.model.ParamSource;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A convolution (kh x kw, any stride, bias) and the {@link Stage} that
 * follows it (batch norm, activation, pooling), fused: the convolution's
 * output stays in this block's own buffer, and only the stage's output is a
 * tensor of the plan. In inference batch norm is folded into the weights.
 */
final class ConvBlock extends Block {

	final Tensor in;
	final int kh, kw, sy, sx, padTop, padLeft, cin, cout, coutS, ch, cw;
	final Stage stage;
	/** Weights [k][coutS], k = (ky*kw + kx)*cin + ci. */
	final float[] wt, bias, dwt, dbias;
	private final String convLayer, bnLayer;
	private final IUpdater updater, bnUpdater;
	private final double l2;
	private final boolean hasBias;
	/** Offsets of the taps from a window's origin in the input. */
	private final int[] off, offTaps;
	/** Window origins of the output pixels in the input, and the pixels' places in the padded output gradient. */
	private final int[] inPixels, dPixels;
	/** Padding of the output gradient, so that the input gradient is a convolution of it (stride 1). */
	private final int dPad;
	private final int[] offFlip;
	/** Weights of the input gradient: flipped [kf][cinS] for stride 1, else [tap][cout][cinS]. */
	private final float[] wBack;
	private final float[] wtFolded, biasFolded;
	private boolean folded;
	private final float[][] tdw, tdb;
	/** Per batch: convolution output, gradient at the batch norm output, padded gradient at the convolution output. */
	private float[] x, dy, dConv;

	/**
	 * @param pads top and left padding of the convolution (DL4J's for its mode)
	 * @param bnLayer the fused batch norm layer's name, or null
	 * @param bnUpdater its updater (gamma, beta)
	 */
	ConvBlock(final List<String> layers, final Tensor in, final Tensor out,
		final String convLayer, final int kh, final int kw, final int sy, final int sx,
		final int[] pads, final int cout, final Stage stage, final String bnLayer,
		final IUpdater updater, final IUpdater bnUpdater, final double l2, final boolean hasBias,
		final int threads)
	{
		super(layers, new Tensor[] { in }, out);
		this.in = in;
		this.convLayer = convLayer;
		this.bnLayer = bnLayer;
		this.kh = kh;
		this.kw = kw;
		this.sy = sy;
		this.sx = sx;
		this.padTop = pads[0];
		this.padLeft = pads[1];
		this.cin = in.c;
		this.cout = cout;
		this.coutS = Kernels.lanes(cout);
		this.stage = stage;
		this.ch = stage.h;
		this.cw = stage.w;
		this.updater = updater;
		this.bnUpdater = bnUpdater;
		this.l2 = l2;
		this.hasBias = hasBias;
		final int k = kh * kw * cin;
		wt = new float[k * coutS];
		dwt = new float[k * coutS];
		wtFolded = new float[k * coutS];
		bias = new float[coutS];
		dbias = new float[coutS];
		biasFolded = new float[coutS];
		tdw = new float[threads][k * coutS];
		tdb = new float[threads][coutS];
		off = new int[k];
		offTaps = new int[kh * kw];
		for (int ky = 0; ky < kh; ky++) {
			for (int kx = 0; kx < kw; kx++) {
				offTaps[ky * kw + kx] = in.pixel(ky, kx);
				for (int ci = 0; ci < cin; ci++) off[(ky * kw + kx) * cin + ci] = in.pixel(ky, kx) + ci;
			}
		}
		inPixels = new int[ch * cw];
		for (int y = 0; y < ch; y++) {
			for (int xo = 0; xo < cw; xo++) inPixels[y * cw + xo] = in.pixel(y * sy - padTop, xo *
				sx - padLeft);
		}
		final boolean flip = sy == 1 && sx == 1;
		final int bottom = (in.h - 1) + (kh - 1) - (kh - 1 - padTop) - (ch - 1);
		final int right = (in.w - 1) + (kw - 1) - (kw - 1 - padLeft) - (cw - 1);
		dPad = flip ? Math.max(Math.max(kh - 1 - padTop, kw - 1 - padLeft), Math.max(bottom,
			right)) : 0;
		final int dRow = (cw + 2 * dPad) * coutS;
		dPixels = Kernels.pixels(ch, cw, dRow, coutS);
		for (int p = 0; p < dPixels.length; p++) dPixels[p] += dPad * dRow + dPad * coutS;
		offFlip = new int[kh * kw * cout];
		for (int fy = 0; fy < kh; fy++) {
			for (int fx = 0; fx < kw; fx++) {
				for (int co = 0; co < cout; co++) offFlip[(fy * kw + fx) * cout + co] = fy * dRow +
					fx * coutS + co;
			}
		}
		wBack = new float[kh * kw * cout * in.cs];
	}

	/** Floats of one image's (padded) convolution-output gradient. */
	private int dSize() {
		return (ch + 2 * dPad) * (cw + 2 * dPad) * coutS;
	}

	private int xSize() {
		return ch * cw * coutS;
	}

	@Override
	List<Param> params() {
		final List<Param> p = new ArrayList<>();
		p.add(new Param(convLayer, "W", wt, dwt, wt.length, l2, updater, weights));
		if (hasBias) p.add(new Param(convLayer, "b", bias, dbias, cout, 0, updater,
			Param.Layout.SAME));
		p.addAll(stage.params(bnLayer, bnUpdater));
		return p;
	}

	@Override
	void allocate(final int n) {
		x = new float[n * xSize()];
		dy = new float[n * xSize()];
		dConv = new float[n * dSize()];
	}

	@Override
	void forward(final Batch batch, final int n, final boolean training) {
		final boolean stats = training && stage.bn && !frozen;
		final float[] input = batch.act(in), output = batch.act(out);
		final int inStepY = sy * in.pw() * in.cs, inStepX = sx * in.cs;
		final int origin = in.pixel(-padTop, -padLeft);
		final Workers wk = batch.workers;
		if (!stats) stage.runningStatistics();
		wk.run(n, t -> {
			for (int i = wk.from(t, n); i < wk.to(t, n); i++) {
				Kernels.conv(input, in.at(i) + origin, inStepY, inStepX, off, wt, bias, coutS, x, i *
					xSize(), cw * coutS, ch, cw, false);
				if (stats) stage.sums(t, x, i * xSize(), cw * coutS);
				else stage.apply(x, i * xSize(), cw * coutS, output, out.at(i), out.pw() * out.cs);
			}
		});
		if (!stats) return;
		stage.batchStatistics(n);
		wk.run(n, t -> {
			for (int i = wk.from(t, n); i < wk.to(t, n); i++) {
				stage.apply(x, i * xSize(), cw * coutS, output, out.at(i), out.pw() * out.cs);
			}
		});
	}

	@Override
	void backward(final Batch batch, final int n) {
		final Workers wk = batch.workers;
		final float[] g = batch.grad(out), output = batch.act(out), input = batch.act(in);
		final int outRow = out.pw() * out.cs, row = cw * coutS;
		wk.run(n, t -> {
			for (int i = wk.from(t, n); i < wk.to(t, n); i++) {
				stage.route(t, g, out.at(i), outRow, output, out.at(i), outRow, x, i * xSize(), row, dy,
					i * xSize());
			}
		});
		stage.endRoute(n);
		final boolean grads = !frozen;
		final boolean inputGrad = batch.wantsGradient(in);
		final boolean add = inputGrad && batch.adds(in);
		final float[] dIn = inputGrad ? batch.grad(in) : null;
		final int dRow = (cw + 2 * dPad) * coutS;
		final int dInterior = dPad * dRow + dPad * coutS;
		wk.run(n, t -> {
			for (int i = wk.from(t, n); i < wk.to(t, n); i++) {
				final int db = i * dSize();
				stage.backward(dy, i * xSize(), x, i * xSize(), row, dConv, db + dInterior, dRow, false,
					grads ? tdb[t] : null);
				if (grads) Kernels.convWeightGrad(input, in.at(i), inPixels, off, dConv, db, dPixels,
					coutS, tdw[t]);
				if (dIn != null) inputGradient(dIn, i, db, add);
			}
		});
		if (grads) reduceWeightGradients();
	}

	private void inputGradient(final float[] dIn, final int i, final int db, final boolean add) {
		if (sy == 1 && sx == 1) {
			final int dRow = (cw + 2 * dPad) * coutS;
			final int origin = db + (dPad - (kh - 1 - padTop)) * dRow + (dPad - (kw - 1 -
				padLeft)) * coutS;
			Kernels.conv(dConv, origin, dRow, coutS, offFlip, wBack, null, in.cs, dIn, in.at(i), in
				.pw() * in.cs, in.h, in.w, add);
			return;
		}
		if (!add) Arrays.fill(dIn, i * in.imageSize(), (i + 1) * in.imageSize(), 0);
		Kernels.convInputGradScatter(dConv, db, dPixels, cout, wBack, in.cs, dIn, in.at(i),
			inPixels, offTaps);
	}

	private void reduceWeightGradients() {
		Kernels.sumInto(tdw, dwt);
		Kernels.sumInto(tdb, dbias);
	}

	@Override
	double flops() {
		return 2.0 * kh * kw * cin * cout * ch * cw;
	}

	@Override
	int scratch() {
		return xSize();
	}

	@Override
	void infer(final float[][] acts, final int i, final float[] scratch) {
		Kernels.conv(acts[in.id], in.at(i) + in.pixel(-padTop, -padLeft), sy * in.pw() * in.cs,
			sx * in.cs, off, wtFolded, biasFolded, coutS, scratch, 0, cw * coutS, ch, cw, false);
		stage.applyFolded(scratch, 0, cw * coutS, acts[out.id], out.at(i), out.pw() * out.cs);
	}

	@Override
	void inferPlain(final float[][] acts, final int i, final float[] scratch) {
		Kernels.convPlain(acts[in.id], in.at(i) + in.pixel(-padTop, -padLeft), sy * in.pw() *
			in.cs, sx * in.cs, off, wtFolded, biasFolded, cout, coutS, scratch, 0, cw * coutS, ch,
			cw);
		stage.applyFoldedPlain(scratch, 0, cw * coutS, acts[out.id], out.at(i), out.pw() *
			out.cs);
	}

	/** Folds batch norm (running statistics) into the inference weights, once per weight change. */
	@Override
	void prepareInference() {
		if (folded) return;
		final float[][] f = stage.folding();
		final int k = kh * kw * cin;
		for (int co = 0; co < cout; co++) {
			biasFolded[co] = bias[co] * f[0][co] + f[1][co];
			for (int j = 0; j < k; j++) wtFolded[j * coutS + co] = wt[j * coutS + co] * f[0][co];
		}
		folded = true;
	}

	@Override
	void weightsChanged() {
		folded = false;
		stage.changed();
		final int cinS = in.cs;
		for (int ky = 0; ky < kh; ky++) {
			for (int kx = 0; kx < kw; kx++) {
				final int tap = ky * kw + kx;
				final int flip = (kh - 1 - ky) * kw + (kw - 1 - kx);
				for (int co = 0; co < cout; co++) {
					for (int ci = 0; ci < cin; ci++) {
						final float v = wt[(tap * cin + ci) * coutS + co];
						if (sy == 1 && sx == 1) wBack[(flip * cout + co) * cinS + ci] = v;
						else wBack[(tap * cout + co) * cinS + ci] = v;
					}
				}
			}
		}
	}

	/** DL4J: W [cout][cin][kh][kw]; ours: [(ky*kw + kx)*cin + ci][coutS]. */
	private final Param.Layout weights = new Param.Layout() {

		@Override
		public void toEngine(final float[] dl4j, final float[] engine) {
			for (int co = 0; co < cout; co++) {
				for (int ci = 0; ci < cin; ci++) {
					for (int t = 0; t < kh * kw; t++) {
						engine[(t * cin + ci) * coutS + co] = dl4j[(co * cin + ci) * kh * kw + t];
					}
				}
			}
		}

		@Override
		public void toDl4j(final float[] engine, final float[] dl4j) {
			for (int co = 0; co < cout; co++) {
				for (int ci = 0; ci < cin; ci++) {
					for (int t = 0; t < kh * kw; t++) {
						dl4j[(co * cin + ci) * kh * kw + t] = engine[(t * cin + ci) * coutS + co];
					}
				}
			}
		}
	};

	@Override
	void importFrom(final ParamSource params) {
		super.importFrom(params);
		if (stage.bn) Dl4jParams.importStatistics(params, bnLayer, stage);
	}

	@Override
	void exportTo(final ComputationGraph net) {
		super.exportTo(net);
		if (stage.bn) Dl4jParams.exportStatistics(net.getLayer(bnLayer), stage);
	}
}
