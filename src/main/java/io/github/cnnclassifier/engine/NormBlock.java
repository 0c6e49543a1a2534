package io.github.cnnclassifier.engine;

import java.util.List;

import io.github.cnnclassifier.model.ParamSource;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A {@link Stage} on its own (batch norm, activation and pooling, any of
 * them), where no convolution precedes it in the same block: after a
 * residual addition, a fully connected layer, or another block's pooling.
 */
final class NormBlock extends Block {

	final Tensor in;
	final Stage stage;
	private final String bnLayer;
	private final IUpdater bnUpdater;
	/** Per batch: the gradient at the batch norm output. */
	private float[] dy;

	NormBlock(final List<String> layers, final Tensor in, final Tensor out, final Stage stage,
		final String bnLayer, final IUpdater bnUpdater)
	{
		super(layers, new Tensor[] { in }, out);
		this.in = in;
		this.stage = stage;
		this.bnLayer = bnLayer;
		this.bnUpdater = bnUpdater;
	}

	@Override
	List<Param> params() {
		return stage.params(bnLayer, bnUpdater);
	}

	private int dySize() {
		return in.h * in.w * in.cs;
	}

	@Override
	void allocate(final int n) {
		dy = new float[n * dySize()];
	}

	@Override
	void forward(final Batch batch, final int n, final boolean training) {
		final boolean stats = training && stage.bn && !frozen;
		final float[] input = batch.act(in), output = batch.act(out);
		final int inRow = in.pw() * in.cs, outRow = out.pw() * out.cs;
		final Workers wk = batch.workers;
		if (stats) {
			wk.run(n, t -> {
				for (int i = wk.from(t, n); i < wk.to(t, n); i++) stage.sums(t, input, in.at(i), inRow);
			});
			stage.batchStatistics(n);
		}
		else stage.runningStatistics();
		wk.run(n, t -> {
			for (int i = wk.from(t, n); i < wk.to(t, n); i++) {
				stage.apply(input, in.at(i), inRow, output, out.at(i), outRow);
			}
		});
	}

	@Override
	void backward(final Batch batch, final int n) {
		final Workers wk = batch.workers;
		final float[] g = batch.grad(out), output = batch.act(out), input = batch.act(in);
		final int inRow = in.pw() * in.cs, outRow = out.pw() * out.cs;
		wk.run(n, t -> {
			for (int i = wk.from(t, n); i < wk.to(t, n); i++) {
				stage.route(t, g, out.at(i), outRow, output, out.at(i), outRow, input, in.at(i), inRow,
					dy, i * dySize());
			}
		});
		stage.endRoute(n);
		if (!batch.wantsGradient(in)) return;
		final boolean add = batch.adds(in);
		final float[] dIn = batch.grad(in);
		wk.run(n, t -> {
			for (int i = wk.from(t, n); i < wk.to(t, n); i++) {
				stage.backward(dy, i * dySize(), input, in.at(i), inRow, dIn, in.at(i), inRow, add,
					null);
			}
		});
	}

	@Override
	void prepareInference() {
		stage.folding();
	}

	@Override
	void infer(final float[][] acts, final int i, final float[] scratch) {
		stage.applyRunning(acts[in.id], in.at(i), in.pw() * in.cs, acts[out.id], out.at(i), out.pw() *
			out.cs);
	}

	@Override
	void weightsChanged() {
		stage.changed();
	}

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
