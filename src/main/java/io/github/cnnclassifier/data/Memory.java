package io.github.cnnclassifier.data;

import io.github.cnnclassifier.tensor.InputShape;

import java.util.Locale;

/**
 * Checks, before a large allocation, that the Java heap can give it, so that
 * a huge image or option ends in one message naming it instead of an
 * OutOfMemoryError.
 */
public final class Memory {

	/**
	 * NB: a tenth of the free heap stays in reserve for what runs alongside
	 * (other decoding threads, the engine's buffers).
	 */
	private static final double USABLE = 0.9;

	private Memory() {}

	/** Bytes the heap can still give: its maximum minus what is in use now (garbage included). */
	public static long available() {
		final Runtime r = Runtime.getRuntime();
		return r.maxMemory() - (r.totalMemory() - r.freeMemory());
	}

	/**
	 * Returns if {@code bytes} fit in the free heap ({@link #fits}), else throws.
	 *
	 * @param what what needs the memory, naming the file or option, e.g.
	 *          "Image /data/big.tif (20000x20000 pixels)"
	 * @param advice what the user can change, e.g. "Use a smaller mini_batch_size."
	 * @throws DataException saying how much is needed and how much is free
	 */
	public static void require(final long bytes, final String what, final String advice) {
		if (fits(bytes)) return;
		throw new DataException(what + " needs " + format(bytes) + " of memory; the Java " +
			"heap has " + format(available()) + " free of " + format(Runtime.getRuntime()
				.maxMemory()) + ". " + advice + " (Or give Java more memory: -Xmx, e.g. " +
			"JAVA_OPTS=-Xmx8g, or Edit > Options > Memory in Fiji.)");
	}

	/**
	 * Checks that {@code copies} mini-batches of {@code batch} samples of
	 * {@code shape}, a model's input, each fit one Java array and, together, the free heap.
	 *
	 * @throws DataException naming mini_batch_size and the model's input size
	 */
	public static void requireBatches(final int batch, final int copies,
		final InputShape shape)
	{
		final String what = "mini_batch_size=" + batch + " (images of " + shape + ")";
		// NB: when one image is already too much, the model's input is to blame, not the batch.
		final String advice = (long) copies * shape.bytes() <= available() * USABLE
			? "Use a smaller mini_batch_size, e.g. 128." : "Even one image does not fit: " +
				shape + " is the input size the model file declares; use a model with a smaller " +
				"input size.";
		if ((long) batch * shape.size() > Integer.MAX_VALUE - 8) {
			throw new DataException(what + " makes a mini-batch of " + (long) batch * shape
				.size() + " values, more than one Java array holds (2^31). " + advice);
		}
		require(copies * batch * shape.bytes(), what, advice);
	}

	/**
	 * Whether {@code bytes} fit in the free heap.
	 * NB: memory in use includes garbage not yet collected, so a check that
	 * fails is repeated once after a garbage collection.
	 */
	public static boolean fits(final long bytes) {
		if (fitsNow(bytes)) return true;
		System.gc();
		return fitsNow(bytes);
	}

	private static boolean fitsNow(final long bytes) {
		return bytes >= 0 && bytes <= available() * USABLE;
	}

	/** Bytes as people read them: "812 MB", "1.6 GB", "6.4 TB". */
	public static String format(final long bytes) {
		final String[] units = { "bytes", "kB", "MB", "GB", "TB", "PB" };
		double v = bytes;
		int u = 0;
		while (v >= 1000 && u < units.length - 1) {
			v /= 1000;
			u++;
		}
		return u == 0 ? bytes + " bytes" : String.format(Locale.ROOT, v < 10 ? "%.1f %s" :
			"%.0f %s", v, units[u]);
	}
}
