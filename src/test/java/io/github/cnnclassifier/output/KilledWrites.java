package io.github.cnnclassifier.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/** Files as a killed run left them, for tests of what sweeps them. */
public final class KilledWrites {

	private KilledWrites() {}

	/**
	 * Writes {@code text} to {@code file}, last modified an hour ago: before
	 * this JVM started, as {@link SafeFiles#leftovers} requires of a leftover.
	 */
	public static Path leftover(final Path file, final String text) throws IOException {
		return leftover(file, text.getBytes(StandardCharsets.UTF_8));
	}

	/** {@link #leftover(Path, String)} with bytes. */
	public static Path leftover(final Path file, final byte[] bytes) throws IOException {
		Files.write(file, bytes);
		Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() -
			3_600_000));
		return file;
	}
}
