package io.github.cnnclassifier.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.Nd4jBackend;
import io.github.cnnclassifier.model.SgdMomentum;
import io.github.cnnclassifier.tensor.InputShape;

import java.util.Random;
import java.util.Set;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A small network on random inputs, computed by DL4J's layers and by the
 * engine, to compare the two: outputs, one training step, activations.
 */
final class EngineReference {

	final InputShape shape;
	final int classes, n;
	final float[] x;
	final int[] labels;
	private final String spec;
	private final IUpdater updater;
	private final double l2;
	private final double[] classWeights;

	EngineReference(final String spec, final InputShape shape, final int classes, final int n,
		final IUpdater updater, final double l2, final double[] classWeights)
	{
		Nd4jBackend.load();
		this.spec = spec.replaceFirst(" #.*", "");
		this.shape = shape;
		this.classes = classes;
		this.n = n;
		this.updater = updater;
		this.l2 = l2;
		this.classWeights = classWeights;
		final Random random = new Random(11);
		x = new float[n * shape.size()];
		for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
		labels = new int[n];
		for (int i = 0; i < n; i++) labels[i] = random.nextInt(classes);
	}

	EngineReference(final String spec, final InputShape shape) {
		this(spec, shape, 3, 12, new SgdMomentum(0.05, 0.9), 0, null);
	}

	/** A network of the spec with weights from {@code seed} (the same each call). */
	ComputationGraph network(final long seed) {
		final ComputationGraph net = new ComputationGraph(Architectures.build(Architectures.spec(
			spec), shape, classes, updater, l2, seed, classWeights));
		net.init();
		return net;
	}

	DataSet dataSet() {
		final float[] y = new float[n * classes];
		for (int i = 0; i < n; i++) y[i * classes + labels[i]] = 1;
		return new DataSet(Nd4j.create(x.clone(), new long[] { n, shape.channels(), shape
			.height(), shape.width() }, 'c'), Nd4j.create(y, new long[] { n, classes }, 'c'));
	}

	Plan plan(final ComputationGraph net, final int threads) {
		try {
			return PlanBuilder.build(net, shape, threads, Set.of());
		}
		catch (final PlanBuilder.Unsupported e) {
			throw new AssertionError(e.getMessage(), e);
		}
	}

	/**
	 * The engine's probabilities equal DL4J's on the same weights, from the
	 * vector kernels and the plain loops alike.
	 */
	void assertOutputsMatch(final ComputationGraph net, final int threads) {
		final float[] reference = net.output(false, dataSet().getFeatures())[0].dup('c').data()
			.asFloat();
		try (Plan plan = plan(net, threads)) {
			assertArrayEquals(reference, plan.output(x.clone(), n, false), 1e-4f, spec);
			assertArrayEquals(reference, plan.output(x.clone(), n, true), 1e-4f, spec);
		}
	}

	/** Parameters and running statistics after {@code steps} steps of DL4J and of the engine agree. */
	void assertStepsMatch(final ComputationGraph reference, final ComputationGraph fast,
		final int threads, final int steps)
	{
		final float[] before = reference.params().toFloatVector();
		assertArrayEquals(before, fast.params().toFloatVector(), spec);
		for (int s = 0; s < steps; s++) reference.fit(dataSet());
		try (Plan plan = plan(fast, threads)) {
			final Optimizer o = new Optimizer(plan.trainableParams(), 0);
			plan.optimizer(o);
			for (int s = 0; s < steps; s++) plan.fit(x.clone(), labels, n);
			plan.exportTo(fast);
		}
		final float[] r = reference.params().toFloatVector();
		final float[] f = fast.params().toFloatVector();
		double maxDiff = 0, maxStep = 0;
		for (int i = 0; i < r.length; i++) {
			maxDiff = Math.max(maxDiff, Math.abs(r[i] - f[i]));
			maxStep = Math.max(maxStep, Math.abs(r[i] - before[i]));
		}
		assertTrue(maxStep > 1e-4, spec + ": the step moved the parameters: " + maxStep);
		assertTrue(maxDiff < 1e-5 + 1e-3 * maxStep, updater + " " + spec + ": max difference " + maxDiff +
			" for steps up to " + maxStep);
		assertFalse(Double.isNaN(maxDiff));
	}

	void assertStepsMatch(final long seed, final int threads, final int steps) {
		assertStepsMatch(network(seed), network(seed), threads, steps);
	}
}
