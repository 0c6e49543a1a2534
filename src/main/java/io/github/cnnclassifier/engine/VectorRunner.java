package io.github.cnnclassifier.engine;

import io.github.cnnclassifier.tensor.InputShape;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** The fast path: {@link ConvNet} on the Vector API. */
final class VectorRunner implements Runner {

	private final MultiLayerNetwork net;
	private final ConvNet engine;
	private boolean trained;

	VectorRunner(final MultiLayerNetwork net, final InputShape shape, final int threads) {
		this.net = net;
		this.engine = ConvNet.of(net, shape, threads);
	}

	/** Prepares training with one of MATLAB's solvers: sgdm, adam or rmsprop. */
	VectorRunner training(final String solver, final double learnRate, final double momentum,
		final double l2)
	{
		engine.optimizer(Optimizer.Rule.valueOf(solver.toUpperCase(java.util.Locale.ROOT)),
			learnRate, momentum, l2);
		return this;
	}

	@Override
	public double[] fit(final float[] x, final int[] labels, final int n,
		final boolean measure)
	{
		trained = true;
		return engine.fit(x, labels, n);
	}

	@Override
	public float[] output(final float[] x, final int n) {
		return engine.output(x, n);
	}

	@Override
	public void sync() {
		if (trained) engine.exportTo(net);
	}

	@Override
	public String description() {
		return "vector engine (" + Kernels.L + " float lanes, " + engine.threads() +
			" threads)";
	}

	@Override
	public String id() {
		return "vector-f32x" + Kernels.L;
	}

	@Override
	public void close() {
		sync();
		engine.close();
	}
}
