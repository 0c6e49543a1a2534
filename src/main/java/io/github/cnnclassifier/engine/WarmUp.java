package io.github.cnnclassifier.engine;

import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.Nd4jBackend;
import io.github.cnnclassifier.model.SgdMomentum;
import io.github.cnnclassifier.tensor.InputShape;

import java.util.Random;
import java.util.Set;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Gets the JIT to compile the engine's kernels on a small throw-away network
 * in the background, while images are still being read.
 * <p>
 * NB: until C2 compiles them, Vector API operations run as slow Java code:
 * the first training iteration of the lecture CNN took 600 ms instead of 5,
 * and the first 20 cost a second (measured). Compiled code serves every
 * network of the JVM, so this runs once per JVM.
 * </p>
 */
final class WarmUp {

	private static Thread thread;

	private WarmUp() {}

	/** Starts the warm-up once per JVM (no-op without the Vector API). */
	static synchronized void start() {
		if (thread != null || !Runners.vectorAvailable()) return;
		thread = new Thread(() -> quietly(WarmUp::run), "cnn-classifier-warm-up");
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Runs {@code warmUp}, saying nothing if it fails: a warm-up is only a
	 * head start, and the work it warms up for says what is wrong (such as
	 * ND4J's native code missing, in one line) where it matters.
	 */
	private static void quietly(final Runnable warmUp) {
		try {
			warmUp.run();
		}
		catch (final RuntimeException | LinkageError e) {
			// NB: see above
		}
	}

	/** Waits until the warm-up is done (at most {@code millis}). */
	static void await(final long millis) {
		final Thread t;
		synchronized (WarmUp.class) {
			t = thread;
		}
		if (t == null) return;
		try {
			t.join(millis);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static void run() {
		Nd4jBackend.load();
		// NB: the lecture CNN's own 28x28 takes the branches real inputs take (7-pixel rows):
		// on 16x16, code compiled for it was thrown away again at the first real batch.
		final InputShape shape = new InputShape(28, 28, 1);
		final ComputationGraph net = new ComputationGraph(Architectures.build(Architectures.spec(
			Architectures.LECTURE_CNN), shape, 10, new SgdMomentum(), 0, 1, null));
		net.init();
		final int n = 16;
		final float[] x = new float[n * shape.size()];
		final int[] labels = new int[n];
		final Random random = new Random(1);
		for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
		for (int i = 0; i < n; i++) labels[i] = i % 10;
		try (Plan plan = PlanBuilder.build(net, shape, Runners.threads(), Set.of())) {
			plan.optimizer(new Optimizer(plan.trainableParams(), 0));
			// NB: rounds until their time stops falling: C2 compiles in the background,
			// and a fixed count could end before it had.
			long best = Long.MAX_VALUE;
			final long end = System.nanoTime() + MAX_NANOS;
			for (int calm = 0; calm < 3 && System.nanoTime() < end;) {
				final long t0 = System.nanoTime();
				for (int i = 0; i < 50; i++) {
					plan.fit(x, labels, n);
					if (i % 10 == 0) plan.output(x, n);
				}
				final long t = System.nanoTime() - t0;
				calm = t > best * 0.95 ? calm + 1 : 0;
				best = Math.min(best, t);
			}
		}
		catch (final PlanBuilder.Unsupported e) {
			throw new IllegalStateException(e);
		}
	}

	/** At most this long, so that a slow machine is not kept busy. */
	private static final long MAX_NANOS = 5_000_000_000L;
}
