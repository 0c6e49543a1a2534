package io.github.cnnclassifier.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a path really leads: the one rule for comparing paths given by users or read from files. */
public final class RealPaths {

	private RealPaths() {}

	/** Whether {@code path} is {@code folder} or lies below it, after links and ".." are resolved. */
	public static boolean isInside(final Path path, final Path folder) {
		return real(path).startsWith(real(folder));
	}

	/**
	 * The absolute path with links resolved as far as it exists, so that a
	 * link to a folder or a "..", compares as where it leads.
	 */
	public static Path real(final Path p) {
		Path existing = p.toAbsolutePath().normalize();
		Path rest = null;
		while (existing != null && !Files.exists(existing)) {
			final Path name = existing.getFileName();
			rest = rest == null ? name : name.resolve(rest);
			existing = existing.getParent();
		}
		if (existing == null) return p.toAbsolutePath().normalize();
		try {
			final Path resolved = existing.toRealPath();
			return rest == null ? resolved : resolved.resolve(rest);
		}
		catch (final IOException e) {
			return p.toAbsolutePath().normalize();
		}
	}
}
