package io.github.cnnclassifier.train;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.DataSplit;
import io.github.cnnclassifier.data.DatasetReader;
import io.github.cnnclassifier.data.Fingerprint;
import io.github.cnnclassifier.data.ImageDataset;
import io.github.cnnclassifier.data.ImageFiles;
import io.github.cnnclassifier.data.LabelledFolder;
import io.github.cnnclassifier.data.LabelledImage;
import io.github.cnnclassifier.data.LabelledSamples;
import io.github.cnnclassifier.engine.Runners;
import io.github.cnnclassifier.model.DataInfo;
import io.github.cnnclassifier.model.EpochRecord;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.tensor.InputShape;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The whole job behind "Train CNN Classifier": scan a labelled folder, split
 * it, read the images, train, and save the model file. Blocks until done.
 */
public final class FolderTrainer {

	private final TrainingOptions options;
	private final TrainingMonitor monitor;

	public FolderTrainer(final TrainingOptions options, final TrainingMonitor monitor) {
		this.options = options;
		this.monitor = monitor;
	}

	/**
	 * A network to train that is not made here: e.g. one transferred from
	 * another model, which takes that model's input.
	 */
	public interface Start {

		/** The input every image is fitted to. */
		InputShape input();

		/** Where the input comes from, for the log, e.g. "the base network". */
		String inputSource();

		/**
		 * Trains on the images read, with the job's options and monitor.
		 *
		 * @param checkpoints saves a model per epoch, or null
		 */
		ModelBundle train(LabelledSamples training, LabelledSamples validation,
			Trainer.EpochListener checkpoints);
	}

	/**
	 * Trains on {@code data} and writes the model to {@code modelFile}.
	 *
	 * @param validationFolder labelled folder to validate on, or null to split
	 *          {@code data} by training_fraction
	 * @param modelFile where to save; checked before anything is read; null to not save
	 * @throws DataException for unusable data (missing folder, one class, bad files under 'stop')
	 * @throws TrainingException if training diverges
	 */
	public ModelBundle train(final Path data, final Path validationFolder,
		final Path modelFile)
	{
		return train(data, validationFolder, modelFile, null);
	}

