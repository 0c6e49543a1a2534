package io.github.cnnclassifier.spark;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One partition of the job: a run of consecutive files in sorted order.
 *
 * @param index its place among the partitions, from 0
 * @param name its output's name, {@code part-00003-<hash>}: the hash covers the
 *          model and the files, so a finished part is reused only by a run of
 *          the same model on the same files
 * @param files '/'-separated paths relative to the folder, sorted
 */
public record Part(int index, String name, List<String> files) implements Serializable {

	/**
	 * Cuts sorted {@code files} into {@code n} runs of nearly equal length.
	 *
	 * @param modelId a hash of the model file's bytes
	 */
	public static List<Part> of(final List<String> files, final int n, final String modelId) {
		final List<Part> parts = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			final List<String> run = List.copyOf(files.subList((int) ((long) files.size() * i / n),
				(int) ((long) files.size() * (i + 1) / n)));
			parts.add(new Part(i, String.format("part-%05d-%s", i, hash(modelId, run)), run));
		}
		return parts;
	}

	/** SHA-256 of {@code bytes}, in hex. */
	public static String sha256(final byte[] bytes) {
		return HexFormat.of().formatHex(digest().digest(bytes));
	}

	private static String hash(final String modelId, final List<String> files) {
		final MessageDigest md = digest();
		md.update(modelId.getBytes(StandardCharsets.UTF_8));
		for (final String f : files) {
			md.update((byte) 0);
			md.update(f.getBytes(StandardCharsets.UTF_8));
		}
		return HexFormat.of().formatHex(md.digest(), 0, 8);
	}

	private static MessageDigest digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e); // NB: every JVM has SHA-256
		}
	}
}
