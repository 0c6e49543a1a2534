package io.github.cnnclassifier.folder;

import java.util.Locale;

/**
 * How far a folder run is.
 *
 * @param done files done in this run (classified or skipped)
 * @param total files this run has to do, or -1 while they are still being counted
 * @param seconds since the run started
 */
public record FolderProgress(long done, long total, double seconds) {

	/** Estimated seconds left, from the pace so far; NaN until it can be told. */
	public double secondsLeft() {
		if (total < 0 || done == 0) return Double.NaN;
		return seconds / done * Math.max(0, total - done);
	}

	/** Fraction done, 0 to 1; 0 while the total is unknown. */
	public double fraction() {
		return total <= 0 ? 0 : Math.min(1, (double) done / total);
	}

	/** E.g. "1,234 of 5,000 files (24.7 %), 0:01:12 left". */
	public String line() {
		if (total < 0) return String.format(Locale.ROOT, "%,d files", done);
		final double left = secondsLeft();
		return String.format(Locale.ROOT, "%,d of %,d files (%.1f %%)%s", done, total, 100 *
			fraction(), Double.isNaN(left) ? "" : ", " + clock(left) + " left");
	}

	private static String clock(final double seconds) {
		final long s = Math.round(seconds);
		return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
	}
}
