package io.github.cnnclassifier.engine;

import io.github.cnnclassifier.tensor.InputShape;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The fast path: a {@link Plan} on the Vector API. It builds the DL4J
 * network only to train (the optimiser state) and to write training back.
 */
final class VectorRunner implements Runner {

	private final NetworkSource net;
	private final InputShape shape;
	private final int threads;
	private final Plan plan;
	/** Plans that keep one layer's output, for {@link #activations}, by layer. */
	private final Map<String, Plan> probes = new HashMap<>();
	/** Plans for {@link #gradient}, by layer. */
	private final Map<String, Plan> gradients = new HashMap<>();
	private boolean trained;

	VectorRunner(final NetworkSource net, final InputShape shape, final int threads)
		throws PlanBuilder.Unsupported
	{
		this.net = net;
		this.shape = shape;
		this.threads = threads;
		this.plan = PlanBuilder.build(net, shape, threads, Set.of());
	}

	VectorRunner(final ComputationGraph net, final InputShape shape, final int threads)
		throws PlanBuilder.Unsupported
	{
		this(NetworkSource.of(net), shape, threads);
	}

	@Override
	public double[] fit(final float[] x, final int[] labels, final int n,
		final boolean measure)
	{
		if (plan.optimizer() == null) {
			final Optimizer o = new Optimizer(plan.trainableParams(), net.conf()
				.getIterationCount());
			o.importState(net.network().get());
			plan.optimizer(o);
		}
		trained = true;
		closeProbes();
		return plan.fit(x, labels, n);
	}

	@Override
	public float[] output(final float[] x, final int n) {
		return plan.output(x, n);
	}

	@Override
	public float[] activations(final String layer, final float[] x, final int n) {
		if (!net.has(layer)) throw new IllegalArgumentException("The network has no layer " + layer);
		if (plan.has(layer)) return plan.activations(layer, x, n);
		Plan probe = probes.get(layer);
		if (probe == null) {
			sync();
			try {
				probe = PlanBuilder.build(net, shape, threads, Set.of(layer));
			}
			catch (final PlanBuilder.Unsupported e) {
				throw new IllegalStateException("The engine computed this network before: " + e
					.getMessage(), e);
			}
			probes.put(layer, probe);
		}
		return probe.activations(layer, x, n);
	}

	@Override
	public float[][] gradient(final String layer, final float[] x, final int n,
		final int[] classes)
	{
		if (!net.has(layer)) throw new IllegalArgumentException("The network has no layer " + layer);
		Plan probe = gradients.get(layer);
		if (probe == null) {
			sync();
			try {
				probe = PlanBuilder.forGradient(net, shape, threads, layer);
			}
			catch (final PlanBuilder.Unsupported e) {
				throw new IllegalStateException("The engine computed this network before: " + e
					.getMessage(), e);
			}
			gradients.put(layer, probe);
		}
		return probe.gradient(x, n, classes);
	}

	@Override
	public void sync() {
		if (!trained) return;
		final ComputationGraph dl4j = net.network().get();
		plan.exportTo(dl4j);
		plan.optimizer().exportState(dl4j);
		dl4j.getConfiguration().setIterationCount(plan.optimizer().iterations());
	}

	@Override
	public String description() {
		return "vector engine (" + Kernels.L + " float lanes, " + plan.threads() + " threads)";
	}

	@Override
	public String id() {
		return "vector-f32x" + Kernels.L;
	}

	private void closeProbes() {
		probes.values().forEach(Plan::close);
		probes.clear();
		gradients.values().forEach(Plan::close);
		gradients.clear();
	}

	@Override
	public void close() {
		sync();
		closeProbes();
		plan.close();
	}
}
