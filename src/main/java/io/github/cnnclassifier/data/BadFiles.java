package io.github.cnnclassifier.data;

/** What to do with an image file that cannot be used: skip it and report, or stop. */
public enum BadFiles {
	/** Leave the file out and name it in the report. */
	SKIP("skip"),
	/** Stop with an error naming the file. */
	STOP("stop");

	private final String word;

	BadFiles(final String word) {
		this.word = word;
	}

	/** The word users write in a macro or on the command line. */
	public String word() {
		return word;
	}

	/** Parses {@link #word()}, ignoring case. */
	public static BadFiles of(final String word) {
		for (final BadFiles b : values()) {
			if (b.word.equalsIgnoreCase(word.trim())) return b;
		}
		throw new DataException("on_bad_file must be 'skip' or 'stop', got '" + word + "'.");
	}
}
