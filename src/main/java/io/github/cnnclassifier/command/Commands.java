package io.github.cnnclassifier.command;

import ij.ImagePlus;
import ij.io.FileInfo;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.train.TrainingException;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;

/** What every command does around its one call into the core. */
final class Commands {

	private Commands() {}

	/**
	 * Runs {@code job}; a problem the user must fix (bad data, model file or
	 * option) cancels {@code command} with its message, also logged as an
	 * error, instead of a stack trace. Menu, macro and headless callers show
	 * that message.
	 */
	static void run(final ContextCommand command, final LogService log, final Runnable job) {
		try {
			job.run();
		}
		catch (final DataException | ModelException | TrainingException |
			IllegalArgumentException e)
		{
			log.error(e.getMessage());
			command.cancel(e.getMessage());
		}
	}

	/** An optional file input: null when not given. */
	static Path path(final File file) {
		return file == null || file.getPath().isEmpty() ? null : file.toPath();
	}

	/** The file an image was opened from, or null. */
	static Path file(final ImagePlus image) {
		final FileInfo fi = image == null ? null : image.getOriginalFileInfo();
		return fi == null || fi.directory == null || fi.fileName == null ? null : Paths.get(
			fi.directory, fi.fileName);
	}
}
