package io.github.cnnclassifier.model;

import io.github.cnnclassifier.data.ImageHash;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The hashes of the images a model trained on, so that an evaluation can
 * tell when it is shown them again: per image the first 64 bits of its exact
 * hash and its 64-bit perceptual hash ({@link ImageHash}), 16 bytes, stored
 * in the model file as the binary entry {@value #ENTRY}.
 */
public final class TrainingHashes {

	/** The model file's entry. */
	public static final String ENTRY = "training-hashes.bin";

	/** What a match is: the same pixels, or a near copy. */
	public enum Match { EXACT, NEAR }

	/** "CNNH", the version, the count; then per image its exact and perceptual hash. */
	private static final int MAGIC = 0x434e4e48, VERSION = 1, HEADER = 12, PER_IMAGE = 16;

	/** NB: 4 million images; a larger entry is a damaged or crafted file. */
	static final long LIMIT = HEADER + PER_IMAGE * (4L << 20);

	private final long[] exact, near;
	/** Guarded by this; made on first use: a model read to classify never asks. */
	private Set<Long> exactSet;

	private TrainingHashes(final long[] exact, final long[] near) {
		this.exact = exact;
		this.near = near;
	}

	private synchronized Set<Long> exactSet() {
		if (exactSet == null) {
			exactSet = new HashSet<>();
			for (final long e : exact) exactSet.add(e);
		}
		return exactSet;
	}

	/** The hashes given, those of images that could not be opened (null) left out. */
	public static TrainingHashes of(final List<ImageHash> hashes) {
		final List<ImageHash> known = hashes.stream().filter(h -> h != null).toList();
		final long[] exact = new long[known.size()], near = new long[known.size()];
		for (int i = 0; i < exact.length; i++) {
			exact[i] = exactPrefix(known.get(i));
			near[i] = known.get(i).near();
		}
		return new TrainingHashes(exact, near);
	}

	/** Images hashed. */
	public int size() {
		return exact.length;
	}

	/**
	 * These and {@code other}'s images, each once: e.g. with those a resumed
	 * or transferred model trained on before.
	 */
	public TrainingHashes plus(final TrainingHashes other) {
		final long[] e = Arrays.copyOf(exact, exact.length + other.exact.length);
		final long[] n = Arrays.copyOf(near, near.length + other.near.length);
		int count = exact.length;
		for (int i = 0; i < other.exact.length; i++) {
			if (exactSet().contains(other.exact[i])) continue;
			e[count] = other.exact[i];
			n[count++] = other.near[i];
		}
		return new TrainingHashes(Arrays.copyOf(e, count), Arrays.copyOf(n, count));
	}

	/**
	 * Whether {@code image} is one of these images ({@link Match#EXACT}), a
	 * near copy of one (perceptual hashes at most {@link ImageHash#NEAR_BITS}
	 * apart, as training's duplicate check), or neither (null).
	 */
	public Match match(final ImageHash image) {
		if (exactSet().contains(exactPrefix(image))) return Match.EXACT;
		final long bits = image.near();
		for (final long n : near) {
			if (ImageHash.areNear(bits, n)) return Match.NEAR;
		}
		return null;
	}

	/** The entry's bytes. */
	byte[] bytes() {
		final ByteBuffer b = ByteBuffer.allocate(HEADER + PER_IMAGE * exact.length);
		b.putInt(MAGIC).putInt(VERSION).putInt(exact.length);
		for (int i = 0; i < exact.length; i++) b.putLong(exact[i]).putLong(near[i]);
		return b.array();
	}

	/**
	 * Reads the entry's bytes.
	 *
	 * @throws ModelException naming {@code source} if they are not such an entry
	 */
	static TrainingHashes read(final byte[] bytes, final String source) {
		final ByteBuffer b = ByteBuffer.wrap(bytes);
		if (bytes.length < HEADER || b.getInt() != MAGIC || b.getInt() > VERSION) {
			throw new ModelException(source + " has a damaged " + ENTRY + " (or one written by " +
				"a newer CNN Classifier); train the model again.");
		}
		final long count = b.getInt();
		if (count < 0 || HEADER + PER_IMAGE * count != bytes.length) {
			throw new ModelException(source + " has a damaged " + ENTRY + ": it declares " +
				count + " images but holds " + (bytes.length - HEADER) + " bytes of hashes; " +
				"train the model again.");
		}
		final long[] exact = new long[(int) count], near = new long[(int) count];
		for (int i = 0; i < count; i++) {
			exact[i] = b.getLong();
			near[i] = b.getLong();
		}
		return new TrainingHashes(exact, near);
	}

	/** The first 64 bits of the image's exact hash. */
	private static long exactPrefix(final ImageHash h) {
		return Long.parseUnsignedLong(h.exact().substring(0, 16), 16);
	}
}
