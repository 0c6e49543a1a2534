package io.github.cnnclassifier.engine;

import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.Nd4jBackend;
import io.github.cnnclassifier.tensor.InputShape;

import java.util.Locale;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Chooses what computes a network: the vector engine where it can (it
 * models every layer, the JVM has the Vector API, ND4J runs on the CPU),
 * else DL4J's layers. The system property {@code cnnclassifier.engine}
 * ({@code auto}, {@code vector}, {@code dl4j}) overrides the choice, and
 * {@code cnnclassifier.threads} the thread count.
 */
public final class Runners {

	/** Name of the module the vector engine needs ({@code --add-modules jdk.incubator.vector}). */
	public static final String VECTOR_MODULE = "jdk.incubator.vector";

	private Runners() {}

	/**
	 * A runner that trains and applies {@code net} (a classifier taking
	 * {@code shape}) with the updaters its layers are configured with: the
	 * vector engine where it can, else DL4J's layers, whose description says
	 * why (naming the layer the engine does not model).
	 *
	 * @throws IllegalStateException if cnnclassifier.engine=vector but the engine cannot compute it
	 */
	public static Runner of(final ComputationGraph net, final InputShape shape) {
		return of(NetworkSource.of(net), shape);
	}

	/**
	 * A runner of {@code model}'s network as {@link #of(ComputationGraph, InputShape)}
	 * chooses it; the vector engine computes from the model's configuration
	 * and parameter values, so that a model read from a file is classified
	 * without building its DL4J network (nor starting ND4J).
	 *
	 * @throws IllegalStateException if cnnclassifier.engine=vector but the engine cannot compute it
	 */
	public static Runner of(final ModelBundle model, final InputShape shape) {
		return of(NetworkSource.of(model), shape);
	}

	private static Runner of(final NetworkSource net, final InputShape shape) {
		final String choice = property();
		if (choice.equals("dl4j")) return new Dl4jRunner(net.network().get(), shape, null);
		final String why = !vectorAvailable() ? "networks in a JVM without --add-modules " +
			VECTOR_MODULE : PlanBuilder.unsupported(net, shape);
		if (why == null && (choice.equals("vector") || !Nd4jBackend.onGpu())) {
			try {
				return new VectorRunner(net, shape, threads());
			}
			catch (final PlanBuilder.Unsupported e) {
				throw new IllegalStateException(e.getMessage(), e);
			}
		}
		if (choice.equals("vector")) {
			throw new IllegalStateException("cnnclassifier.engine=vector, but the engine does " +
				"not compute " + (why == null ? "on a GPU backend" : why));
		}
		return new Dl4jRunner(net.network().get(), shape, why);
	}

	/** Why the vector engine cannot compute {@code net}, naming the layer, or null if it can. */
	public static String unsupported(final ComputationGraph net, final InputShape shape) {
		return PlanBuilder.unsupported(net, shape);
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
		if (Nd4jBackend.gpu(backend)) return "DL4J layers (ND4J runs on CUDA)";
		return "vector engine, " + threads() +
			" threads (networks of the layers it models; others: DL4J layers)";
	}

	private static String property() {
		return System.getProperty("cnnclassifier.engine", "auto").trim().toLowerCase(
			Locale.ROOT);
	}

}
