package io.github.cnnclassifier.testimages;

import java.util.SplittableRandom;

/** Derives independent per-image seeds, so each image depends only on its set, class and index. */
final class Seeds {

	private Seeds() {}

	/** Returns a well-mixed seed for image {@code index} of class {@code label} in the set seeded by {@code base}. */
	static long of(final long base, final int label, final int index) {
		// NB: SplittableRandom's first output is a strong 64-bit mix of its seed,
		// so neighbouring (label, index) pairs give unrelated java.util.Random streams.
		return new SplittableRandom(base * 1_000_003L + label * 10_007L + index)
			.nextLong();
	}
}
