package io.github.cnnclassifier.train;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.DataSplit;
import io.github.cnnclassifier.data.DatasetReader;
import io.github.cnnclassifier.data.Groups;
import io.github.cnnclassifier.data.HeldImages;
import io.github.cnnclassifier.data.ImageDataset;
import io.github.cnnclassifier.data.ImageHashes;
import io.github.cnnclassifier.data.LabelledFolder;
import io.github.cnnclassifier.data.LabelledImage;
import io.github.cnnclassifier.data.Messages;
import io.github.cnnclassifier.data.RealPaths;
import io.github.cnnclassifier.inspect.Bootstrap;
import io.github.cnnclassifier.inspect.Evaluation;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.output.OutputFile;
import io.github.cnnclassifier.output.Table;
import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.predict.Prediction;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * k-fold cross-validation of a training run (the job behind "Cross-Validate
 * CNN"): every fold trains a new network with the same options on the other
 * folds' images and is scored on its own, whole groups at a time
 * ({@link DataSplit#folds}). Blocks until done; the monitor's cancel stops
 * it with a {@link CancellationException}.
 */
public final class CrossValidation {

	/** What the results CSV is: one row per fold, then the mean and standard deviation. */
	public static final OutputFile.Kind RESULTS = OutputFile.Kind.csvWithColumns(
		"cross-validation results", "cross-validation results written by CNN Classifier (a " +
			"CSV with Fold, Accuracy and Macro_F1 columns)", "Fold", "Accuracy", "Macro_F1");

	/** Validation images per forward pass while a fold is scored. */
	private static final int BATCH = 64;

	/** One fold's network scored on the images it did not train on (fractions, 0..1). */
	public record Fold(int number, int training, int validation, double accuracy,
		double macroF1) {}

	/** The folds' scores, in fold order. */
	public record Result(List<Fold> folds) {

		public Result {
			folds = List.copyOf(folds);
		}

		/** The mean of a score over the folds. */
		public double mean(final ToDoubleFunction<Fold> score) {
			return folds.stream().mapToDouble(score).average().orElse(Double.NaN);
		}

		/** The sample standard deviation (n - 1) of a score over the folds. */
		public double sd(final ToDoubleFunction<Fold> score) {
			final double mean = mean(score);
			double sum = 0;
			for (final Fold f : folds) sum += Math.pow(score.applyAsDouble(f) - mean, 2);
			return Math.sqrt(sum / (folds.size() - 1));
		}

		/** E.g. "accuracy 0.9125 ± 0.0213, macro-F1 0.9100 ± 0.0250 over 5 folds". */
		public String line() {
			return String.format(Locale.ROOT, "accuracy %.4f ± %.4f, macro-F1 %.4f ± %.4f over " +
				"%d folds", mean(Fold::accuracy), sd(Fold::accuracy), mean(Fold::macroF1), sd(
					Fold::macroF1), folds.size());
		}

		/**
		 * Fold, Training, Validation, Accuracy, Macro_F1: a row per fold, then
		 * {@code mean} and {@code sd}, whose counts are empty.
		 */
		public Table table() {
			final List<List<Object>> rows = new ArrayList<>();
			for (final Fold f : folds) {
				rows.add(List.of(String.valueOf(f.number()), f.training(), f.validation(), f
					.accuracy(), f.macroF1()));
			}
			rows.add(List.of("mean", "", "", mean(Fold::accuracy), mean(Fold::macroF1)));
			rows.add(List.of("sd", "", "", sd(Fold::accuracy), sd(Fold::macroF1)));
			return new Table(List.of("Fold", "Training", "Validation", "Accuracy", "Macro_F1"),
				rows);
		}

		/** {@link #table()} as a CSV. */
		public String csv() {
			return table().csv();
		}
	}

	private final TrainingOptions options;
	private final int k;
	private final TrainingMonitor monitor;
	private final DoubleConsumer fraction;
	/** Hashes the folder's images, once per run, when they cannot be held in memory. */
	private final Function<List<LabelledImage>, ImageHashes> hasher;

	/**
	 * @param folds how many folds, at least 2
	 * @param monitor receives every fold's messages (prefixed "Fold i/k: ") and may cancel
	 * @param fraction told the fraction done, 0..1, over all folds
	 */
	public CrossValidation(final TrainingOptions options, final int folds,
		final TrainingMonitor monitor, final DoubleConsumer fraction)
	{
		this(options, folds, monitor, fraction, ImageHashes::of);
	}

	/** As the public constructor, with the images hashed by {@code hasher} (a test counts its calls). */
	CrossValidation(final TrainingOptions options, final int folds,
		final TrainingMonitor monitor, final DoubleConsumer fraction,
		final Function<List<LabelledImage>, ImageHashes> hasher)
	{
		if (options.resumeFrom() != null || options.checkpointFolder() != null) {
			throw new TrainingException("Cross-validation trains a new network per fold: " +
				"leave resume_from and checkpoint_folder empty.");
		}
		this.options = options;
		this.k = folds;
		this.monitor = monitor;
		this.fraction = fraction;
		this.hasher = hasher;
	}

	/** The model file of fold {@code number} (1-based) in {@code folder}: {@code fold-1.zip}. */
	public static Path modelFile(final Path folder, final int number) {
		return folder.resolve("fold-" + number + ".zip");
	}

	/**
	 * Cross-validates on the labelled folder {@code data}.
	 *
	 * @param saveModels folder (created if missing) for each fold's model, {@link #modelFile}; or null
	 * @throws DataException for unusable data, or a class with fewer images (or
	 *           groups) than folds
	 * @throws CancellationException when the monitor asks to stop
	 */
	public Result run(final Path data, final Path saveModels) {
		final LabelledFolder folder = LabelledFolder.scan(data);
		final boolean grouped = !options.groupBy().isEmpty();
		final Function<LabelledImage, String> group = grouped ? Groups.of(options.groupBy(), data)
			: image -> image.file().toString();
		final List<LabelledImage> images = folder.images();
		if (k >= 2) checkClasses(images, group, grouped);
		final List<DataSplit> splits = DataSplit.folds(images, k, options.seed(), group);
		if (saveModels != null) modelsFolder(saveModels, data);
		// NB: every fold holds every image, so one decoding (or hashing) serves them all.
		final FoldImages shared = new FoldImages(images, k, monitor, hasher);
		final List<Fold> folds = new ArrayList<>();
		for (int f = 0; f < k; f++) {
			final DataSplit split = splits.get(f);
			final ModelBundle model = new FolderTrainer(options, foldMonitor(f)).trainFold(data,
				split, saveModels == null ? null : modelFile(saveModels, f + 1), shared);
			if (monitor.cancelRequested()) throw new CancellationException();
			folds.add(score(f + 1, model, data, split, shared));
			monitor.message(String.format(Locale.ROOT, "Fold %d/%d: accuracy %.4f, macro-F1 " +
				"%.4f on its %d validation images", f + 1, k, folds.get(f).accuracy(), folds.get(f)
					.macroF1(), folds.get(f).validation()));
		}
		fraction.accept(1);
		return new Result(folds);
	}

	/**
	 * Refuses a class with fewer images (or groups) than folds: some fold
	 * would have none of it to validate on.
	 */
	private void checkClasses(final List<LabelledImage> images,
		final Function<LabelledImage, String> group, final boolean grouped)
	{
		final Map<String, Set<String>> groupsOf = new LinkedHashMap<>();
		for (final LabelledImage image : images) {
			groupsOf.computeIfAbsent(image.label(), l -> new HashSet<>()).add(group.apply(image));
		}
		final String unit = grouped ? "groups" : "images";
		for (final Map.Entry<String, Set<String>> e : groupsOf.entrySet()) {
			final int n = e.getValue().size();
			if (n >= k) continue;
			throw new DataException("Class '" + Messages.escaped(e.getKey()) + "' has " + n + " " +
				unit + ", fewer than folds=" + k + ": every fold needs one to validate on. " + (n >= 2
					? "Use folds=" + n + " or fewer, or add " : "Add ") + unit + " of that class.");
		}
	}

	/**
	 * The fold's network applied to the validation images it recorded. NB: on_duplicate=drop
	 * may have left some of the fold's images out; they are not scored.
	 */
	private Fold score(final int number, final ModelBundle model, final Path data,
		final DataSplit split, final FoldImages shared)
	{
		final Set<String> recorded = new HashSet<>(model.metadata().data().validation());
		final DatasetReader decoder = new DatasetReader(model.inputShape(), model.labels(),
			options.badFiles(), options.cacheBytes());
		final HeldImages held = shared.held(decoder, done -> {});
		final DatasetReader reader = held != null ? held.reader(options.badFiles()) : decoder;
		final ImageDataset validation = reader.read(split.validation().stream().filter(
			image -> recorded.contains(Evaluation.relative(data, image.file()))).toList(),
			done -> {});
		final int n = validation.count();
		final int[] truth = new int[n], predicted = new int[n];
		try (Classifier classifier = new Classifier(model)) {
			final List<Prediction> predictions = classifier.classify(validation, BATCH,
				done -> {});
			for (int i = 0; i < n; i++) {
				truth[i] = validation.label(i);
				predicted[i] = predictions.get(i).classIndex();
			}
		}
		return new Fold(number, model.metadata().data().trainingImages(), n, Bootstrap.accuracy(
			truth, predicted), Bootstrap.macroF1(truth, predicted));
	}

	/** Passes fold {@code f}'s training on, its messages and validations marked with the fold. */
	private TrainingMonitor foldMonitor(final int f) {
		final String prefix = "Fold " + (f + 1) + "/" + k + ": ";
		return new TrainingMonitor() {

			@Override
			public void message(final String text) {
				monitor.message(prefix + text);
			}

			@Override
			public void reading(final int done, final int total) {
				monitor.reading(done, total);
			}

			@Override
			public void iteration(final TrainingProgress progress) {
				monitor.iteration(progress);
				fraction.accept((f + progress.fractionDone()) / k);
			}

			@Override
			public void validation(final TrainingProgress progress) {
				monitor.message(prefix + progress.line());
			}

			@Override
			public boolean cancelRequested() {
				return monitor.cancelRequested();
			}
		};
	}

	/**
	 * Creates the save_models folder if missing, so that its model files can
	 * be checked as outputs.
	 *
	 * @throws DataException if it lies inside {@code data} or cannot be created
	 */
	public static void modelsFolder(final Path folder, final Path data) {
		if (RealPaths.isInside(folder, data)) {
			throw new DataException("save_models " + folder + " lies inside the data folder " + data +
				": its models would be read as images of a class. Choose a folder outside it.");
		}
		try {
			Files.createDirectories(folder);
		}
		catch (final IOException e) {
			throw new DataException("Cannot create the save_models folder " + folder + ": " + e +
				". Choose a folder you can write to.", e);
		}
	}
}
