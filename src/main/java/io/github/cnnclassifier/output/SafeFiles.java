package io.github.cnnclassifier.output;

import io.github.cnnclassifier.data.DataException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes output files so that a crash or error never leaves half a file in place of a good one. */
public final class SafeFiles {

	/** Writes a complete file at the given (temporary) path. */
	public interface Writer {

		void write(Path file) throws IOException;
	}

	private SafeFiles() {}

	/**
	 * NB: temporary files are created readable by their owner only; the file
	 * put in place gets the permissions of the one it replaces, or rw-r--r--.
	 */
	private static void permissions(final Path tmp, final Path target) throws IOException {
		if (!Files.getFileStore(tmp).supportsFileAttributeView("posix")) return;
		Files.setPosixFilePermissions(tmp, Files.exists(target) ? Files.getPosixFilePermissions(
			target) : PosixFilePermissions.fromString("rw-r--r--"));
	}

	/**
	 * Deletes the temporary files an earlier, killed, write of {@code target}
	 * left next to it. NB: the names are those {@link Files#createTempFile}
	 * makes in {@link #write}: "." + name + "." + digits + ".tmp".
	 */
	private static void removeLeftovers(final Path target) throws IOException {
		final String name = "." + target.getFileName() + ".";
		try (DirectoryStream<Path> siblings = Files.newDirectoryStream(target.getParent(),
			p -> isLeftover(p.getFileName().toString(), name)))
		{
			for (final Path p : siblings) Files.deleteIfExists(p);
		}
	}

	private static boolean isLeftover(final String file, final String prefix) {
		if (!file.startsWith(prefix) || !file.endsWith(".tmp")) return false;
		final String middle = file.substring(prefix.length(), file.length() - 4);
		return !middle.isEmpty() && middle.chars().allMatch(Character::isDigit);
	}

	/**
	 * Fails early, before any work, if no {@code what} can be written at {@code file}.
	 *
	 * @throws DataException naming the file and what to do
	 */
	public static void checkWritable(final Path file, final String what) {
		final Path parent = file.toAbsolutePath().getParent();
		if (parent == null || !Files.isDirectory(parent)) {
			throw new DataException("Cannot save the " + what + " to " + file + ": folder " +
				parent + " does not exist. Create it or choose another path.");
		}
		if (Files.isDirectory(file)) {
			throw new DataException("Cannot save the " + what + " to " + file + ": it is " +
				"a folder. Give a file name in it.");
		}
		if (!Files.isWritable(parent) || (Files.exists(file) && !Files.isWritable(file))) {
			throw new DataException("Cannot save the " + what + " to " + file + ": no " +
				"permission to write there. Choose another path.");
		}
	}

	/**
	 * Lets {@code writer} write a temporary file next to {@code file}, then
	 * moves it into place (atomically where the file system can), replacing
	 * an older file; the temporary file is removed on failure, and those a
	 * killed run left for the same file ({@code .NAME.<digits>.tmp}) before
	 * writing.
	 *
	 * @throws DataException naming the file and the cause
	 */
	public static void write(final Path file, final String what, final Writer writer) {
		checkWritable(file, what);
		final Path target = file.toAbsolutePath();
		Path tmp = null;
		try {
			removeLeftovers(target);
			tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".",
				".tmp");
			writer.write(tmp);
			permissions(tmp, target);
			try {
				Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
			}
			catch (final AtomicMoveNotSupportedException e) {
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (final IOException e) {
			throw new DataException("Cannot save the " + what + " to " + file + ": " +
				e.getMessage(), e);
		}
		finally {
			if (tmp != null) tmp.toFile().delete();
		}
	}

	/** {@link #write} of {@code text} in UTF-8. */
	public static void writeText(final Path file, final String what, final String text) {
		write(file, what, tmp -> Files.write(tmp, text.getBytes(StandardCharsets.UTF_8)));
	}
}
