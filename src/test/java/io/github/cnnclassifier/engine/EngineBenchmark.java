package io.github.cnnclassifier.engine;

import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.Nd4jBackend;
import io.github.cnnclassifier.model.SgdMomentum;
import io.github.cnnclassifier.tensor.InputShape;

import java.util.Locale;
import java.util.Random;
import java.util.Set;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Times the engine block by block on random data: per block its share of a
 * training iteration and the GFLOP/s of its convolutions (forward, weight and
 * input gradients: three times the forward operations), then inference.
 * Run: {@code java -cp ... io.github.cnnclassifier.engine.EngineBenchmark [spec] [size] [channels] [batch] [threads]}.
 */
public final class EngineBenchmark {

	private EngineBenchmark() {}

	/** CPU time of the whole process (all threads), in nanoseconds. */
	private static long cpu() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	public static void main(final String[] args) throws Exception {
		final String spec = args.length > 0 ? args[0] : "vgg-small";
		final int size = args.length > 1 ? Integer.parseInt(args[1]) : 64;
		final int channels = args.length > 2 ? Integer.parseInt(args[2]) : 3;
		final int n = args.length > 3 ? Integer.parseInt(args[3]) : 64;
		final int threads = args.length > 4 ? Integer.parseInt(args[4]) : Runners.threads();
		final int iterations = args.length > 5 ? Integer.parseInt(args[5]) : 20;
		Nd4jBackend.load();
		final InputShape shape = new InputShape(size, size, channels);
		final ComputationGraph net = new ComputationGraph(Architectures.build(Architectures.spec(
			spec), shape, 10, new SgdMomentum(0.01, 0.9), 0, 1, null));
		net.init();
		final Random random = new Random(1);
		final float[] x = new float[n * shape.size()];
		for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
		final int[] labels = new int[n];
		for (int i = 0; i < n; i++) labels[i] = random.nextInt(10);
		try (Plan plan = PlanBuilder.build(net, shape, threads, Set.of())) {
			plan.optimizer(new Optimizer(plan.trainableParams(), 0));
			for (int i = 0; i < 15; i++) plan.fit(x, labels, n);
			final long[] nanos = new long[plan.blocks.size()];
			final long c0 = cpu();
			final long t0 = System.nanoTime();
			for (int i = 0; i < iterations; i++) plan.fit(x, labels, n, nanos);
			final double seconds = (System.nanoTime() - t0) / 1e9;
			final double cpuSeconds = (cpu() - c0) / 1e9;
			System.out.printf(Locale.ROOT, "%s %dx%dx%d batch %d, %d threads, %d lanes%n", spec,
				size, size, channels, n, threads, Kernels.L);
			double flops = 0;
			for (int b = 0; b < plan.blocks.size(); b++) {
				final Block block = plan.blocks.get(b);
				final double s = nanos[b] / 1e9 / iterations;
				flops += block.flops();
				System.out.printf(Locale.ROOT, "  %-40s %7.2f ms %s%n", block.layers, s * 1e3, block
					.flops() > 0 ? String.format(Locale.ROOT, "%6.1f GFLOP/s", 3 * block.flops() * n / s /
						1e9) : "");
			}
			System.out.printf(Locale.ROOT, "training: %.1f img/s, %.1f GFLOP/s; %.1f img per " +
				"CPU second%n", iterations * n / seconds, 3 * flops * iterations * n / seconds / 1e9,
				iterations * n / cpuSeconds);
			final int inferN = 256;
			final float[] xi = new float[inferN * shape.size()];
			for (int i = 0; i < xi.length; i++) xi[i] = (float) random.nextGaussian();
			for (int i = 0; i < 5; i++) plan.output(xi, inferN);
			final long c1 = cpu();
			final long t1 = System.nanoTime();
			final int reps = Math.max(3, args.length > 6 ? Integer.parseInt(args[6]) : iterations / 4);
			for (int i = 0; i < reps; i++) plan.output(xi, inferN);
			final double inferSeconds = (System.nanoTime() - t1) / 1e9;
			System.out.printf(Locale.ROOT, "inference: %.1f img/s, %.1f GFLOP/s; %.1f img per CPU " +
				"second%n", reps * inferN / inferSeconds, flops * reps * inferN / inferSeconds / 1e9,
				reps * inferN / ((cpu() - c1) / 1e9));
		}
	}
}
