package io.github.cnnclassifier.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * A short identity of a labelled folder's files, to tell later whether the
 * data changed, and of one file's bytes.
 */
public final class Fingerprint {

	private Fingerprint() {}

	/**
	 * SHA-256 (hex) of the sorted lines {@code relative/path<TAB>size}, with
	 * paths relative to {@code root} and '/' as separator, so the same data
	 * moved to another folder or machine keeps its fingerprint.
	 */
	public static String of(final Path root, final List<LabelledImage> images) {
		final List<String> lines = new ArrayList<>();
		for (final LabelledImage image : images) {
			final String relative = root.relativize(image.file()).toString()
				.replace(java.io.File.separatorChar, '/');
			lines.add(relative + "\t" + image.size() + "\n");
		}
		Collections.sort(lines);
		try {
			final MessageDigest sha = MessageDigest.getInstance("SHA-256");
			for (final String line : lines) sha.update(line.getBytes(StandardCharsets.UTF_8));
			final StringBuilder hex = new StringBuilder();
			for (final byte b : sha.digest()) hex.append(String.format("%02x", b));
			return hex.toString();
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("Every Java has SHA-256", e);
		}
	}

	/** The SHA-256 of {@code file}'s bytes, in hex: the one hash of a whole file. */
	public static String sha256(final Path file) throws IOException {
		final MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("Every Java has SHA-256", e);
		}
		final byte[] buffer = new byte[1 << 16];
		try (InputStream in = Files.newInputStream(file)) {
			for (int n = in.read(buffer); n > 0; n = in.read(buffer)) digest.update(buffer, 0, n);
		}
		return HexFormat.of().formatHex(digest.digest());
	}
}
