package io.github.cnnclassifier.engine;

import io.github.cnnclassifier.tensor.InputShape;

import java.util.Locale;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Chooses what computes a network: the vector engine where it can (the
 * network has its shape, the JVM has the Vector API, ND4J runs on the CPU),
 * else DL4J's layers. The system property {@code cnnclassifier.engine}
 * ({@code auto}, {@code vector}, {@code dl4j}) overrides the choice, and
 * {@code cnnclassifier.threads} the thread count.
 */
public final class Runners {

	/** Name of the module the vector engine needs ({@code --add-modules jdk.incubator.vector}). */
	public static final String VECTOR_MODULE = "jdk.incubator.vector";

	private Runners() {}

	/** A runner that trains {@code net} with one of MATLAB's solvers (sgdm, adam, rmsprop). */
	public static Runner training(final MultiLayerNetwork net, final InputShape shape,
		final String solver, final double learnRate, final double momentum, final double l2)
	{
		if (useVector(net)) {
			return new VectorRunner(net, shape, threads()).training(solver, learnRate, momentum,
				l2);
		}
		return new Dl4jRunner(net, chw(shape));
	}

	/** A runner for the outputs of {@code net}. */
	public static Runner inference(final MultiLayerNetwork net, final InputShape shape) {
		return useVector(net) ? new VectorRunner(net, shape, threads()) : new Dl4jRunner(net,
			chw(shape));
	}

	/**
	 * Starts compiling the vector engine's kernels in the background (once per
	 * JVM), so that training does not start slow; call it before reading images.
	 */
	public static void warmUp() {
		if (!property().equals("dl4j")) WarmUp.start();
	}

	/** Waits (at most {@code millis}) for {@link #warmUp()} to finish, e.g. before timing. */
	public static void awaitWarmUp(final long millis) {
		WarmUp.await(millis);
	}

	/** Whether this JVM can run the vector engine at all. */
	public static boolean vectorAvailable() {
		return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
	}

	/** Threads the vector engine uses: all processors unless {@code cnnclassifier.threads} says. */
	public static int threads() {
		final String p = System.getProperty("cnnclassifier.threads");
		return p != null ? Math.max(1, Integer.parseInt(p.trim())) : Runtime.getRuntime()
			.availableProcessors();
	}

	/**
	 * In words, what computes a conv-BN-ReLU network with a softmax output,
	 * given whether the JVM has the Vector API and ND4J's backend class name.
	 */
	public static String choice(final boolean vector, final String backend) {
		final String choice = property();
		if (choice.equals("dl4j")) return "DL4J layers (cnnclassifier.engine=dl4j)";
		if (choice.equals("vector")) {
			return vector ? "vector engine, " + threads() + " threads (cnnclassifier.engine=vector)"
				: "none: cnnclassifier.engine=vector, but the JVM lacks --add-modules " +
					VECTOR_MODULE + "; training will stop with an error";
		}
		if (!vector) return "DL4J layers (no Vector API in this JVM: add --add-modules " +
			VECTOR_MODULE + ")";
		if (gpu(backend)) return "DL4J layers (ND4J runs on CUDA)";
		return "vector engine, " + threads() +
			" threads (conv-BN-ReLU networks with a softmax output; others: DL4J layers)";
	}

	/** Whether ND4J's backend (class name) computes on a GPU: its CUDA backend is JCublasBackend. */
	static boolean gpu(final String backend) {
		final String name = backend.toLowerCase(Locale.ROOT);
		return name.contains("cuda") || name.contains("jcublas");
	}

	private static String property() {
		return System.getProperty("cnnclassifier.engine", "auto").trim().toLowerCase(
			Locale.ROOT);
	}

	private static boolean useVector(final MultiLayerNetwork net) {
		final String choice = property();
		if (choice.equals("dl4j")) return false;
		final boolean possible = vectorAvailable() && ConvNet.supports(net);
		if (choice.equals("vector")) {
			if (!possible) {
				throw new IllegalStateException("cnnclassifier.engine=vector, but " + (vectorAvailable()
					? "this network is not conv-BN-ReLU blocks with a softmax output"
					: "the JVM lacks --add-modules " + VECTOR_MODULE));
			}
			return true;
		}
		return possible && !gpu(Nd4j.getBackend().getClass().getName());
	}

	private static int[] chw(final InputShape s) {
		return new int[] { s.channels(), s.height(), s.width() };
	}
}
