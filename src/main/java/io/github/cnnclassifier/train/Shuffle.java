package io.github.cnnclassifier.train;

/** When training images are shuffled, as MATLAB's 'Shuffle' option. */
public enum Shuffle {
	/** Before every epoch (MATLAB's default). */
	EVERY_EPOCH("every-epoch"),
	/** Once, before the first epoch. */
	ONCE("once"),
	/** Never: the order of the folder. */
	NEVER("never");

	private final String word;

	Shuffle(final String word) {
		this.word = word;
	}

	/** The name users write: every-epoch, once or never. */
	public String word() {
		return word;
	}

	/** Puts {@code order} in a random order (Fisher-Yates): the same Random, the same order. */
	public static void permute(final int[] order, final java.util.Random random) {
		for (int i = order.length - 1; i > 0; i--) {
			final int j = random.nextInt(i + 1);
			final int t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
	}

	/** Parses {@link #word()}, ignoring case. */
	public static Shuffle of(final String word) {
		for (final Shuffle s : values()) {
			if (s.word.equalsIgnoreCase(word.trim())) return s;
		}
		throw new TrainingException("shuffle must be every-epoch, once or never, got '" +
			word + "'.");
	}
}
