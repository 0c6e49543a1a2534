package io.github.cnnclassifier.train;

import io.github.cnnclassifier.data.RealPaths;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.DataSplit;
import io.github.cnnclassifier.data.DatasetReader;
import io.github.cnnclassifier.data.Duplicates;
import io.github.cnnclassifier.data.Fingerprint;
import io.github.cnnclassifier.data.Groups;
import io.github.cnnclassifier.data.ImageHash;
import io.github.cnnclassifier.data.HeldImages;
import io.github.cnnclassifier.data.ImageHashes;
import io.github.cnnclassifier.data.ImageDataset;
import io.github.cnnclassifier.data.ImageSizes;
import io.github.cnnclassifier.data.LabelledFolder;
import io.github.cnnclassifier.data.LabelledImage;
import io.github.cnnclassifier.data.LabelledSamples;
import io.github.cnnclassifier.data.Memory;
import io.github.cnnclassifier.data.Messages;
import io.github.cnnclassifier.engine.Runners;
import io.github.cnnclassifier.inspect.Calibration;
import io.github.cnnclassifier.model.CalibrationInfo;
import io.github.cnnclassifier.model.CropInfo;
import io.github.cnnclassifier.model.DataInfo;
import io.github.cnnclassifier.model.EpochRecord;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.model.Nd4jBackend;
import io.github.cnnclassifier.model.TrainingHashes;
import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.predict.Prediction;
import io.github.cnnclassifier.tensor.InputShape;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
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

		/** The file it starts from, which no output may replace; null if none. */
		default Path file() {
			return null;
		}

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
		return train(data, validationFolder, modelFile, start, null);
	}

	/**
	 * Trains a new network on {@code fold}, a split of {@code data}'s images
	 * made elsewhere (a cross-validation fold), as {@link #train(Path, Path, Path)} does.
	 *
	 * @param images {@code data}'s images, decoded or hashed once for all folds
	 */
	ModelBundle trainFold(final Path data, final DataSplit fold, final Path modelFile,
		final FoldImages images)
	{
		return train(data, null, modelFile, null, new Fold(fold, images));
	}

	/** A split made elsewhere, and its folder's images shared by all folds. */
	private record Fold(DataSplit split, FoldImages images) {}

	private ModelBundle train(final Path data, final Path validationFolder,
		final Path modelFile, final Start start, final Fold fold)
	{
		if (modelFile != null) ModelIO.checkWritable(modelFile);
		checkValidationFolder(data, validationFolder);
		final CropInfo crops = crops(data, validationFolder);
		// NB: read before the images, so that a wrong file fails at once; training needs ND4J.
		if (options.resumeFrom() != null) Nd4jBackend.loadInBackground();
		final ModelBundle resumed = options.resumeFrom() == null ? null : ModelIO.load(options
			.resumeFrom());
		final TrainingOptions used = resumed == null ? options : resumedOptions(resumed);
		final Checkpoints checkpoints = start != null ? Checkpoints.check(used, modelFile, data,
			validationFolder, "base_model", start.file()) : Checkpoints.check(used, modelFile, data,
				validationFolder, "resume_from model", used.resumeFrom());
		Runners.warmUp();
		final LabelledFolder folder = LabelledFolder.scan(data);
		DataSplit split;
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
			split = fold != null ? fold.split() : DataSplit.splitEachLabel(folder.images(), options
				.trainingFraction(), options.seed());
		}
		final Map<String, String> groups = new LinkedHashMap<>();
		if (!options.groupBy().isEmpty()) {
			if (validationFolder != null) {
				throw new DataException("group_by splits the data folder by groups, but " +
					"validation_folder gives the validation images: set one of them.");
			}
			final Function<LabelledImage, String> group = Groups.of(options.groupBy(), data);
			if (fold == null) {
				split = DataSplit.splitByGroup(folder.images(), options.trainingFraction(), options
					.seed(), group);
			}
			for (final LabelledImage image : folder.images()) {
				groups.put(relative(image, data, null), group.apply(image));
			}
			monitor.message("Groups (group_by=" + Messages.escaped(options.groupBy()) + "): " +
				count(split.training(), group) + " in training, " + count(split.validation(),
					group) + " in validation");
		}
		if (resumed != null && !resumed.labels().equals(folder.labels())) {
			throw new DataException("resume_from " + options.resumeFrom() + " classifies " + resumed
				.labels() + ", but " + data + " has the classes " + folder.labels() + ". Continue " +
				"training only on the same classes.");
		}
		final Input input = start != null ? new Input(start.input(), "from " + start
			.inputSource(), true) : resumed != null ? new Input(resumed.inputShape(), "declared by " +
				"resume_from " + options.resumeFrom(), true) : input(folder.images());
		final InputShape shape = input.shape();
		// NB: the counts are final unless copies are dropped: then they are known only after
		// hashing, but the memory the input and mini-batch need is checked before anything is
		// decoded (the count before dropping bounds the mini-batch).
		if (!options.dropDuplicates()) announce(folder.labels(), split, input);
		else checkMemory(input, split.training().size());
		final DatasetReader decoder = new DatasetReader(shape, folder.labels(),
			options.badFiles(), options.cacheBytes());
		final int total = all.size();
		// NB: images that fit in cache_mb are decoded once, for the duplicate check and training alike.
		final HeldImages held = fold != null ? fold.images().held(decoder, done -> monitor.reading(
			done, total)) : decoder.hold(split.all(), done -> monitor.reading(done, total));
		final Duplicates copies = findDuplicates(split, data, validationFolder, held != null
			? held.hashes() : fold != null ? fold.images().hashes() : null, fold != null ? "hashed " +
				"once for all folds" : held != null ? "hashed while reading" : null);
		if (options.dropDuplicates()) {
			split = dropDuplicates(split, copies);
			announce(folder.labels(), split, input);
		}

		final DatasetReader reader = held != null ? held.reader(options.badFiles()) : decoder;
		// NB: held images were shown being read as they were decoded; reading them again
		// is instant and would start the progress bar over.
		final int offset = split.training().size();
		final ImageDataset training = reader.read(split.training(), held != null ? done -> {}
			: done -> monitor.reading(done, total));
		final ImageDataset validation = reader.read(split.validation(), held != null
			? done -> {} : done -> monitor.reading(offset + done, total));
		for (final String skipped : reader.skipped()) monitor.message("Skipped: " + skipped);
		reportSplit(folder.labels(), training, validation);
		if (options.miniBatchSize() == 0) {
			monitor.message("Mini-batch: " + options.miniBatchSizeFor(training.count()) +
				" images (mini_batch_size=0: a tenth of the " + training.count() + " training " +
				"images, from 8 to 32)");
		}
		if (training.cached() < training.count() || validation.cached() < validation.count()) {
			monitor.message(String.format(Locale.ROOT, "Holding %d of %d training and %d of %d " +
				"validation images in memory (cache_mb=%d); the others are read from disk " +
				"each time", training.cached(), training.count(), validation.cached(), validation
					.count(), options.cacheBytes() >> 20));
		}

		final Trainer.EpochListener checkpoint = checkpoints == null ? null : checkpoints.saver(
			monitor);
		final Trainer.EpochListener saver = checkpoint == null ? null : (epoch, m) -> checkpoint
			.epochDone(epoch, new ModelBundle(m.network(), m.metadata().crops(crops)));
		final Trainer trainer = new Trainer(used, monitor).onEpoch(saver);
		if (resumed != null) {
			monitor.message("Continuing the training of " + options.resumeFrom() + " (" + resumed
				.metadata().history().size() + " epochs so far)");
		}
		final ModelBundle trained;
		try {
			trained = start != null ? start.train(training, validation, saver) : resumed == null
				? trainer.train(training, validation) : trainer.train(resumed, training, validation);
		}
		catch (final OutOfMemoryError e) {
			throw new TrainingException("Training ran out of memory with input " + shape + " (" +
				input.origin() + ") and mini_batch_size=" + options.miniBatchSizeFor(training.count()) + ": use a " +
				"smaller " + (input.ofModel() ? "" : "input size (input_height, input_width) or ") +
				"mini_batch_size, or give Java more memory (-Xmx).");
		}
		ModelBundle model = new ModelBundle(trained.network(), trained.metadata().data(
			new DataInfo(data.toAbsolutePath().toString(), validationFolder == null ? null
				: validationFolder.toAbsolutePath().toString(), all.size(), Fingerprint.of(data,
					folder.images()), training.count(), validation.count(), reader.skipped(),
				copies.report(), split.validation().stream().map(image -> relative(image, data,
					validationFolder)).toList()).groups(groups)).crops(crops).trainingHashes(
						trainingHashes(copies.hashes(split.training()), resumed)));
		report(model);
		if (validation.count() > 0) {
			model = new ModelBundle(model.network(), model.metadata().calibration(calibrate(model,
				validation)));
		}
		if (modelFile != null) {
			// NB: with the optimiser state, resume_from continues exactly where this stopped.
			ModelIO.save(model, modelFile, true);
			monitor.message("Saved model to " + modelFile);
		}
		return model;
	}

	/**
	 * The hashes of the images that trained the model, with those the
	 * resume_from model (or null) trained on before, so Evaluate CNN can tell
	 * when it is shown them again.
	 */
	private static TrainingHashes trainingHashes(final List<ImageHash> images,
		final ModelBundle resumed)
	{
		final TrainingHashes these = TrainingHashes.of(images);
		final TrainingHashes before = resumed == null ? null : resumed.metadata()
			.trainingHashes();
		return before == null ? these : these.plus(before);
	}

	/**
	 * Refuses a validation folder that is the training folder, or lies inside
	 * it or around it: the model would be validated on images it trains on.
	 */
	private static void checkValidationFolder(final Path data, final Path validation) {
		if (validation == null) return;
		final String why = RealPaths.isInside(validation, data) ? RealPaths.isInside(data,
			validation) ? "is the training folder" : "lies inside the training folder " + data
			: RealPaths.isInside(data, validation) ? "holds the training folder " + data : null;
		if (why != null) {
			throw new DataException("validation_folder " + validation + " " + why + ", so the " +
				"model would be validated on images it trains on. Give a separate folder, or leave " +
				"validation_folder empty to split the data by training_fraction.");
		}
	}

	/**
	 * The crop geometry of exported ROIs recorded in the data folder (and the
	 * validation folder, which must agree), logged; null when there is none.
	 */
	private CropInfo crops(final Path data, final Path validationFolder) {
		final CropInfo crops = CropInfo.read(data);
		final CropInfo other = validationFolder == null ? null : CropInfo.read(validationFolder);
		if (crops != null && other != null && !crops.sameGeometry(other)) {
			throw new DataException("validation_folder " + validationFolder + " holds crops cut " +
				"with " + other.geometry() + ", but " + data + " crops cut with " + crops.geometry() +
				" (" + CropInfo.FILE + "): export both with the same crop, padding and mask_outside");
		}
		if (crops != null) {
			monitor.message("Crops of objects cut with " + crops.geometry() + " (" + data.resolve(
				CropInfo.FILE) + "); the model records it for Classify ROIs with CNN");
		}
		return crops;
	}

	/**
	 * The options resume_from really trains with: the model's own network and
	 * input, recorded as such. An input size that differs from the model's is
	 * refused; other layers are ignored with a warning.
	 */
	private TrainingOptions resumedOptions(final ModelBundle resumed) {
		final InputShape shape = resumed.inputShape();
		final String model = "resume_from " + options.resumeFrom();
		if (options.inputHeight() > 0 && (options.inputHeight() != shape.height() || options
			.inputWidth() != shape.width()) || options.inputChannels() > 0 && options
				.inputChannels() != shape.channels())
		{
			throw new DataException("input_height=" + options.inputHeight() + ", input_width=" +
				options.inputWidth() + ", input_channels=" + options.inputChannels() + " differ " +
				"from the input of " + model + ", " + shape + ", which training continues with. " +
				"Leave them at 0 (or give the model's) to continue it; train a new model for " +
				"another input size.");
		}
		final TrainingOptions.Builder used = options.toBuilder().inputSize(shape.height(), shape
			.width(), shape.channels());
		final String layers = resumed.metadata().layers();
		if (!layers.isEmpty() && !layers.equals(options.spec().toString())) {
			monitor.message("Warning: layers '" + options.spec() + "' is ignored: " + model +
				" continues its own network, '" + layers + "', and the model records that.");
			used.layers(layers);
		}
		return used.build();
	}

	/**
	 * The network's input shape, where it came from, for the log, and whether
	 * it is a model's (which the options cannot change).
	 */
	private record Input(InputShape shape, String origin, boolean ofModel) {}

	/**
	 * Logs the classes, the split's counts and the input, and refuses an input
	 * and mini-batch that cannot fit in memory.
	 */
	private void announce(final List<String> labels, final DataSplit split, final Input input) {
		monitor.message(String.format(Locale.ROOT,
			"%d classes, %d training and %d validation images, input %s (%s)", labels.size(),
			split.training().size(), split.validation().size(), input.shape(), input.origin()));
		checkMemory(input, split.training().size());
	}

	/**
	 * Hashes every image (unless {@code hashes} are given) and logs how many
	 * have exact or near copies, with a warning naming the validation images
	 * that have one among the training images.
	 *
	 * @param hashed how the given hashes were made, for the log
	 */
	private Duplicates findDuplicates(final DataSplit split, final Path data,
		final Path validationFolder, final ImageHashes hashes, final String hashed)
	{
		final long start = System.nanoTime();
		final Function<LabelledImage, String> name = image -> relative(image, data,
			validationFolder);
		final Duplicates copies = hashes == null ? Duplicates.find(split, name) : Duplicates
			.find(split, hashes, name);
		final Duplicates.Report r = copies.report();
		monitor.message(String.format(Locale.ROOT, "Duplicates: %d images have an exact copy, " +
			"%d an exact or near copy; %d validation images have one among the training " +
			"images (%s)", r.exact(), r.near(), r.acrossSplit(), hashes == null ? String.format(
				Locale.ROOT, "hashed in %.1f s", (System.nanoTime() - start) / 1e9) : hashed));
		if (r.acrossSplit() > 0) {
			monitor.message("Warning: " + r.acrossSplit() + " validation " + (r.acrossSplit() ==
				1 ? "image has" : "images have") + " an exact or near copy among the training " +
				"images, so the validation accuracy overstates how the model does on new " +
				"images (e.g. " + Messages.escaped(r.pairs().get(0)) + "). Set " +
				"on_duplicate=drop to keep one image of each group of copies.");
		}
		return copies;
	}

	private static long count(final List<LabelledImage> images,
		final Function<LabelledImage, String> group)
	{
		return images.stream().map(group).distinct().count();
	}

	/** The split with one image of each group of copies, logged. */
	private DataSplit dropDuplicates(final DataSplit split, final Duplicates copies) {
		final DataSplit kept = copies.drop();
		final int dropped = split.training().size() + split.validation().size() - kept
			.training().size() - kept.validation().size();
		monitor.message("on_duplicate=drop: left out " + dropped + (dropped == 1 ? " copy"
			: " copies") + ", one image of each group kept");
		return kept;
	}

	/** The image's path relative to the folder it came from, with '/' between names. */
	private static String relative(final LabelledImage image, final Path data,
		final Path validationFolder)
	{
		final Path file = image.file();
		final Path root = validationFolder != null && file.startsWith(validationFolder)
			? validationFolder : data;
		final Path rel = file.startsWith(root) ? root.relativize(file) : file;
		return rel.toString().replace(java.io.File.separatorChar, '/');
	}

	/**
	 * Fits the temperature on the validation images (Guo et al. 2017) and logs
	 * what it does to their expected calibration error. NB: the log of a
	 * softmax differs from the logits by a constant per image, which the
	 * softmax ignores, so the probabilities suffice.
	 */
	private CalibrationInfo calibrate(final ModelBundle model, final ImageDataset validation) {
		// NB: a resumed model's temperature would otherwise be applied to the probabilities it is fitted on.
		final ModelBundle uncalibrated = new ModelBundle(model.network(), model.metadata()
			.calibration(null));
		final List<Prediction> predictions;
		try (Classifier classifier = new Classifier(uncalibrated)) {
			predictions = classifier.classify(validation, CALIBRATION_BATCH, done -> {});
		}
		final int n = predictions.size(), classes = model.labels().size();
		final float[][] logits = new float[n][classes];
		final int[] labels = new int[n];
		for (int i = 0; i < n; i++) {
			labels[i] = validation.label(i);
			for (int k = 0; k < classes; k++) {
				logits[i][k] = (float) Math.log(Math.max(predictions.get(i).probability(k),
					Float.MIN_NORMAL));
			}
		}
		final double t = Calibration.fitTemperature(logits, labels);
		final CalibrationInfo info = new CalibrationInfo(t, n, Calibration.ece(logits, labels,
			1), Calibration.ece(logits, labels, t), Calibration.nll(logits, labels, 1),
			Calibration.nll(logits, labels, t));
		monitor.message(String.format(Locale.ROOT, "Calibration on the %d validation images: " +
			"temperature %.3f, expected calibration error %.4f before, %.4f after; negative " +
			"log-likelihood %.4f before, %.4f after", n, t, info.eceBefore(), info.eceAfter(),
			info.nllBefore(), info.nllAfter()));
		return info;
	}


	private static final String BY_USER = "set by the user";

	/** Validation images per forward pass while the temperature is fitted (any size gives the same). */
	private static final int CALIBRATION_BATCH = 64;

	/**
	 * The input shape the user set, or else the most common image size (every
	 * image's header counts; ties go to the size met first) with a warning
	 * naming the images far from it, and the most common channel count.
	 */
	private Input input(final List<LabelledImage> images) {
		final int height, width, channels;
		String origin = BY_USER;
		if (options.inputHeight() > 0) {
			height = options.inputHeight();
			width = options.inputWidth();
			channels = options.inputChannels() > 0 ? options.inputChannels() : ImageSizes
				.channels(images);
		}
		else {
			final ImageSizes sizes = ImageSizes.read(images);
			final int[] common = sizes.mostCommon();
			if (common == null) {
				final InputShape first = ImageSizes.firstReadable(images);
				height = first.height();
				width = first.width();
				origin = "from the first image";
			}
			else {
				height = common[0];
				width = common[1];
				origin = "the most common image size, " + common[2] + " of " + images.size() +
					" images";
			}
			final List<String> far = sizes.farFrom(height, width);
			if (!far.isEmpty()) {
				monitor.message("Warning: " + far.size() + (far.size() == 1 ? " image is" :
					" images are") + " far from the input size " + height + "x" + width + " (more " +
					"than twice or less than half its height or width) and will be resized to " +
					"it: " + Messages.list(far));
			}
			channels = options.inputChannels() > 0 ? options.inputChannels() : sizes
				.channelsOfSize(height, width);
		}
		try {
			return new Input(new InputShape(height, width, channels), origin, false);
		}
		catch (final IllegalArgumentException e) {
			throw new DataException(e.getMessage() + (options.inputHeight() > 0 ? " (" +
				"input_height=" + height + ", input_width=" + width + ")." : "; set " +
				"input_height and input_width to a smaller size."));
		}
	}

	/**
	 * NB: a training step holds the mini-batch, the next one being read, and
	 * the network's activations, which are several times the input for any
	 * CNN: four mini-batches of input is a floor, not an estimate.
	 */
	private void checkMemory(final Input input, final int trainingImages) {
		final InputShape shape = input.shape();
		final long batch = options.miniBatchSizeFor(trainingImages);
		final String size = input.origin().equals(BY_USER) ? "input_height=" + shape.height() +
			", input_width=" + shape.width() : "The input size " + shape.height() + "x" + shape
				.width() + " (" + input.origin() + ")";
		// NB: the input of a model training starts from is that model's: only the batch can change.
		Memory.require(4 * batch * shape.bytes(), size + " with mini_batch_size=" + batch +
			" (" + shape.size() + " values per image)", input.ofModel()
				? "Use a smaller mini_batch_size, or start from a model with a smaller input size."
				: "Use a smaller input size (input_height, input_width) or mini_batch_size.");
	}

	/**
	 * Logs how many training and validation images each class got, and warns
	 * about classes that have no validation image or far fewer images than the
	 * largest: the validation accuracy says little about them.
	 */
	private void reportSplit(final List<String> labels, final ImageDataset training,
		final ImageDataset validation)
	{
		final int[] train = training.classCounts();
		final int[] val = validation.classCounts();
		int largest = 0;
		final List<String> counts = new ArrayList<>();
		for (int c = 0; c < labels.size(); c++) {
			largest = Math.max(largest, train[c] + val[c]);
			counts.add(labels.get(c) + " " + train[c] + "/" + val[c]);
		}
		monitor.message("Images per class (training/validation): " + String.join(", ",
			counts));
		for (int c = 0; c < labels.size(); c++) {
			final int n = train[c] + val[c];
			final boolean unvalidated = validation.count() > 0 && val[c] == 0;
			final boolean small = n * 10 < largest;
			if (!unvalidated && !small) continue;
			monitor.message("Warning: class '" + labels.get(c) + "' has " + n + (n == 1
				? " image" : " images") + (small ? " against up to " + largest + " in " +
					"another class" : "") + ": " + train[c] + " for training, " + val[c] +
				" for validation" + (unvalidated ? ", so the validation accuracy does not " +
					"measure it" : "") + ". Add images of this class.");
		}
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
