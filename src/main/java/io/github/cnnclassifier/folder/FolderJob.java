package io.github.cnnclassifier.folder;

import io.github.cnnclassifier.data.RealPaths;
import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.predict.Unsure;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.ImageWalk;
import io.github.cnnclassifier.data.LabelledFolder;
import io.github.cnnclassifier.output.OutputFile;
import io.github.cnnclassifier.output.Outputs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * What "Classify Folder with CNN" does: which files, where the results go,
 * whether to sort the images into class folders.
 *
 * @param folder the folder of images
 * @param results the CSV to write (one row per image or stack plane)
 * @param pattern a glob for the file names (e.g. {@code *.tif}); empty: all images
 * @param recursive whether to include sub-folders
 * @param shard the part of the folder this machine classifies
 * @param sortTo a folder to sort the images into, {@code sortTo/<class>/...}, or null
 * @param move move the images into {@code sortTo} instead of copying them
 * @param overwrite start afresh instead of continuing a stopped run, and replace {@code results}
 * @param unsure the class of predictions below unsure_below (part of the partial results' identity)
 */
public record FolderJob(Path folder, Path results, String pattern, boolean recursive,
	Shard shard, Path sortTo, boolean move, boolean overwrite, Unsure unsure)
{

	public FolderJob {
		if (unsure == null) unsure = Unsure.OFF;
	}

	/** A job without unsure_below. */
	public FolderJob(final Path folder, final Path results, final String pattern,
		final boolean recursive, final Shard shard, final Path sortTo, final boolean move,
		final boolean overwrite)
	{
		this(folder, results, pattern, recursive, shard, sortTo, move, overwrite, Unsure.OFF);
	}

	/** A results table: a CSV with Class and Confidence columns. */
	public static final OutputFile.Kind RESULTS = OutputFile.Kind.csvWithColumns("results",
		"a results table written by CNN Classifier (a CSV with Class and Confidence columns)",
		"Class", "Confidence");

	/** The per-class counts beside the results: Class, Count, Percent. */
	public static final OutputFile.Kind COUNTS = OutputFile.Kind.csvWithColumns(
		"class counts", "class counts written by CNN Classifier (a CSV with Class, Count " +
			"and Percent columns)", "Class", "Count", "Percent");

	/** All images below {@code folder} into {@code results}; no sorting. */
	public static FolderJob of(final Path folder, final Path results) {
		return new FolderJob(folder, results, "", true, Shard.ALL, null, false, false);
	}

	/** The files to classify (without those already done). */
	public ImageWalk walk() {
		final boolean inside = sortTo != null && RealPaths.isInside(sortTo, folder);
		return new ImageWalk(folder, pattern, recursive, inside ? sortTo : null, null);
	}

	/**
	 * The per-class counts CSV beside the results: {@code plates.csv} gets
	 * {@code plates-counts.csv}.
	 */
	public Path countsFile() {
		return countsFile(results);
	}

	/** {@link #countsFile()} of results written to {@code results}. */
	public static Path countsFile(final Path results) {
		final String name = results.getFileName().toString();
		final String stem = name.toLowerCase(Locale.ROOT).endsWith(".csv") ? name.substring(0,
			name.length() - 4) : name;
		return results.resolveSibling(stem + "-counts.csv");
	}

	/**
	 * Which files (relative, '/'-separated paths) this job classifies when
	 * they are there: those its walk {@link ImageWalk#lists} in its shard.
	 */
	public Predicate<String> classifies() {
		return walk().lists().and(shard::contains);
	}

	/** {@link #check(Path)} without a model file (a model already in memory). */
	public void check() {
		check(null);
	}

	/**
	 * Fails early, before the model loads, on what can be checked without it:
	 * the folder, the pattern, where the results, the counts and sorted images
	 * go. NB: the counts CSV is an output like the results: it never replaces
	 * the model, and a file of another kind only with {@code overwrite}.
	 *
	 * @param model the model file the run reads, or null
	 * @throws DataException naming the file or value and what to do
	 */
	public void check(final Path model) {
		ImageWalk.checkFolder(folder);
		final ImageWalk walk = walk();
		if (!walk.iterator().hasNext()) throw walk.nothingFound();
		Outputs.of(overwrite).file("results", results, RESULTS).file("counts", countsFile(),
			COUNTS).input("model", model).check();
		if (LabelledFolder.isImageFile(results) && Files.exists(results)) {
			throw new DataException("Results " + results + " would replace an image. Give a " +
				".csv file.");
		}
		if (sortTo != null) ClassSorter.check(folder, sortTo, move);
	}
}
