package io.github.cnnclassifier.data;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Fills the next mini-batch on a background thread while the current one is
 * computed, in two reused buffers; NB: so decoding images (and augmenting
 * them) overlaps with computing, with two batches in memory at most. For one
 * consumer thread; {@link #close()} stops the background thread.
 *
 * @param <B> a buffer for one mini-batch
 */
public final class Prefetcher<B> implements AutoCloseable {

	private final Object[] buffers;
	private final ExecutorService reader;
	private Future<Integer> next;
	private int current = 1;

	/**
	 * @param thread the background thread's name
	 * @param buffer makes each of the two buffers
	 */
	public Prefetcher(final String thread, final Supplier<B> buffer) {
		this.buffers = new Object[] { buffer.get(), buffer.get() };
		this.reader = Executors.newSingleThreadExecutor(r -> {
			final Thread t = new Thread(r, thread);
			t.setDaemon(true);
			return t;
		});
	}

	/** Starts filling the buffer that is not current; {@code fill} returns how many samples it wrote. */
	public void prefetch(final ToIntFunction<B> fill) {
		final B into = buffer(1 - current);
		next = reader.submit(() -> fill.applyAsInt(into));
	}

	/**
	 * Waits for the prefetched batch and makes its buffer current.
	 *
	 * @return how many samples it holds
	 * @throws CancellationException if this thread is interrupted meanwhile
	 */
	public int take() {
		try {
			final int count = next.get();
			current = 1 - current;
			return count;
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CancellationException("Interrupted while reading images");
		}
		catch (final ExecutionException e) {
			if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
			if (e.getCause() instanceof Error) throw (Error) e.getCause();
			throw new IllegalStateException(e.getCause());
		}
	}

	/** The buffer {@link #take()} made current. */
	public B current() {
		return buffer(current);
	}

	@Override
	public void close() {
		reader.shutdownNow();
	}

	@SuppressWarnings("unchecked")
	private B buffer(final int i) {
		return (B) buffers[i];
	}
}
