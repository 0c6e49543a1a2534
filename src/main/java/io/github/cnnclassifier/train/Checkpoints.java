package io.github.cnnclassifier.train;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.output.OutputFile;
import io.github.cnnclassifier.model.ModelIO;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The model files of checkpoint_folder, {@code <model name>-epochNNN.zip},
 * checked as outputs before training starts: never a file of another kind,
 * the model training starts from, or a file inside the training or validation data.
 */
final class Checkpoints {

	private static final OutputFile.Kind KIND = new OutputFile.Kind("checkpoint", ModelIO.KIND
		.description(), ModelIO.KIND.recognises());

	private final Path folder;
	private final String name;

	private Checkpoints(final Path folder, final String name) {
		this.folder = folder;
		this.name = name;
	}

	/**
	 * Checks the checkpoints' folder and every file in it that a checkpoint
	 * would replace, before any work.
	 *
	 * @param modelFile the model the training writes (its name names the
	 *          checkpoints), or null
	 * @param startRole names the model training starts from, e.g. "resume_from model"
	 * @param start that model's file, or null
	 * @return the checkpoints, or null when {@code options} ask for none
	 * @throws DataException naming the file and what to do
	 */
	static Checkpoints check(final TrainingOptions options, final Path modelFile,
		final Path data, final Path validation, final String startRole, final Path start)
	{
		final Path folder = options.checkpointFolder();
		if (folder == null) return null;
		if (!Files.isDirectory(folder)) {
			throw new DataException("checkpoint_folder " + folder + " is not a folder. " +
				"Create it or choose another.");
		}
		final Checkpoints checkpoints = new Checkpoints(folder, modelFile == null ? "model"
			: OutputFile.withoutZip(modelFile));
		checkpoints.check(checkpoints.file(1), data, validation, startRole, start);
		// NB: only files already there can be of another kind, the start model or a
		// link into the data; listing them bounds the work whatever max_epochs is.
		final Pattern names = Pattern.compile(Pattern.quote(checkpoints.name) +
			"-epoch\\d{3,}\\.zip");
		try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
			for (final Path file : files) {
				if (names.matcher(file.getFileName().toString()).matches()) {
					checkpoints.check(file, data, validation, startRole, start);
				}
			}
		}
		catch (final IOException e) {
			throw new DataException("Cannot list checkpoint_folder " + folder + ": " + e
				.getMessage() + ". Check that you may read it, or choose another.");
		}
		return checkpoints;
	}

	private static void check(final Path file, final Path data, final Path validation,
		final String startRole, final Path start)
	{
		OutputFile.of(file, KIND).notInside("training folder", data).notInside(
			"validation folder", validation).notTheSameAs(startRole, start)
			.overwriteNotOffered().check();
	}

	/** The checkpoint of {@code epoch}. */
	Path file(final int epoch) {
		return folder.resolve(String.format(Locale.ROOT, "%s-epoch%03d.zip", name, epoch));
	}

	/** Saves every epoch's model, with its optimiser state, and says so. */
	Trainer.EpochListener saver(final TrainingMonitor monitor) {
		return (epoch, model) -> {
			final Path file = file(epoch);
			ModelIO.save(model, file, true);
			monitor.message("Saved checkpoint " + file);
		};
	}
}