	/**
	 * Trains {@code start} on {@code data} as {@link #train(Path, Path, Path)}
	 * trains a new network; null trains a new one (or resume_from's).
	 */
	public ModelBundle train(final Path data, final Path validationFolder,
		final Path modelFile, final Start start)
	{
		if (modelFile != null) ModelIO.checkWritable(modelFile);
		final Path checkpoints = options.checkpointFolder();
		if (checkpoints != null && !Files.isDirectory(checkpoints)) {
			throw new DataException("checkpoint_folder " + checkpoints + " is not a folder. " +
				"Create it or choose another.");
		}
		// NB: read before the images, so that a wrong file fails at once.
		final ModelBundle resumed = options.resumeFrom() == null ? null : ModelIO.load(options
			.resumeFrom());
		Runners.warmUp();
		final LabelledFolder folder = LabelledFolder.scan(data);
		final DataSplit split;
		final List<LabelledImage> all = new ArrayList<>(folder.images());
		if (validationFolder != null) {
			final LabelledFolder val = LabelledFolder.scan(validationFolder);
			if (!folder.labels().containsAll(val.labels())) {
				final List<String> extra = new ArrayList<>(val.labels());
				extra.removeAll(folder.labels());
				throw new DataException("Validation folder " + validationFolder +
					" has classes the training folder lacks: " + extra + ". Use the same " +
					"class sub-folder names in both.");
			}
			split = new DataSplit(folder.images(), val.images());
			all.addAll(val.images());
		}
		else {
			split = DataSplit.splitEachLabel(folder.images(), options.trainingFraction(),
				options.seed());
		}
		final InputShape shape = start != null ? start.input() : resumed != null ? resumed
			.inputShape() : inputShape(folder.images().get(0));
		if (resumed != null && !resumed.labels().equals(folder.labels())) {
			throw new DataException("resume_from " + options.resumeFrom() + " classifies " + resumed
				.labels() + ", but " + data + " has the classes " + folder.labels() + ". Continue " +
				"training only on the same classes.");
		}
		monitor.message(String.format(Locale.ROOT,
			"%d classes, %d training and %d validation images, input %s (%s)",
			folder.labels().size(), split.training().size(), split.validation().size(), shape,
			start != null ? "from " + start.inputSource() : options.inputHeight() > 0 ?
				"set by the user" : "from " + folder.images().get(0).file().getFileName()));

		final DatasetReader reader = new DatasetReader(shape, folder.labels(),
			options.badFiles(), options.cacheBytes());
		final int total = all.size();
		final ImageDataset training = reader.read(split.training(), done -> monitor.reading(
			done, total));
		final int offset = split.training().size();
		final ImageDataset validation = reader.read(split.validation(), done -> monitor
			.reading(offset + done, total));
		for (final String skipped : reader.skipped()) monitor.message("Skipped: " + skipped);
		if (training.cached() < training.count() || validation.cached() < validation.count()) {
			monitor.message(String.format(Locale.ROOT, "Holding %d of %d training and %d of %d " +
				"validation images in memory (cache_mb=%d); the others are read from disk " +
				"each time", training.cached(), training.count(), validation.cached(), validation
					.count(), options.cacheBytes() >> 20));
		}

		Trainer.EpochListener saver = null;
		if (checkpoints != null) {
			final String name = modelFile == null ? "model" : modelFile.getFileName().toString()
				.replaceFirst("\\.zip$", "");
			saver = (epoch, m) -> {
				final Path file = checkpoints.resolve(String.format(Locale.ROOT, "%s-epoch%03d.zip",
					name, epoch));
				ModelIO.save(m, file, true);
				monitor.message("Saved checkpoint " + file);
			};
		}
		final Trainer trainer = new Trainer(options, monitor).onEpoch(saver);
		if (resumed != null) {
			monitor.message("Continuing the training of " + options.resumeFrom() + " (" + resumed
				.metadata().history().size() + " epochs so far)");
		}
		final ModelBundle model = start != null ? start.train(training, validation, saver)
			: resumed == null ? trainer.train(training, validation) : trainer.train(resumed,
				training, validation);
		model.metadata().data(new DataInfo(data.toAbsolutePath().toString(),
			validationFolder == null ? null : validationFolder.toAbsolutePath().toString(),
			all.size(), Fingerprint.of(data, folder.images()), training.count(),
			validation.count(), reader.skipped()));
		report(model);
		if (modelFile != null) {
			// NB: with the optimiser state, resume_from continues exactly where this stopped.
			ModelIO.save(model, modelFile, true);
			monitor.message("Saved model to " + modelFile);
		}
		return model;
	}

	private InputShape inputShape(final LabelledImage first) {
		if (options.inputHeight() > 0 && options.inputChannels() > 0) {
			return new InputShape(options.inputHeight(), options.inputWidth(),
				options.inputChannels());
		}
		final InputShape fromImage = DatasetReader.shapeOf(ImageFiles.open(first.file()));
		return new InputShape(
			options.inputHeight() > 0 ? options.inputHeight() : fromImage.height(),
			options.inputWidth() > 0 ? options.inputWidth() : fromImage.width(),
			options.inputChannels() > 0 ? options.inputChannels() : fromImage.channels());
	}

	private void report(final ModelBundle model) {
		final List<EpochRecord> history = model.metadata().history();
		final EpochRecord last = history.get(history.size() - 1);
		final String how = model.metadata().stopped();
		monitor.message(String.format(Locale.ROOT,
			"Training %s after %.1f s: loss %.4f, accuracy %s, validation accuracy %s",
			how.equals("completed") ? "completed" : how + " (the model keeps the weights " +
				"of that moment)", last.seconds(), last.loss(),
			TrainingProgress.percent(last.accuracy()),
			TrainingProgress.percent(last.validationAccuracy())));
	}
}
