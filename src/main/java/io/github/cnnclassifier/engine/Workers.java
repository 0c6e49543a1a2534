package io.github.cnnclassifier.engine;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Runs one task per thread and waits for all of them; the calling thread
 * works as thread 0.
 * <p>
 * NB: the helper threads are daemons in one pool per JVM, grown on demand,
 * like ForkJoinPool's common pool; engines need not be closed to free them.
 * </p>
 */
final class Workers implements AutoCloseable {

	private static ExecutorService shared;

	private final int threads;
	private final ExecutorService pool;

	Workers(final int threads) {
		this.threads = Math.max(1, threads);
		this.pool = this.threads == 1 ? null : pool();
	}

	private static synchronized ExecutorService pool() {
		if (shared == null) {
			shared = Executors.newCachedThreadPool(r -> {
				final Thread t = new Thread(r, "cnn-classifier-engine");
				t.setDaemon(true);
				return t;
			});
		}
		return shared;
	}

	int threads() {
		return threads;
	}

	/** Runs {@code task.accept(t)} for every thread index t and returns when all are done. */
	void run(final IntConsumer task) {
		if (pool == null) {
			task.accept(0);
			return;
		}
		@SuppressWarnings("unchecked")
		final Future<?>[] others = new Future<?>[threads - 1];
		for (int t = 1; t < threads; t++) {
			final int index = t;
			others[t - 1] = pool.submit(() -> task.accept(index));
		}
		RuntimeException failure = null;
		try {
			task.accept(0);
		}
		catch (final RuntimeException e) {
			failure = e;
		}
		for (final Future<?> f : others) {
			try {
				f.get();
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while computing", e);
			}
			catch (final java.util.concurrent.ExecutionException e) {
				if (failure == null) {
					failure = e.getCause() instanceof RuntimeException ? (RuntimeException) e
						.getCause() : new IllegalStateException(e.getCause());
				}
			}
		}
		if (failure != null) throw failure;
	}

	/** First item of thread {@code t}'s share of {@code n} items. */
	int from(final int t, final int n) {
		return (int) ((long) n * t / threads);
	}

	/** End (exclusive) of thread {@code t}'s share of {@code n} items. */
	int to(final int t, final int n) {
		return (int) ((long) n * (t + 1) / threads);
	}

	@Override
	public void close() {
		// NB: the shared pool stays; its idle threads end after a minute.
	}
}
