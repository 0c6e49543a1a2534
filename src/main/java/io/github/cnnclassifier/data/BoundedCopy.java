package io.github.cnnclassifier.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies a stream whose length only its source claims (a zip entry, a
 * download), counting what actually arrives.
 */
public final class BoundedCopy {

	private BoundedCopy() {}

	/**
	 * Copies {@code in} to {@code out} until it ends or more than {@code max}
	 * bytes have come; returns false in the second case (the bytes past
	 * {@code max} are not written).
	 */
	public static boolean copy(final InputStream in, final OutputStream out, final long max)
		throws IOException
	{
		final byte[] buffer = new byte[1 << 16];
		long total = 0;
		for (int n; (n = in.read(buffer)) > 0;) {
			total += n;
			if (total > max) return false;
			out.write(buffer, 0, n);
		}
		return true;
	}
}
