package io.github.cnnclassifier.model;

import java.util.Locale;
import java.util.Properties;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Starts ND4J the way Fiji needs and says which engine runs. */
public final class Nd4jBackend {

	/** ND4J's CUDA backend. */
	private static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

	private Nd4jBackend() {}

	/** Guarded by the class. */
	private static boolean loaded, started;
	/** What the first load threw, thrown again by every later one; guarded by the class. */
	private static Throwable failure;

	/**
	 * Loads ND4J's backend once; call before the first ND4J use.
	 * <p>
	 * NB: ND4J finds its backend with ServiceLoader through the thread's
	 * context class loader, which in Fiji (and in ImageJ 1.x macros) does not
	 * see the plugin's jars; so the plugin's own loader is put in for the load.
	 * A failed load is thrown again as it was (a second try would only say
	 * "Could not initialize class", without the missing library's name).
	 * </p>
	 */
	public static synchronized void load() {
		if (failure instanceof Error e) throw e;
		if (failure instanceof RuntimeException e) throw e;
		if (loaded) return;
		final Thread thread = Thread.currentThread();
		final ClassLoader saved = thread.getContextClassLoader();
		thread.setContextClassLoader(Nd4jBackend.class.getClassLoader());
		try {
			Nd4j.getBackend();
			Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
			loaded = true;
		}
		catch (final RuntimeException | Error e) {
			failure = e;
			throw e;
		}
		finally {
			thread.setContextClassLoader(saved);
		}
	}

	/**
	 * Starts {@link #load()} on a background thread (once per JVM) and returns
	 * at once; a later {@code load()} waits for it, or throws what it threw.
	 * <p>
	 * NB: the native start-up (libraries, BLAS, thousands of classes) took a
	 * third of a model's first read; reading the zip and parsing the network's
	 * configuration need no ND4J, so the two run side by side (measured: the
	 * caller's thread spent 0.5 s of CPU on the first read instead of 0.7 s).
	 * </p>
	 */
	public static synchronized void loadInBackground() {
		if (started || loaded || failure != null) return;
		started = true;
		final Thread thread = new Thread(() -> {
			try {
				load();
			}
			catch (final RuntimeException | Error e) {
				// NB: kept in failure; the caller's load() throws it where it is reported.
			}
		}, "cnn-classifier-nd4j-start");
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Whether ND4J computes on a GPU. NB: starts ND4J only where its CUDA
	 * backend is on the class path, so that the vector engine can classify
	 * without ND4J.
	 */
	public static boolean onGpu() {
		try {
			Class.forName(CUDA_BACKEND, false, Nd4jBackend.class.getClassLoader());
		}
		catch (final ClassNotFoundException | LinkageError e) {
			return false;
		}
		load();
		return gpu(Nd4j.getBackend().getClass().getName());
	}

	/** Whether ND4J's backend (class name) computes on a GPU: its CUDA backend is JCublasBackend. */
	public static boolean gpu(final String backend) {
		final String name = backend.toLowerCase(Locale.ROOT);
		return name.contains("cuda") || name.contains("jcublas");
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
