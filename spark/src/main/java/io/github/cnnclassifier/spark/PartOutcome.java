package io.github.cnnclassifier.spark;

import io.github.cnnclassifier.folder.ClassCounts;
import io.github.cnnclassifier.folder.FolderSummary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a part's classification counted beside its rows: rows per class, the
 * files read, the files skipped and why. Kept beside the part's CSV, so a
 * re-run reads it instead of classifying again.
 */
public final class PartOutcome {

	final long[] counts;
	long files;
	final List<String> skipped = new ArrayList<>();

	PartOutcome(final int classes) {
		counts = new long[classes];
	}

	/** What a part's run of Classify Folder's loop counted. */
	static PartOutcome of(final FolderSummary summary) {
		final ClassCounts c = summary.counts();
		final PartOutcome o = new PartOutcome(c.labels().size());
		for (int k = 0; k < o.counts.length; k++) o.counts[k] = c.count(k);
		o.files = summary.files();
		o.skipped.addAll(summary.skipped());
		return o;
	}

	/** As text: one line of counts, one of files read, one per skipped file. */
	String text() {
		final StringBuilder sb = new StringBuilder("counts");
		for (final long c : counts) sb.append('\t').append(c);
		sb.append("\nfiles\t").append(files).append('\n');
		// NB: a reason is one line; any line break in a file name would make it two.
		for (final String s : skipped) sb.append("skipped\t").append(s.replaceAll("[\r\n]+",
			" ")).append('\n');
		return sb.toString();
	}

	/**
	 * Reads {@link #text()} back.
	 *
	 * @throws IllegalArgumentException if it is not such a text for {@code classes} classes
	 */
	static PartOutcome parse(final String text, final int classes) {
		final PartOutcome o = new PartOutcome(classes);
		boolean counted = false;
		for (final String line : text.split("\n")) {
			final String[] f = line.split("\t", 2);
			switch (f[0]) {
				case "counts" -> {
					final String[] c = f.length > 1 ? f[1].split("\t") : new String[0];
					if (c.length != classes) throw new IllegalArgumentException("counts of " +
						c.length + " classes, not " + classes);
					for (int k = 0; k < classes; k++) o.counts[k] = Long.parseLong(c[k]);
					counted = true;
				}
				case "files" -> o.files = Long.parseLong(f[1]);
				case "skipped" -> o.skipped.add(f.length > 1 ? f[1] : "");
				default -> throw new IllegalArgumentException("unknown line " + f[0]);
			}
		}
		if (!counted) throw new IllegalArgumentException("no counts");
		return o;
	}

	/** Adds {@code other}'s numbers and skipped files to these. */
	void add(final PartOutcome other) {
		for (int k = 0; k < counts.length; k++) counts[k] += other.counts[k];
		files += other.files;
		skipped.addAll(other.skipped);
	}

	@Override
	public String toString() {
		return Arrays.toString(counts) + ", " + files + " files, " + skipped.size() + " skipped";
	}
}
