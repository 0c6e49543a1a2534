package io.github.cnnclassifier.output;

import io.github.cnnclassifier.data.DataException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

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
	 * Deletes the temporary files that earlier, killed, writes of the files
	 * {@code names} in {@code folder} left there, listing the folder once;
	 * those of other files are kept (they may be writes under way). NB: the
	 * names are those {@link Files#createTempFile} makes in {@link #write}:
	 * "." + name + "." + digits + ".tmp".
	 */
	public static void removeLeftovers(final Path folder, final Set<String> names)
		throws IOException
	{
		try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(folder, p -> {
			final String of = leftoverOf(p.getFileName().toString());
			return of != null && names.contains(of);
		}))
		{
			for (final Path p : leftovers) Files.deleteIfExists(p);
		}
	}

	/** The name of the file whose temporary file {@code file} is, or null when it is none. */
	private static String leftoverOf(final String file) {
		if (!file.startsWith(".") || !file.endsWith(".tmp")) return null;
		final String stem = file.substring(1, file.length() - 4);
		final int dot = stem.lastIndexOf('.');
		if (dot < 1 || dot == stem.length() - 1) return null;
		return stem.substring(dot + 1).chars().allMatch(Character::isDigit) ? stem.substring(0,
			dot) : null;
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
		put(file, what, writer, true);
	}

	/**
	 * As {@link #write}, but never replaces a file: false, and nothing
	 * written, when {@code file} is there or appears while it is written.
	 * NB: it leaves the leftovers of killed runs to the caller, who removes
	 * those of all the files it creates in a folder at once
	 * ({@link #removeLeftovers}): listing the folder for each file would take
	 * time growing with the square of the files.
	 *
	 * @throws DataException naming the file and the cause
	 */
	public static boolean create(final Path file, final String what, final Writer writer) {
		return put(file, what, writer, false);
	}

	private static boolean put(final Path file, final String what, final Writer writer,
		final boolean replace)
	{
		if (!replace && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return false;
		checkWritable(file, what);
		final Path target = file.toAbsolutePath();
		Path tmp = null;
		try {
			if (replace) removeLeftovers(target.getParent(), Set.of(target.getFileName()
				.toString()));
			tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".",
				".tmp");
			writer.write(tmp);
			permissions(tmp, target);
			if (replace) replace(tmp, target);
			else {
				try {
					// NB: not ATOMIC_MOVE, which replaces a file on POSIX whatever the options.
					Files.move(tmp, target);
				}
				catch (final FileAlreadyExistsException e) {
					return false;
				}
			}
			return true;
		}
		catch (final IOException e) {
			throw new DataException("Cannot save the " + what + " to " + file + ": " +
				e.getMessage(), e);
		}
		finally {
			if (tmp != null) tmp.toFile().delete();
		}
	}

	private static void replace(final Path tmp, final Path target) throws IOException {
		try {
			Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
		}
		catch (final AtomicMoveNotSupportedException e) {
			Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** {@link #write} of {@code text} in UTF-8. */
	public static void writeText(final Path file, final String what, final String text) {
		write(file, what, tmp -> Files.write(tmp, text.getBytes(StandardCharsets.UTF_8)));
	}
}
