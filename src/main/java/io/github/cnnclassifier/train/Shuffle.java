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

	/** Parses {@link #word()}, ignoring case. */
	public static Shuffle of(final String word) {
		for (final Shuffle s : values()) {
			if (s.word.equalsIgnoreCase(word.trim())) return s;
		}
		throw new TrainingException("shuffle must be every-epoch, once or never, got '" +
			word + "'.");
	}
}
