package io.github.cnnclassifier.folder;

import io.github.cnnclassifier.data.RealPaths;
import io.github.cnnclassifier.predict.Classifier;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.Messages;
import io.github.cnnclassifier.output.SafeFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies or moves classified images into {@code sortTo/<class>/}, keeping
 * their path below the classified folder (so files of the same name in
 * different sub-folders never collide, and {@code sortTo} is a labelled
 * folder that "Train CNN Classifier" reads as it is). Class folders are
 * named by {@link ClassFolders}. A file already there is never replaced: a
 * distinct file of the same content counts as done (so a run that is
 * continued does not copy twice), another one gets a numbered name beside
 * it. Copies are {@link SafeFiles#copy}s: they appear under their name only
 * when complete, and the leftovers of a killed run's copies go; a move
 * deletes its source only after that, and never when what is there is the
 * source itself (a link back into the folder, a hard link).
 */
final class ClassSorter {

	private final Path root;
	private final Path sortTo;
	private final boolean move;
	private final Map<String, String> folders;
	/** What killed runs left in each folder copied into, listed once per run. */
	private final Map<Path, Map<String, List<Path>>> leftovers = new HashMap<>();

	/**
	 * @param root the classified folder
	 * @param sortTo the folder to sort into (created if missing)
	 * @param move move the files instead of copying them
	 * @param labels the model's class labels
	 * @throws DataException, before anything is sorted, if two labels would
	 *           share a folder or a class folder already there leads into {@code root}
	 */
	ClassSorter(final Path root, final Path sortTo, final boolean move,
		final List<String> labels)
	{
		this.root = root;
		this.sortTo = sortTo;
		this.move = move;
		this.folders = ClassFolders.of(labels, sortTo);
		for (final String name : folders.values()) {
			if (Files.exists(sortTo.resolve(name)) && leadsIntoRoot(sortTo.resolve(name))) {
				throw new DataException("Cannot sort into " + sortTo + ": its class folder " +
					Messages.escaped(name) + " leads into " + root + ", the folder being " +
					"classified (a link). Remove it or choose another sort_to folder.");
			}
		}
	}

	/**
	 * Fails early, before any work, if images cannot be sorted from {@code root}
	 * into {@code sortTo}; creates {@code sortTo} if its parent exists.
	 *
	 * @throws DataException naming the folder and what to do
	 */
	static void check(final Path root, final Path sortTo, final boolean move) {
		final Path to = sortTo.toAbsolutePath().normalize();
		if (RealPaths.isInside(root, sortTo)) {
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
	 * @throws DataException if it cannot be copied or moved, or the place for
	 *           it is the file itself; the source is then where it was
	 */
	Path place(final String path, final String label) {
		final Path source = root.resolve(path);
		final Path first = sortTo.resolve(folders.get(label)).resolve(path);
		Path target = first;
		try {
			final Path dir = Files.createDirectories(first.getParent());
			if (leadsIntoRoot(dir)) {
				throw new DataException("Cannot " + verb() + " " + Messages.escaped(path) +
					" into " + dir + ": that folder leads into " + root + ", the folder being " +
					"classified (a link). Remove the link or choose another sort_to folder.");
			}
			for (int n = 2;; target = numbered(first, n++)) {
				if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
					removeLeftovers(target);
					if (SafeFiles.copy(source, target)) break;
					// NB: a file appeared there meanwhile: it is looked at as any other.
				}
				if (Files.exists(target) && Files.isSameFile(source, target)) {
					throw new DataException("Cannot " + verb() + " " + source + ": " + target +
						" is " + source + " itself (a link). Remove " + target + " or choose " +
						"another sort_to folder.");
				}
				if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && same(source,
					target))
				{
					if (move) Files.delete(source);
					return target;
				}
			}
			if (move) Files.delete(source);
			return target;
		}
		catch (final IOException e) {
			throw new DataException("Cannot " + verb() + " " + source + " into " + target
				.getParent() + ": " + SafeFiles.why(e) + " The same command continues from " +
				"there.", e);
		}
	}

	/**
	 * Whether {@code folder}, links resolved, lies in the classified folder
	 * elsewhere than in {@code sortTo} (which the walk leaves out).
	 */
	private boolean leadsIntoRoot(final Path folder) {
		return RealPaths.isInside(folder, root) && !RealPaths.isInside(folder, sortTo);
	}

	private String verb() {
		return move ? "move" : "copy";
	}

	/** Whether two files hold the same bytes. */
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

	/**
	 * Deletes what killed runs left of {@code file}; NB: each folder is listed
	 * once, and only the leftovers of the files this run writes go (another
	 * shard may be copying into the same folder).
	 */
	private void removeLeftovers(final Path file) throws IOException {
		Map<String, List<Path>> left = leftovers.get(file.getParent());
		if (left == null) leftovers.put(file.getParent(), left = SafeFiles.leftovers(file
			.getParent()));
		final List<Path> killed = left.remove(file.getFileName().toString());
		if (killed != null) for (final Path p : killed) Files.deleteIfExists(p);
	}
}
