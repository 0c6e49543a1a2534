package io.github.cnnclassifier.model;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * Reads the values of an array written by ND4J's {@code Nd4j.write} (the
 * {@code coefficients.bin} and {@code updaterState.bin} of a DL4J model zip)
 * as plain floats, checking every length against what the bytes can hold
 * before allocating. NB: ND4J's own reader allocates whatever a header
 * claims, so a crafted 4 KB entry could ask for gigabytes; and this one needs
 * no ND4J backend.
 */
public final class NdArrays {

	private NdArrays() {}

	/**
	 * The values of the array in {@code bytes}, which must hold exactly
	 * {@code expected} of them.
	 *
	 * @param what the entry, for messages
	 * @throws ModelException if the bytes are not such an array
	 */
	public static float[] readFloats(final byte[] bytes, final long expected, final String what) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
			final Header shapeHeader = header(in, bytes.length, what);
			if (shapeHeader.type != Type.LONG && shapeHeader.type != Type.INT) {
				throw damaged(what, "its shape is stored as " + shapeHeader.type);
			}
			final long[] shapeInfo = new long[(int) shapeHeader.length];
			for (int i = 0; i < shapeInfo.length; i++) {
				shapeInfo[i] = shapeHeader.type == Type.LONG ? in.readLong() : in.readInt();
			}
			final int rank = (int) shapeInfo[0];
			if (rank < 0 || rank > 32 || shapeInfo.length != 2L * rank + 4) {
				throw damaged(what, "its shape header is inconsistent");
			}
			long elements = 1;
			for (int d = 1; d <= rank; d++) {
				if (shapeInfo[d] < 0) throw damaged(what, "it has a negative size");
				elements = Math.multiplyExact(elements, Math.max(1, shapeInfo[d]));
			}
			final Header data = header(in, bytes.length, what);
			if (elements != expected || data.length != expected) {
				throw new ModelException("The " + what + " holds " + data.length + " values, but " +
					"the network needs " + expected + ": the file is damaged or was altered.");
			}
			if (data.type != Type.FLOAT && data.type != Type.DOUBLE) {
				throw damaged(what, "its values are stored as " + data.type);
			}
			final float[] values = new float[(int) expected];
			for (int i = 0; i < values.length; i++) {
				values[i] = data.type == Type.FLOAT ? in.readFloat() : (float) in.readDouble();
			}
			if (in.available() != 0) throw damaged(what, "it has bytes after its values");
			return values;
		}
		catch (final IOException | IllegalArgumentException | ArithmeticException e) {
			throw damaged(what, e.getMessage() == null ? e.toString() : e.getMessage());
		}
	}

	private enum Type {
		LONG(8), INT(4), FLOAT(4), DOUBLE(8);

		final int bytes;

		Type(final int bytes) {
			this.bytes = bytes;
		}
	}

	private record Header(long length, Type type) {}

	/** An ND4J buffer header: allocation mode, length, data type; the length is checked against the bytes. */
	private static Header header(final DataInputStream in, final int size, final String what)
		throws IOException
	{
		final String mode = in.readUTF();
		final long length;
		switch (mode) {
			case "DIRECT", "HEAP", "JAVACPP" -> length = in.readInt();
			case "LONG_SHAPE", "MIXED_DATA_TYPES" -> length = in.readLong();
			default -> throw damaged(what, "unknown buffer mode '" + cut(mode) + "'");
		}
		final String name = in.readUTF();
		final Type type;
		try {
			type = Type.valueOf(name);
		}
		catch (final IllegalArgumentException e) {
			throw damaged(what, "values of type '" + cut(name) + "' are not supported");
		}
		if (length < 0 || length > (long) size / type.bytes) {
			throw damaged(what, "it claims " + length + " values but has " + size + " bytes");
		}
		return new Header(length, type);
	}

	private static String cut(final String s) {
		return s.length() > 40 ? s.substring(0, 40) + "..." : s;
	}

	private static ModelException damaged(final String what, final String why) {
		return new ModelException("The " + what + " is not a valid array (" + why +
			"): the file is damaged or was altered.");
	}
}
