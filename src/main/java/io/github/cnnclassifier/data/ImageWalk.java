package io.github.cnnclassifier.data;


import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Predicate;
import java.util.regex.PatternSyntaxException;

/**
 * The image files below a folder, as '/'-separated paths relative to it, in
 * sorted (String) order; listed lazily, one folder at a time, so memory does
 * not grow with the folder. Hidden files and folders (names starting with
 * '.') are left out, links to folders are not followed.
 *
 * @param root the folder
 * @param pattern a glob such as {@code *.tif}, matched against the file name,
 *          or against the relative path when it holds a '/'; empty: every
 *          file with an image extension ({@link LabelledFolder#IMAGE_EXTENSIONS})
 * @param recursive whether to descend into sub-folders
 * @param skip a folder below {@code root} to leave out (e.g. where results go), or null
 * @param after only paths that sort after this one (to resume a walk), or null
 */
public record ImageWalk(Path root, String pattern, boolean recursive, Path skip, String after)
	implements Iterable<String>
{

	/**
	 * @throws DataException if {@code pattern} is not a valid glob
	 */
	public ImageWalk {
		pattern = pattern == null ? "" : pattern.trim();
		matcher(pattern);
	}

	/** Every image file below {@code root}, at any depth. */
	public static ImageWalk of(final Path root) {
		return new ImageWalk(root, "", true, null, null);
	}

	/** The same walk without the folder {@code folder} (null: nothing left out). */
	public ImageWalk skipping(final Path folder) {
		return new ImageWalk(root, pattern, recursive, folder, after);
	}

	/** The same walk, from the first path that sorts after {@code path} (null: from the start). */
	public ImageWalk startingAfter(final String path) {
		return new ImageWalk(root, pattern, recursive, skip, path);
	}

	/**
	 * The files, lazily.
	 *
	 * @throws DataException (also from the iterator) if the folder is missing or cannot be read
	 */
	@Override
	public Iterator<String> iterator() {
		checkFolder(root);
		return new Walk(this);
	}

	/**
	 * Which paths this walk lists when such a file is there: '/'-separated
	 * paths relative to the root, without ".", ".." or hidden names, in no
	 * linked folder (links resolved, they stay inside the root), not in the
	 * skipped folder, below the root only if recursive, matching the pattern.
	 * NB: for paths read from a file the program did not just write, such as
	 * partial results: nothing else may be trusted as a file of this folder.
	 * Not thread-safe.
	 */
	public Predicate<String> lists() {
		final Predicate<String> named = takes(pattern);
		final Path real = RealPaths.real(root);
		// NB: the last folder checked, and whether it is a plain folder inside the root (files
		// come folder by folder: one link resolution per folder, not per file).
		final Object[] last = { null, false };
		return path -> {
			if (path == null || !recursive && path.indexOf('/') >= 0 || !named.test(path)) {
				return false;
			}
			final Path file;
			final Path relative;
			try {
				file = root.resolve(path);
				relative = root.relativize(file);
			}
			catch (final IllegalArgumentException e) { // NB: InvalidPathException too
				return false;
			}
			if (!relative.toString().replace(File.separatorChar, '/').equals(path)) {
				return false; // NB: absolute, or with another separator than '/'
			}
			final Path parent = relative.getParent();
			if (!file.getParent().equals(last[0])) {
				last[0] = file.getParent();
				last[1] = RealPaths.real(file.getParent()).equals(parent == null ? real : real
					.resolve(parent)) && (skip == null || !RealPaths.isInside(file.getParent(),
						skip));
			}
			return (Boolean) last[1];
		};
	}

	/**
	 * Whether a '/'-separated relative path names a file a walk with
	 * {@code pattern} takes, by its names alone: none empty or hidden, and the
	 * pattern (empty: an image extension) matching the file name, or the whole
	 * path when the pattern holds a '/'. NB: also for listings that are not of
	 * a local folder (the Spark job's), so that both take the same files.
	 *
	 * @throws DataException if {@code pattern} is not a valid glob
	 */
	public static Predicate<String> takes(final String pattern) {
		final String glob = pattern == null ? "" : pattern.trim();
		final PathMatcher matcher = matcher(glob);
		final boolean byPath = glob.indexOf('/') >= 0;
		return path -> {
			if (path.isEmpty()) return false;
			for (final String name : path.split("/", -1)) {
				if (name.isEmpty() || name.startsWith(".")) return false;
			}
			final Path relative;
			try {
				relative = Paths.get(path);
			}
			catch (final IllegalArgumentException e) { // NB: InvalidPathException too
				return false;
			}
			return matcher.matches(byPath ? relative : relative.getFileName());
		};
	}

	/**
	 * Fails unless {@code folder} is a folder.
	 *
	 * @throws DataException naming it and what to do
	 */
	public static void checkFolder(final Path folder) {
		if (!Files.isDirectory(folder)) {
			throw new DataException((Files.exists(folder) ? folder + " is a file, not a folder"
				: "Image folder not found: " + folder) + ". Choose the folder of images to " +
				"classify.");
		}
	}

	/**
	 * Why this walk finds no file, as an error to show: the folder is empty,
	 * holds no image files, or none matches the pattern.
	 */
	public DataException nothingFound() {
		final boolean empty;
		try (DirectoryStream<Path> list = Files.newDirectoryStream(root)) {
			empty = !list.iterator().hasNext();
		}
		catch (final IOException | DirectoryIteratorException e) {
			return new DataException("Cannot read folder " + root + ": " + e.getMessage(), e);
		}
		final String where = recursive ? " at any depth" : " (sub-folders left out: " +
			"recursive=false)";
		if (empty) return new DataException("Folder " + root + " is empty. Choose a " +
			"folder of images.");
		if (!pattern.isEmpty()) return new DataException("No file in " + root + where +
			" matches pattern '" + pattern + "'. Check the pattern (e.g. *.tif; case " +
			"matters) or leave it empty for all images.");
		return new DataException("Folder " + root + " has no image files (" + String.join(
			", ", LabelledFolder.IMAGE_EXTENSIONS) + ")" + where + "; hidden files are " +
			"left out. Choose a folder of images.");
	}

	private static PathMatcher matcher(final String pattern) {
		if (pattern.isEmpty()) return LabelledFolder::isImageFile;
		try {
			return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
		}
		catch (final PatternSyntaxException e) {
			throw new DataException("pattern '" + pattern + "' is not a valid file pattern (" +
				e.getDescription() + "). Write e.g. *.tif or plate*/*.png.", e);
		}
	}

	/** A depth-first walk that lists one folder at a time and yields files in sorted path order. */
	private static final class Walk implements Iterator<String> {

		/**
		 * A folder entry: its relative path, and whether it is a folder to
		 * descend into. NB: a folder sorts as "name/", so the walk yields exactly
		 * the sorted full paths.
		 */
		private record Entry(String path, boolean folder, String key) {

			Entry(final String path, final boolean folder) {
				this(path, folder, folder ? path + "/" : path);
			}
		}

		private final ImageWalk walk;
		private final PathMatcher matcher;
		private final boolean byPath;
		private final Path skip;
		private final Deque<Iterator<Entry>> stack = new ArrayDeque<>();
		private String next;

		Walk(final ImageWalk walk) {
			this.walk = walk;
			this.matcher = matcher(walk.pattern);
			this.byPath = walk.pattern.indexOf('/') >= 0;
			this.skip = walk.skip == null ? null : RealPaths.real(walk.skip);
			push(walk.root, "");
		}

		@Override
		public boolean hasNext() {
			if (next == null) next = advance();
			return next != null;
		}

		@Override
		public String next() {
			if (!hasNext()) throw new NoSuchElementException();
			final String n = next;
			next = null;
			return n;
		}

		private String advance() {
			while (!stack.isEmpty()) {
				final Iterator<Entry> top = stack.peek();
				if (!top.hasNext()) {
					stack.pop();
					continue;
				}
				final Entry e = top.next();
				if (!e.folder) return e.path;
				push(walk.root.resolve(e.path), e.key);
			}
			return null;
		}

		private void push(final Path dir, final String prefix) {
			final List<Entry> entries = new ArrayList<>();
			try (DirectoryStream<Path> list = Files.newDirectoryStream(dir)) {
				for (final Path p : list) {
					final String name = p.getFileName().toString();
					if (name.startsWith(".")) continue;
					// NB: one stat per entry; a link counts as what it points to, but
					// links to folders are not followed (no cycles).
					final BasicFileAttributes a;
					try {
						a = Files.readAttributes(p, BasicFileAttributes.class,
							LinkOption.NOFOLLOW_LINKS);
					}
					catch (final NoSuchFileException e) {
						continue; // NB: removed since it was listed
					}
					final String path = prefix + name;
					if (a.isDirectory()) {
						if (walk.recursive && !skipped(p) && laterInside(path + "/")) {
							entries.add(new Entry(path, true));
						}
					}
					else if ((a.isRegularFile() || a.isSymbolicLink() && Files.isRegularFile(p)) &&
						(walk.after == null || path.compareTo(walk.after) > 0) && matcher.matches(
							byPath ? Paths.get(path) : p.getFileName()))
					{
						entries.add(new Entry(path, false));
					}
				}
			}
			catch (final IOException | DirectoryIteratorException e) {
				throw new DataException("Cannot read folder " + dir + ": " + e.getMessage(), e);
			}
			entries.sort(Comparator.comparing(Entry::key));
			stack.push(entries.iterator());
		}

		private boolean skipped(final Path dir) {
			return skip != null && RealPaths.real(dir).equals(skip);
		}

		/** Whether a folder (its key, "path/") may hold paths after {@code walk.after}. */
		private boolean laterInside(final String key) {
			return walk.after == null || walk.after.startsWith(key) || key.compareTo(
				walk.after) > 0;
		}
	}
}
