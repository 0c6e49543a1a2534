package io.github.cnnclassifier.interop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/** NumPy's {@code .npy} format (version 1.0) for little-endian float32 arrays in C order. */
public final class Npy {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0 };

	private Npy() {}

	/** The bytes of a {@code .npy} file holding {@code values} of {@code shape}. */
	public static byte[] write(final float[] values, final long... shape) {
		if (Arrays.stream(shape).reduce(1, (a, b) -> a * b) != values.length) {
			throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " +
				values.length + " values");
		}
		final String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors
			.joining(", ")) + (shape.length == 1 ? "," : "");
		final StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, " +
			"'shape': (" + dims + "), }");
		// NB: magic, version and length (10 bytes) plus the header end on a multiple of 64, with a newline.
		while ((10 + header.length() + 1) % 64 != 0) header.append(' ');
		header.append('\n');
		final byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
		final ByteBuffer b = ByteBuffer.allocate(10 + h.length + 4 * values.length).order(
			ByteOrder.LITTLE_ENDIAN);
		b.put(MAGIC).putShort((short) h.length).put(h);
		b.asFloatBuffer().put(values);
		return b.array();
	}

	/** The float32 values of a {@code .npy} file written by {@link #write}. */
	public static float[] read(final byte[] npy) {
		if (npy.length < 10 || !Arrays.equals(Arrays.copyOf(npy, 8), MAGIC)) {
			throw new IllegalArgumentException("not a version 1.0 .npy file");
		}
		final ByteBuffer b = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
		final int headerLength = Short.toUnsignedInt(b.getShort(8));
		final String header = new String(npy, 10, Math.min(headerLength, npy.length - 10),
			StandardCharsets.US_ASCII);
		if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) {
			throw new IllegalArgumentException("not a little-endian float32 C-order array: " +
				header.trim());
		}
		final int offset = 10 + headerLength;
		final float[] v = new float[(npy.length - offset) / 4];
		b.position(offset);
		b.asFloatBuffer().get(v);
		return v;
	}
}
