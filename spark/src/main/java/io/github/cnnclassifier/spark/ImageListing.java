package io.github.cnnclassifier.spark;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.ImageWalk;
import io.github.cnnclassifier.data.LabelledFolder;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

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
		final Predicate<String> takes = takes(pattern);
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
					else if (takes.test(relative)) files.add(relative);
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

	/** Classify Folder's rule for which files a pattern takes; a bad glob is a usage error. */
	private static Predicate<String> takes(final String pattern) {
		try {
			return ImageWalk.takes(pattern);
		}
		catch (final DataException e) {
			throw new JobException(e.getMessage(), true);
		}
	}
}
