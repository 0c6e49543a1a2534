package io.github.cnnclassifier.command;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.train.TrainingException;

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
}
