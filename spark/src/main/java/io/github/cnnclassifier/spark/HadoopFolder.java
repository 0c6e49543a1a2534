package io.github.cnnclassifier.spark;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.ImageFiles;
import io.github.cnnclassifier.folder.FolderFiles;

import ij.ImagePlus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The images of a folder on a Hadoop file system, opened with ImageJ's
 * decoders as Classify Folder opens them: from a local copy when the file
 * system is not the local one, whose messages then name the file's own path.
 */
record HadoopFolder(FileSystem fs, Path root) implements FolderFiles {

	@Override
	public String folder() {
		return root.toString();
	}

	@Override
	public String path(final String file) {
		final Path path = new Path(root, file);
		return fs instanceof LocalFileSystem lfs ? lfs.pathToFile(path).toString() : path
			.toString();
	}

	@Override
	public ImagePlus open(final String file) {
		final Path path = new Path(root, file);
		if (fs instanceof LocalFileSystem lfs) return ImageFiles.open(lfs.pathToFile(path).toPath());
		java.nio.file.Path copy = null;
		try {
			// NB: the extension only, which ImageJ's opener looks at: a long name could make
			// the copy's name too long for the local file system.
			final String name = path.getName();
			copy = Files.createTempFile("cnn-classifier-", name.lastIndexOf('.') < 0 ? "" : name
				.substring(name.lastIndexOf('.')));
			try (InputStream s = fs.open(path)) {
				Files.copy(s, copy, StandardCopyOption.REPLACE_EXISTING);
			}
			return ImageFiles.open(copy);
		}
		catch (final IOException e) {
			throw new DataException(named("Cannot read " + path + ": " + e.getMessage(), copy,
				path), e);
		}
		catch (final DataException e) {
			throw new DataException(named(e.getMessage(), copy, path), e);
		}
		finally {
			if (copy != null) delete(copy);
		}
	}

	/** {@code message} with the copy's path replaced by the file's own. */
	private static String named(final String message, final java.nio.file.Path copy,
		final Path path)
	{
		return copy == null ? message : message.replace(copy.toString(), path.toString());
	}

	/** Deletes the copy; one that cannot be deleted now goes when the JVM ends. */
	private static void delete(final java.nio.file.Path copy) {
		try {
			Files.deleteIfExists(copy);
		}
		catch (final IOException e) {
			// NB: never instead of the image decoded or the real problem
			copy.toFile().deleteOnExit();
		}
	}
}
