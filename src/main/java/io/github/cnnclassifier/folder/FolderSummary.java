package io.github.cnnclassifier.folder;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a folder run did.
 *
 * @param folder the classified folder; null for a list of files elsewhere (the Spark job's parts)
 * @param files image files classified in this run (skipped ones not counted)
 * @param rows rows written in this run: one per sample
 * @param skipped one message per file left out, naming the file and the reason, in path order
 * @param earlierRows rows an earlier, stopped run had written and this one continued
 * @param newFiles files this run found before where the earlier run stopped
 *          (added since, or left out then), and classified too
 * @param counts rows per class, earlier ones included
 * @param sorted files copied or moved into class folders
 * @param unsorted files not sorted because they hold several samples (stacks)
 * @param seconds wall-clock time, listing and decoding included
 * @param peakSamples the most decoded samples held at once: at most two
 *          mini-batches when every file is a single image
 */
public record FolderSummary(Path folder, int files, long rows, List<String> skipped,
	long earlierRows, int newFiles, ClassCounts counts, int sorted, int unsorted, double seconds,
	long peakSamples)
{

	public FolderSummary {
		skipped = List.copyOf(skipped);
	}

	/** One line for the log: files, rows, skipped, seconds, rows per second. */
	public String line() {
		return String.format(Locale.ROOT,
			"Classified %d files of %s: %d rows, %d skipped, %.1f s, %.0f rows/s%s", files,
			folder, rows, skipped.size(), seconds, seconds > 0 ? rows / seconds : 0.0,
			earlierRows > 0 ? "; continued after the " + earlierRows + " rows of an earlier run" +
				(newFiles > 0 ? ", with " + newFiles + " new files found before where it stopped"
					: "") : "");
	}

	@Override
	public String toString() {
		return line();
	}
}
