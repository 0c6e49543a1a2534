package io.github.cnnclassifier.folder;

import io.github.cnnclassifier.data.RealPaths;
import io.github.cnnclassifier.predict.Classifier;

import io.github.cnnclassifier.output.OutputFile;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What partial results belong to, written as their first line so that only
 * the run they belong to continues them: the folder (its canonical path),
 * shard, pattern, recursive, the model, a hash of the options that change
 * what the run does to the folder (sort_to, sort_mode) and unsure_below with
 * unsure_label, which change the rows' classes. NB: mini_batch_size and
 * on_bad_file change no row, so a stopped run may continue with others.
 *
 * @param values by name, in the order written
 */
record PartIdentity(Map<String, String> values) {

	private static final String PREFIX = "# CNN Classifier partial results:";

	/** The key of unsure_below and unsure_label; NB: "" (off) where a file written before it lacks it. */
	private static final String UNSURE = "unsure";

	/** The identity of {@code job} classified with the model {@code modelId}. */
	static PartIdentity of(final FolderJob job, final String modelId) {
		final Map<String, String> v = new LinkedHashMap<>();
		v.put("folder", canonical(job.folder()));
		v.put("shard", job.shard().toString());
		v.put("pattern", job.pattern() == null ? "" : job.pattern().trim());
		v.put("recursive", String.valueOf(job.recursive()));
		v.put("model", modelId);
		v.put("options", hash("sort_to=" + (job.sortTo() == null ? "" : canonical(job
			.sortTo())) + "\nsort_mode=" + (job.move() ? "move" : "copy")));
		v.put(UNSURE, job.unsure().on() ? job.unsure().below() + " " + job.unsure().label() : "");
		return new PartIdentity(v);
	}

	/** The line that starts a partial file (no line end); it holds no comma or quote. */
	String line() {
		final StringBuilder sb = new StringBuilder(PREFIX);
		values.forEach((k, v) -> sb.append(' ').append(k).append('=').append(URLEncoder.encode(
			v, StandardCharsets.UTF_8)));
		return sb.toString();
	}

	/** The identity {@link #line} wrote, or null when {@code line} is not one (an older file). */
	static PartIdentity parse(final String line) {
		if (!line.startsWith(PREFIX)) return null;
		final Map<String, String> v = new LinkedHashMap<>();
		for (final String pair : line.substring(PREFIX.length()).trim().split(" ")) {
			final int eq = pair.indexOf('=');
			if (eq <= 0) return null;
			try {
				v.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1),
					StandardCharsets.UTF_8));
			}
			catch (final IllegalArgumentException e) {
				return null;
			}
		}
		return new PartIdentity(v);
	}

	/**
	 * What differs from {@code now}, for a message: e.g. "shard (1/2 there, 2/2
	 * now)"; null when nothing does.
	 */
	String difference(final PartIdentity now) {
		for (final Map.Entry<String, String> e : now.values.entrySet()) {
			final String there = values.getOrDefault(e.getKey(), e.getKey().equals(UNSURE) ? ""
				: null);
			if (e.getValue().equals(there)) continue;
			if (e.getKey().equals(UNSURE)) {
				return "unsure_below and unsure_label ('" + (there.isEmpty() ? "off" : there) +
					"' there, '" + (e.getValue().isEmpty() ? "off" : e.getValue()) + "' now)";
			}
			if (e.getKey().equals("options")) return "sort_to or sort_mode";
			if (e.getKey().equals("model")) return "the model";
			return e.getKey() + " ('" + there + "' there, '" + e.getValue() + "' now)";
		}
		return null;
	}

	/**
	 * The folder with links resolved, so that one folder has one name. NB: as
	 * far as it exists: sort_to may be created by the run.
	 */
	private static String canonical(final Path folder) {
		return RealPaths.real(folder).toString();
	}

	private static String hash(final String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text
				.getBytes(StandardCharsets.UTF_8)), 0, 8);
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
