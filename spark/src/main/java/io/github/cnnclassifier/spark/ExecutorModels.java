package io.github.cnnclassifier.spark;

import io.github.cnnclassifier.api.CnnModel;
import io.github.cnnclassifier.predict.Classifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.spark.SparkEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models open in this JVM (an executor, or the driver in local mode):
 * the model file's bytes are written to a local file once per JVM, and each
 * task that runs at the same time borrows its own network (networks are not
 * thread-safe), which later tasks reuse.
 * <p>
 * NB: static, because a Spark executor has no other place that lives from
 * one task to the next; it holds nothing but models keyed by their hash.
 * </p>
 */
final class ExecutorModels {

	private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);

	/** Guarded by the class. */
	private static final Map<String, Path> FILES = new HashMap<>();
	/** Guarded by the class. */
	private static final Map<String, Deque<Classifier>> IDLE = new HashMap<>();
	/** Guarded by the class. */
	private static final Map<String, Integer> OPENED = new HashMap<>();

	private ExecutorModels() {}

	/**
	 * An idle model of {@code id}, or a newly opened one; give it back with
	 * {@link #giveBack}.
	 *
	 * @param name the model file's name (its extension says its kind)
	 * @param bytes the model file's bytes, asked for only on the first call in this JVM
	 * @throws io.github.cnnclassifier.model.ModelException if the bytes are not a model
	 */
	static Classifier borrow(final String id, final String name, final Supplier<byte[]> bytes) {
		final Path file;
		synchronized (ExecutorModels.class) {
			final Deque<Classifier> idle = IDLE.get(id);
			if (idle != null && !idle.isEmpty()) return idle.pop();
			file = FILES.computeIfAbsent(id, k -> write(name, bytes.get()));
		}
		final Classifier model = new Classifier(CnnModel.open(file).bundle());
		final int opened;
		synchronized (ExecutorModels.class) {
			opened = OPENED.merge(id, 1, Integer::sum);
		}
		LOG.info("CNN Classifier on executor {}: model {} ({} classes, network {} of this " +
			"JVM) computed by {}", executor(), name, model.model().labels().size(), opened, model
				.engine());
		return model;
	}

	/** Keeps {@code model} for the next task of this JVM. */
	static synchronized void giveBack(final String id, final Classifier model) {
		IDLE.computeIfAbsent(id, k -> new ArrayDeque<>()).push(model);
	}

	private static Path write(final String name, final byte[] bytes) {
		try {
			final Path dir = Files.createTempDirectory("cnn-classifier-model");
			final Path file = dir.resolve(Path.of(name).getFileName().toString());
			Files.write(file, bytes);
			file.toFile().deleteOnExit();
			dir.toFile().deleteOnExit();
			return file;
		}
		catch (final IOException e) {
			throw new UncheckedIOException("Cannot keep the model on this executor: " + e
				.getMessage(), e);
		}
	}

	private static String executor() {
		final SparkEnv env = SparkEnv.get();
		return env == null ? "(none)" : env.executorId();
	}
}
