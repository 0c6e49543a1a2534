package io.github.cnnclassifier.predict;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.OutputFile;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Copies or moves classified images into {@code sortTo/<class>/}, keeping
 * their path below the classified folder (so files of the same name in
 * different sub-folders never collide, and {@code sortTo} is a labelled
 * folder that "Train CNN Classifier" reads as it is). A file already there
 * is never replaced: an identical one counts as done (so a run that is
 * continued does not copy twice), another one gets a numbered name beside it.
 * Copies appear under their name only when complete.
 */
final class ClassSorter {

	private final Path root;
	private final Path sortTo;
	private final boolean move;

	/**
	 * @param root the classified folder
	 * @param sortTo the folder to sort into (created if missing)
	 * @param move move the files instead of copying them
	 */
	ClassSorter(final Path root, final Path sortTo, final boolean move) {
		this.root = root;
		this.sortTo = sortTo;
		this.move = move;
	}

	/**
	 * Fails early, before any work, if images cannot be sorted from {@code root}
	 * into {@code sortTo}; creates {@code sortTo} if its parent exists.
	 *
	 * @throws DataException naming the folder and what to do
	 */
	static void check(final Path root, final Path sortTo, final boolean move) {
		final Path to = sortTo.toAbsolutePath().normalize();
		if (OutputFile.isInside(root, sortTo)) {
			throw new DataException("Cannot sort into " + sortTo + ": it holds the folder " +
				"being classified (" + root + "). Choose a sort_to folder outside it.");
		}
		if (Files.exists(to) && !Files.isDirectory(to)) {
			throw new DataException("Cannot sort into " + sortTo + ": it is a file. Choose a " +
				"folder.");
		}
		if (!Files.isDirectory(to)) {
			final Path parent = to.getParent();
			if (parent == null || !Files.isDirectory(parent)) {
				throw new DataException("Cannot sort into " + sortTo + ": folder " + parent +
					" does not exist. Create it or choose another sort_to folder.");
			}
			if (!Files.isWritable(parent)) {
				throw new DataException("Cannot sort into " + sortTo + ": no permission to " +
					"create it in " + parent + ". Choose another sort_to folder.");
			}
		}
		else if (!Files.isWritable(to)) {
			throw new DataException("Cannot sort into " + sortTo + ": no permission to write " +
				"there. Choose another sort_to folder.");
		}
		if (move && !Files.isWritable(root)) {
			throw new DataException("Cannot move images out of " + root + ": no permission " +
				"to write there. Use sort_mode=copy.");
		}
	}

	/**
	 * Puts the file at {@code path} (relative to the folder) into the folder
	 * of class {@code label}; returns where it is now.
	 *
	 * @throws DataException if it cannot be copied or moved
	 */
	Path place(final String path, final String label) {
		final Path source = root.resolve(path);
		final Path first = sortTo.resolve(folderName(label)).resolve(path);
		Path target = first;
		try {
			Files.createDirectories(first.getParent());
			for (int n = 2; Files.exists(target, LinkOption.NOFOLLOW_LINKS); n++) {
				if (same(source, target)) {
					if (move) Files.delete(source);
					return target;
				}
				target = numbered(first, n);
			}
			if (move) moveInto(source, target);
			else copyInto(source, target);
			return target;
		}
		catch (final IOException e) {
			throw new DataException("Cannot " + (move ? "move " : "copy ") + source + " into " +
				target.getParent() + ": " + e + ". Check the permissions and free space of " +
				sortTo + "; the same command continues from there.", e);
		}
	}

	/** NB: a name in a class folder; a label never names a folder outside sortTo. */
	static String folderName(final String label) {
		final String name = label.replace('/', '_').replace('\\', '_').replace('\0', '_');
		return name.isEmpty() || name.equals(".") || name.equals("..") ? "_" + name : name;
	}

	private static boolean same(final Path a, final Path b) throws IOException {
		return Files.size(a) == Files.size(b) && Files.mismatch(a, b) == -1;
	}

	/** {@code dir/name.ext} becomes {@code dir/name-n.ext}. */
	private static Path numbered(final Path target, final int n) {
		final String name = target.getFileName().toString();
		final int dot = name.lastIndexOf('.');
		return target.resolveSibling(dot > 0 ? name.substring(0, dot) + "-" + n + name
			.substring(dot) : name + "-" + n);
	}

	/** Copies through a hidden temporary file, renamed when complete. */
	private static void copyInto(final Path source, final Path target) throws IOException {
		final Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(),
			".tmp");
		try {
			Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING,
				StandardCopyOption.COPY_ATTRIBUTES);
			// NB: checked free just before; rename(2) is atomic.
			Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	/** A rename within one file system; a copy, then deleting the source, across two. */
	private static void moveInto(final Path source, final Path target) throws IOException {
		try {
			Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (final AtomicMoveNotSupportedException e) {
			copyInto(source, target);
			Files.delete(source);
		}
	}
}
