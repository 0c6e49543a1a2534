package io.github.cnnclassifier.folder;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.tensor.ImageSamples;
import io.github.cnnclassifier.tensor.InputShape;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Decodes files on background threads, in order, while less than a
 * mini-batch of samples waits ahead (decoded or being decoded); the caller
 * takes them oldest first with {@link #next()}.
 * <p>
 * NB: a decoder waits before it starts a file, never after, so the oldest
 * file always finishes and the caller always makes progress. A file is
 * decoded whole, so one huge stack takes its own size on top.
 * </p>
 */
final class ReadAhead implements AutoCloseable {

	/** One file, decoded and fitted to the model's input, or why not. */
	static final class Decoded {

		final String file;
		float[] x;
		int[] slices;
		int count;
		/** Why the file cannot be classified; null if it can. */
		String error;
		/** Whether {@link #error} says that the file does not fit the model (not that it is unreadable). */
		boolean misfit;
		Throwable failure;
		boolean done;

		Decoded(final String file) {
			this.file = file;
		}
	}

	private final FolderFiles folder;
	private final Iterator<String> files;
	private final InputShape shape;
	private final int batchSize;
	private final ExecutorService pool;
	/** Files taken, in order; the head is the next one to hand out. Guarded by this. */
	private final Deque<Decoded> window = new ArrayDeque<>();
	/** Samples decoded in the window. Guarded by this. */
	private long ahead;
	/** Files being decoded. Guarded by this. */
	private int running;
	/** Samples decoded and not yet released by the caller. Guarded by this. */
	private long held;
	private long peak;
	private boolean listed;
	private boolean stopped;
	private RuntimeException listingFailure;

	/**
	 * Starts {@code threads} decoders on {@code files} ('/'-separated paths
	 * relative to {@code folder}).
	 */
	ReadAhead(final FolderFiles folder, final Iterator<String> files, final InputShape shape,
		final int batchSize, final int threads)
	{
		this.folder = folder;
		this.files = files;
		this.shape = shape;
		this.batchSize = batchSize;
		this.pool = Executors.newFixedThreadPool(threads, r -> {
			final Thread t = new Thread(r, "cnn-classifier-decode");
			t.setDaemon(true);
			return t;
		});
		for (int t = 0; t < threads; t++) pool.execute(this::decodeLoop);
	}

	/**
	 * The oldest file once decoded, or null when all are done.
	 *
	 * @throws DataException if a folder cannot be listed, or the thread is interrupted
	 */
	synchronized Decoded next() {
		try {
			while (true) {
				if (listingFailure != null) throw listingFailure;
				final Decoded head = window.peekFirst();
				if (head != null && head.done) {
					window.removeFirst();
					ahead -= head.count;
					notifyAll();
					if (head.failure instanceof Error) throw (Error) head.failure;
					if (head.failure != null) throw (RuntimeException) head.failure;
					return head;
				}
				if (head == null && listed && running == 0) return null;
				wait();
			}
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new DataException("Classifying " + folder.folder() + " was interrupted.");
		}
	}

	/** The caller is done with {@code n} samples it took. */
	synchronized void release(final int n) {
		held -= n;
	}

	/** The most decoded samples held at once, waiting or being classified. */
	synchronized long peak() {
		return peak;
	}

	/** Ends the decoder threads. */
	@Override
	public void close() {
		synchronized (this) {
			stopped = true;
			window.clear();
			notifyAll();
		}
		pool.shutdownNow();
	}

	/** What each decoder thread runs: take the next file when there is room, decode it. */
	private void decodeLoop() {
		while (true) {
			final Decoded d;
			synchronized (this) {
				try {
					while (!stopped && !listed && !(ahead + running < batchSize || (window
						.isEmpty() && running == 0)))
					{
						wait();
					}
				}
				catch (final InterruptedException e) {
					return;
				}
				if (stopped || listed) return;
				try {
					if (!files.hasNext()) {
						listed = true;
						notifyAll();
						return;
					}
					d = new Decoded(files.next());
				}
				catch (final RuntimeException e) {
					listingFailure = e;
					listed = true;
					notifyAll();
					return;
				}
				window.addLast(d);
				running++;
			}
			decode(d);
			synchronized (this) {
				d.done = true;
				running--;
				ahead += d.count;
				held += d.count;
				peak = Math.max(peak, held);
				notifyAll();
			}
		}
	}

	private void decode(final Decoded d) {
		try {
			final ImageSamples samples;
			try {
				samples = new ImageSamples(folder.open(d.file), shape);
			}
			catch (final IllegalArgumentException e) {
				d.misfit = true;
				throw e;
			}
			final int n = samples.count();
			final int size = shape.size();
			if ((long) n * size > Integer.MAX_VALUE - 8) {
				throw new IllegalArgumentException("it has too many planes (" + n + ") to " +
					"classify at once; split it into smaller stacks");
			}
			final float[] x = new float[n * size];
			final int[] slices = new int[n];
			for (int i = 0; i < n; i++) {
				samples.fill(i, x, i * size);
				slices[i] = samples.planes(i)[0];
			}
			d.x = x;
			d.slices = slices;
			d.count = n;
		}
		catch (final DataException e) {
			d.error = e.getMessage();
		}
		catch (final IllegalArgumentException e) {
			d.error = "Cannot classify image " + folder.path(d.file) + ": " + e.getMessage() +
				".";
		}
		catch (final RuntimeException | Error e) {
			d.failure = e;
		}
	}
}
