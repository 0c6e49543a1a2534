package io.github.cnnclassifier.model;

import java.util.Properties;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Starts ND4J the way Fiji needs and says which engine runs. */
public final class Nd4jBackend {

	private Nd4jBackend() {}

	/**
	 * Loads ND4J's backend once; call before the first ND4J use.
	 * <p>
	 * NB: ND4J finds its backend with ServiceLoader through the thread's
	 * context class loader, which in Fiji (and in ImageJ 1.x macros) does not
	 * see the plugin's jars; so the plugin's own loader is put in for the load.
	 * </p>
	 */
	public static synchronized void load() {
		final Thread thread = Thread.currentThread();
		final ClassLoader saved = thread.getContextClassLoader();
		thread.setContextClassLoader(Nd4jBackend.class.getClassLoader());
		try {
			Nd4j.getBackend();
			Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
		}
		finally {
			thread.setContextClassLoader(saved);
		}
	}

	/** One line naming the backend, BLAS and thread count, e.g. for the log. */
	public static String describe() {
		load();
		final Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
		return "ND4J " + Nd4j.getBackend().getClass().getSimpleName() + " (" +
			env.getOrDefault("backend", "?") + ", " + env.getOrDefault("blas.vendor", "?") +
			"), " + env.getOrDefault("omp.threads", "?") + " threads";
	}
}
