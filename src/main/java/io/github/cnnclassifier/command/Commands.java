package io.github.cnnclassifier.command;

import ij.IJ;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.Memory;
import io.github.cnnclassifier.data.Messages;
import io.github.cnnclassifier.output.OutputFile;
import io.github.cnnclassifier.output.Outputs;
import io.github.cnnclassifier.ij.LogWindow;
import io.github.cnnclassifier.ij.Pictures;
import io.github.cnnclassifier.ij.TrainingPlot;
import io.github.cnnclassifier.install.MissingLibraries;
import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.folder.FolderJob;
import io.github.cnnclassifier.train.TrainingException;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;

/** What every command does around its one call into the core. */
final class Commands {

	/** What Train CNN Classifier writes: a zip holding our metadata entry. */
	static final OutputFile.Kind MODEL = ModelIO.KIND;

	/** What the Classify commands write: a CSV whose heading has our columns. */
	static final OutputFile.Kind RESULTS = FolderJob.RESULTS;

	/** NB: the same property as cli.Main's: it asks for stack traces. */
	private static final String DEBUG = "cnnclassifier.debug";

	private Commands() {}

	/**
	 * Runs {@code job}; a problem the user must fix (bad data, model file,
	 * option, too little memory) cancels {@code command} with its message, also
	 * logged as an error, instead of a stack trace. Menu, macro and headless
	 * callers show that message. Anything else (a bug) is reported the same
	 * way, in one line, with its stack trace only under
	 * {@code -Dcnnclassifier.debug=true}.
	 */
	static void run(final ContextCommand command, final LogService log, final Runnable job) {
		try {
			job.run();
		}
		catch (final DataException | ModelException | TrainingException |
			IllegalArgumentException e)
		{
			fail(command, log, e.getMessage(), e);
		}
		catch (final CancellationException e) {
			// NB: the user stopped it (Esc): no error, nothing written after.
			LogWindow.info(log, title(command) + " stopped.");
			command.cancel(title(command) + " stopped.");
		}
		catch (final OutOfMemoryError e) {
			fail(command, log, title(command) + " ran out of memory (the Java heap has " +
				Memory.format(Runtime.getRuntime().maxMemory()) + "). Use smaller images or " +
				"mini-batches, or give Java more memory: -Xmx, e.g. JAVA_OPTS=-Xmx8g, or " +
				"Edit > Options > Memory in Fiji.", e);
		}
		catch (final LinkageError e) {
			// NB: ND4J's natives or a jar missing (an incomplete install): say which, and how to fix it.
			fail(command, log, MissingLibraries.explain(e, System.getProperty(
				"scijava.app.directory")).orElse(title(command) + " failed: " + e), e);
		}
		catch (final RuntimeException e) {
			fail(command, log, title(command) + " failed: " + e + (Boolean.getBoolean(DEBUG)
				? "" : ". This is a bug: please report it with the output of a run with " +
					"-Dcnnclassifier.debug=true."), e);
		}
	}

	private static void fail(final ContextCommand command, final LogService log,
		final String message, final Throwable cause)
	{
		// NB: one line, whatever labels or file names it names.
		final String line = Messages.escaped(message);
		if (Boolean.getBoolean(DEBUG)) log.error(line, cause);
		else log.error(line);
		IJ.showProgress(1.0); // NB: never leave the bar where the job stopped
		command.cancel(line);
	}

	private static String title(final ContextCommand command) {
		final org.scijava.plugin.Plugin plugin = command.getClass().getAnnotation(
			org.scijava.plugin.Plugin.class);
		final String path = plugin == null ? "" : plugin.menuPath();
		return path.isEmpty() ? command.getClass().getSimpleName() : path.substring(path
			.lastIndexOf('>') + 1);
	}

	/**
	 * Writes {@code text} to standard output and flushes it.
	 *
	 * @throws DataException if it could not be written (a full disk, a
	 *           closed pipe): the output is then incomplete
	 */
	static void printToStandardOutput(final String text, final String what) {
		final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		System.out.write(bytes, 0, bytes.length);
		System.out.flush();
		// NB: PrintStream keeps write errors to itself; checkError tells of them.
		if (System.out.checkError()) {
			throw new DataException("Cannot write the " + what + " to standard output: the " +
				"disk is full or the program reading it stopped; the output is incomplete." +
				(what.equals("results") ? " Give results='/path/file.csv' to write a file." : ""));
		}
	}

	/**
	 * Checks what a training command writes, before anything is read: the model
	 * file (never inside the training or validation folder, nor the model it
	 * starts from) and the training-progress plot beside it.
	 *
	 * @param startName the option naming the model training starts from
	 * @param start that model file, or null
	 * @return the progress plot's path
	 */
	static Path checkTrainingOutputs(final Path model, final Path data, final Path validation,
		final String startName, final Path start, final boolean overwrite)
	{
		final Path progress = TrainingPlot.fileFor(model);
		Outputs.of(overwrite).file("model", model, MODEL).file("progress plot", progress,
			Pictures.kind(progress, "training progress plot")).inputFolder("training folder", data)
			.inputFolder("validation folder", validation).input(startName, start).check();
		return progress;
	}

	/**
	 * NB: run headless (not from a macro) without a file for it, a command's
	 * table goes to standard output, where a shell script can take it. The
	 * table is made only then: a macro's calls never print it.
	 */
	static void printUnlessSaved(final Path file, final Supplier<String> csv,
		final String what)
	{
		if (file == null && GraphicsEnvironment.isHeadless() && !IJ.isMacro()) {
			printToStandardOutput(csv.get(), what);
		}
	}

	/** A required file input, refused with {@code missing} when not given. */
	static Path required(final File file, final String missing) {
		final Path path = path(file);
		if (path == null) throw new IllegalArgumentException(missing);
		return path;
	}

	/** A choice between two words, either case, as the lower-case word; refuses any other. */
	static String choice(final String option, final String value, final String first,
		final String second)
	{
		if (first.equalsIgnoreCase(value) || second.equalsIgnoreCase(value)) {
			return value.toLowerCase(java.util.Locale.ROOT);
		}
		throw new IllegalArgumentException(option + " must be " + first + " or " + second +
			", got '" + value + "'.");
	}

	/** An optional file input: null when not given. */
	static Path path(final File file) {
		return file == null || file.getPath().isEmpty() ? null : file.toPath();
	}
}
