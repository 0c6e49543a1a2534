package io.github.cnnclassifier.folder;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.ImageFiles;

import ij.ImagePlus;

import java.nio.file.Path;

/**
 * Where a folder run reads its files from: a local folder
 * ({@link #local(Path)}), or, for the Spark job, a folder on any Hadoop file
 * system. Called from several decoder threads at once.
 */
public interface FolderFiles {

	/** The folder, as messages name it. */
	String folder();

	/** {@code file} (a '/'-separated path relative to the folder) as messages name it. */
	String path(String file);

	/**
	 * Opens {@code file} with ImageJ's decoders, as {@link ImageFiles#open} does.
	 *
	 * @throws DataException naming the file, if it cannot be read or is not an image
	 */
	ImagePlus open(String file);

	/** The files of the local folder {@code root}. */
	static FolderFiles local(final Path root) {
		return new FolderFiles() {

			@Override
			public String folder() {
				return root.toString();
			}

			@Override
			public String path(final String file) {
				return root.resolve(file).toString();
			}

			@Override
			public ImagePlus open(final String file) {
				return ImageFiles.open(root.resolve(file));
			}
		};
	}
}
