package io.github.cnnclassifier.spark;

import io.github.cnnclassifier.data.LabelledFolder;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.regex.PatternSyntaxException;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * The image files below a folder of any Hadoop file system, as
 * '/'-separated paths relative to it in sorted (String) order: the files
 * and the order of Classify Folder with CNN (hidden names left out, image
 * extensions, a glob on the file name).
 */
final class ImageListing {

	private ImageListing() {}

	/**
	 * Lists {@code folder} recursively on the driver.
	 *
	 * @throws JobException if it is missing, not a folder, unreadable or holds no image
	 */
	static List<String> list(final FileSystem fs, final Path folder, final String pattern) {
		final PathMatcher matcher = matcher(pattern);
		// NB: as ImageWalk: a pattern with a '/' matches the relative path, else the file name.
		final boolean byPath = pattern.indexOf('/') >= 0;
		final String root = fs.makeQualified(folder).toUri().getPath();
		final String prefix = root.endsWith("/") ? root : root + "/";
		final List<String> files = new ArrayList<>();
		try {
			if (!fs.getFileStatus(folder).isDirectory()) {
				throw new JobException(folder + " is a file, not a folder. Choose the folder of " +
					"images to classify.");
			}
			final Deque<Path> folders = new ArrayDeque<>(List.of(folder));
			while (!folders.isEmpty()) {
				// NB: listStatus, not listFiles: a LocatedFileStatus asks each file's
				// permissions, which on a local disk without Hadoop's native library is one
				// `ls` process per file (50,000 files: minutes).
				for (final FileStatus s : fs.listStatus(folders.pop())) {
					final String path = s.getPath().toUri().getPath();
					if (!path.startsWith(prefix)) continue;
					final String relative = path.substring(prefix.length());
					if (s.isDirectory()) {
						if (!relative.isEmpty() && !s.getPath().getName().startsWith(".")) folders.push(s
							.getPath());
					}
					else if (wanted(relative, matcher, byPath)) files.add(relative);
				}
			}
		}
		catch (final FileNotFoundException e) {
			throw new JobException("Image folder not found: " + folder + ". Choose the folder " +
				"of images to classify.");
		}
		catch (final IOException e) {
			throw new JobException("Cannot list " + folder + ": " + e.getMessage());
		}
		if (files.isEmpty()) {
			throw new JobException("No image files in " + folder + (pattern.isEmpty() ? "" :
				" match '" + pattern + "'") + ". Add images (" + String.join(", ",
					LabelledFolder.IMAGE_EXTENSIONS) + ") or choose another folder.");
		}
		Collections.sort(files);
		return files;
	}

	/** Whether Classify Folder with CNN takes this relative path (no pattern: images only). */
	static boolean wanted(final String relative, final PathMatcher matcher,
		final boolean byPath)
	{
		for (final String name : relative.split("/", -1)) {
			if (name.isEmpty() || name.startsWith(".")) return false;
		}
		final java.nio.file.Path name = Paths.get(relative.substring(relative.lastIndexOf('/') +
			1));
		if (matcher == null) return LabelledFolder.isImageFile(name);
		return matcher.matches(byPath ? Paths.get(relative) : name);
	}

	private static PathMatcher matcher(final String pattern) {
		if (pattern.isEmpty()) return null;
		try {
			return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
		}
		catch (final PatternSyntaxException e) {
			throw new JobException("pattern '" + pattern + "' is not a valid glob (e.g. *.tif).",
				true);
		}
	}
}
