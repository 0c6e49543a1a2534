package io.github.cnnclassifier.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the job is asked to do, with Classify Folder with CNN's names.
 *
 * @param folder the folder of images: any Hadoop path (a local path, hdfs://, s3a://)
 * @param model the model file: any Hadoop path; its bytes are sent to the executors
 * @param results the results CSV to write; the per-class counts go beside it
 * @param pattern a glob for the file names (e.g. {@code *.tif}); empty: all images
 * @param miniBatchSize samples per forward pass
 * @param partitions how many parts the files are cut into; 0: one per
 *          {@value #FILES_PER_PARTITION} files, at least two per core
 * @param overwrite start afresh: replace finished results and forget finished parts
 * @param parquet write the results as a Parquet dataset (a folder) instead of a CSV
 */
public record JobOptions(String folder, String model, String results, String pattern,
	int miniBatchSize, int partitions, boolean overwrite, boolean parquet) implements Serializable
{

	/** Files per partition when not given: what a killed job may have to redo at most per task. */
	public static final int FILES_PER_PARTITION = 2000;

	private static final Set<String> KEYS = Set.of("folder", "model", "results", "pattern",
		"mini_batch_size", "partitions", "overwrite", "format");

	/** How to call the job, for usage errors. */
	public static final String USAGE = "Give folder=<images> model=<model.zip> " +
		"results=<results.csv> [pattern=*.tif] [mini_batch_size=128] [partitions=N] " +
		"[overwrite=true] [format=csv|parquet], as separate arguments or as one \"folder='…',model='…',…\" string.";

	/**
	 * Reads {@code key=value} arguments, or one comma-separated string of them
	 * as {@code --run} takes (values in single or double quotes may hold commas).
	 *
	 * @throws JobException (usage) naming the argument that is wrong
	 */
	public static JobOptions parse(final String... args) {
		final Map<String, String> values = new LinkedHashMap<>();
		for (final String arg : args) {
			for (final String pair : split(arg)) {
				final int eq = pair.indexOf('=');
				if (eq <= 0) throw usage("Argument '" + pair + "' is not key=value.");
				final String key = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
				if (!KEYS.contains(key)) throw usage("Unknown option '" + key + "'.");
				values.put(key, unquote(pair.substring(eq + 1).trim()));
			}
		}
		for (final String key : List.of("folder", "model", "results")) {
			if (values.getOrDefault(key, "").isEmpty()) throw usage("No " + key + "= given.");
		}
		final int batch = number(values, "mini_batch_size", 128, 1);
		final int partitions = number(values, "partitions", 0, 0);
		final String overwrite = values.getOrDefault("overwrite", "false");
		if (!overwrite.equals("true") && !overwrite.equals("false")) {
			throw usage("overwrite must be true or false, got '" + overwrite + "'.");
		}
		final String format = values.getOrDefault("format", "csv");
		if (!format.equals("csv") && !format.equals("parquet")) {
			throw usage("format must be csv or parquet, got '" + format + "'.");
		}
		return new JobOptions(values.get("folder"), values.get("model"), values.get("results"),
			values.getOrDefault("pattern", ""), batch, partitions, overwrite.equals("true"), format
				.equals("parquet"));
	}

	/** The number of partitions for {@code files} files on {@code cores} cores. */
	public int partitionsFor(final int files, final int cores) {
		final int n = partitions > 0 ? partitions : Math.max(2 * cores, (files +
			FILES_PER_PARTITION - 1) / FILES_PER_PARTITION);
		return Math.max(1, Math.min(n, files));
	}

	private static int number(final Map<String, String> values, final String key,
		final int otherwise, final int least)
	{
		final String v = values.get(key);
		if (v == null) return otherwise;
		try {
			final int n = Integer.parseInt(v);
			if (n >= least) return n;
		}
		catch (final NumberFormatException e) {
			// NB: refused below, as a number too small is.
		}
		throw usage(key + " must be a whole number of at least " + least + ", got '" + v + "'.");
	}

	/** The comma-separated parts of {@code arg}, commas inside quotes kept. */
	private static List<String> split(final String arg) {
		final List<String> parts = new ArrayList<>();
		final StringBuilder sb = new StringBuilder();
		char quote = 0;
		for (final char c : arg.toCharArray()) {
			if (quote != 0 && c == quote) quote = 0;
			else if (quote == 0 && (c == '\'' || c == '"')) quote = c;
			else if (quote == 0 && c == ',') {
				parts.add(sb.toString());
				sb.setLength(0);
				continue;
			}
			sb.append(c);
		}
		if (quote != 0) throw usage("Unclosed quote in '" + arg + "'.");
		parts.add(sb.toString());
		parts.removeIf(p -> p.isBlank());
		return parts;
	}

	private static String unquote(final String v) {
		if (v.length() >= 2 && (v.charAt(0) == '\'' || v.charAt(0) == '"') && v.charAt(v
			.length() - 1) == v.charAt(0))
		{
			return v.substring(1, v.length() - 1);
		}
		return v;
	}

	private static JobException usage(final String why) {
		return new JobException(why + " " + USAGE, true);
	}
}
