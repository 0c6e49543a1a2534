package io.github.cnnclassifier.train;

import io.github.cnnclassifier.data.Augmentation;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.DatasetReader;
import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.LayerSpec;
import io.github.cnnclassifier.model.ModelException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that decides a training run, with MATLAB's option names in
 * snake_case and MATLAB's defaults; immutable, built with {@link #builder()}.
 */
public final class TrainingOptions {

	/** Bounds of the automatic mini-batch (mini_batch_size=0). */
	static final int MIN_AUTOMATIC_BATCH = 8, MAX_AUTOMATIC_BATCH = 32;

	private final String layers;
	private final LayerSpec spec;
	private final Solver solver;
	private final double initialLearnRate;
	private final double momentum;
	private final int maxEpochs;
	private final int miniBatchSize;
	private final int validationFrequency;
	private final Shuffle shuffle;
	private final double l2Regularization;
	private final long seed;
	private final double trainingFraction;
	private final BadFiles badFiles;
	private final boolean dropDuplicates;
	private final String groupBy;
	private final int inputHeight;
	private final int inputWidth;
	private final int inputChannels;
	private final int cacheMegabytes;
	private final int validationPatience;
	private final Path checkpointFolder;
	private final Path resumeFrom;
	private final ClassWeights classWeights;
	private final Augmentation augmentation;

	private TrainingOptions(final Builder b) {
		layers = b.layers;
		solver = b.solver;
		initialLearnRate = b.initialLearnRate;
		momentum = b.momentum;
		maxEpochs = b.maxEpochs;
		miniBatchSize = b.miniBatchSize;
		validationFrequency = b.validationFrequency;
		shuffle = b.shuffle;
		l2Regularization = b.l2Regularization;
		seed = b.seed;
		trainingFraction = b.trainingFraction;
		badFiles = b.badFiles;
		dropDuplicates = b.dropDuplicates;
		groupBy = b.groupBy;
		inputHeight = b.inputHeight;
		inputWidth = b.inputWidth;
		inputChannels = b.inputChannels;
		cacheMegabytes = b.cacheMegabytes;
		validationPatience = b.validationPatience;
		checkpointFolder = b.checkpointFolder;
		resumeFrom = b.resumeFrom;
		classWeights = b.classWeights;
		augmentation = b.augmentation;
		try {
			spec = Architectures.spec(layers);
		}
		catch (final ModelException e) {
			throw new TrainingException("layers: " + e.getMessage());
		}
		check(validationPatience >= 0, "validation_patience", validationPatience,
			"0 (off) or a number of validations");
		check(initialLearnRate > 0 && Double.isFinite(initialLearnRate),
			"initial_learn_rate", initialLearnRate, "a positive number such as 0.01");
		check(momentum >= 0 && momentum < 1, "momentum", momentum, "in [0, 1), e.g. 0.9");
		check(maxEpochs >= 1, "max_epochs", maxEpochs, "at least 1");
		check(miniBatchSize >= 0, "mini_batch_size", miniBatchSize,
			"at least 1, or 0 to choose from the number of training images");
		check(validationFrequency >= 1, "validation_frequency", validationFrequency,
			"at least 1 (iterations)");
		check(l2Regularization >= 0 && Double.isFinite(l2Regularization),
			"l2_regularization", l2Regularization, "0 or more, e.g. 0.0001");
		check(trainingFraction > 0 && trainingFraction <= 1, "training_fraction",
			trainingFraction, "above 0 and at most 1, e.g. 0.75");
		check(inputHeight >= 0 && inputWidth >= 0 && inputChannels >= 0 &&
			(inputHeight == 0) == (inputWidth == 0), "input_height/input_width",
			inputHeight + "/" + inputWidth, "both 0 (size of the first image) or both positive");
		check(cacheMegabytes >= 0, "cache_mb", cacheMegabytes,
			"0 (a quarter of the Java heap) or a number of megabytes");
	}

	private static void check(final boolean ok, final String name, final Object value,
		final String expected)
	{
		if (!ok) {
			throw new TrainingException(name + " must be " + expected + ", got " + value + ".");
		}
	}

	/** A builder with MATLAB's defaults ('sgdm', 0.01, 0.9, 4 epochs, batch 128, ...). */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder starting from these options. */
	public Builder toBuilder() {
		final Builder b = new Builder();
		b.layers = layers;
		b.solver = solver;
		b.initialLearnRate = initialLearnRate;
		b.momentum = momentum;
		b.maxEpochs = maxEpochs;
		b.miniBatchSize = miniBatchSize;
		b.validationFrequency = validationFrequency;
		b.shuffle = shuffle;
		b.l2Regularization = l2Regularization;
		b.seed = seed;
		b.trainingFraction = trainingFraction;
		b.badFiles = badFiles;
		b.dropDuplicates = dropDuplicates;
		b.groupBy = groupBy;
		b.inputHeight = inputHeight;
		b.inputWidth = inputWidth;
		b.inputChannels = inputChannels;
		b.cacheMegabytes = cacheMegabytes;
		b.validationPatience = validationPatience;
		b.checkpointFolder = checkpointFolder;
		b.resumeFrom = resumeFrom;
		b.classWeights = classWeights;
		b.augmentation = augmentation;
		return b;
	}

	/** The network: a preset name (e.g. lecture-cnn) or a layer spec. */
	public String layers() {
		return layers;
	}

	/** The network as a parsed spec. */
	public LayerSpec spec() {
		return spec;
	}

	/** Stop when the validation loss has not improved on its best this many validations in a row; 0: never. */
	public int validationPatience() {
		return validationPatience;
	}

	/** Folder for a model file per epoch, or null. */
	public Path checkpointFolder() {
		return checkpointFolder;
	}

	/** A model file to continue training, or null to start a new network. */
	public Path resumeFrom() {
		return resumeFrom;
	}

	public ClassWeights classWeights() {
		return classWeights;
	}

	/** How training images are changed at random each epoch; {@link Augmentation#NONE} by default. */
	public Augmentation augmentation() {
		return augmentation;
	}

	public Solver solver() {
		return solver;
	}

	public double initialLearnRate() {
		return initialLearnRate;
	}

	public double momentum() {
		return momentum;
	}

	public int maxEpochs() {
		return maxEpochs;
	}

	/** mini_batch_size as given: 0 means automatic, see {@link #miniBatchSizeFor}. */
	public int miniBatchSize() {
		return miniBatchSize;
	}

	/**
	 * The mini-batch for {@code images} training images: mini_batch_size (at
	 * most the images); automatic (0): a tenth of the images, at least
	 * {@value #MIN_AUTOMATIC_BATCH} and at most {@value #MAX_AUTOMATIC_BATCH}.
	 * NB: a small folder then gets ten updates or more per epoch; with 128 (the
	 * old default) 90 training images got one. After 4 epochs, 5 seeds
	 * (MiniBatchDefaultBenchmark): the digits (900 training images) reach
	 * 98.3 % at 32 against 95.5 % at 128; the cells (90) 54 % at 9 against 45 %.
	 */
	public int miniBatchSizeFor(final int images) {
		final int size = miniBatchSize > 0 ? miniBatchSize : Math.max(MIN_AUTOMATIC_BATCH, Math
			.min(MAX_AUTOMATIC_BATCH, images / 10));
		return Math.max(1, Math.min(size, images));
	}

	/** Validate every this many iterations (mini-batches). */
	public int validationFrequency() {
		return validationFrequency;
	}

	public Shuffle shuffle() {
		return shuffle;
	}

	public double l2Regularization() {
		return l2Regularization;
	}

	/** Seeds the split, the weight initialisation and the shuffling. */
	public long seed() {
		return seed;
	}

	public double trainingFraction() {
		return trainingFraction;
	}

	public BadFiles badFiles() {
		return badFiles;
	}

	/** group_by: "" (split image by image), "folder" or a regular expression on the file name. */
	public String groupBy() {
		return groupBy;
	}

	/** on_duplicate=drop: keep one image of each group of exact or near copies. */
	public boolean dropDuplicates() {
		return dropDuplicates;
	}

	/** 0: the height of the first image. */
	public int inputHeight() {
		return inputHeight;
	}

	/** 0: the width of the first image. */
	public int inputWidth() {
		return inputWidth;
	}

	/** 0: from the first image (3 for RGB, else its channel count). */
	public int inputChannels() {
		return inputChannels;
	}

	/** Memory for decoded training images in bytes; images beyond it are decoded again each epoch. */
	public long cacheBytes() {
		return cacheMegabytes == 0 ? DatasetReader.defaultCacheBytes() : cacheMegabytes *
			1024L * 1024L;
	}

	/**
	 * {@link #toMap()} with the mini-batch training used, and
	 * {@code mini_batch_size_automatic: true} where it was chosen.
	 */
	public Map<String, Object> toMap(final int batchSize) {
		final Map<String, Object> m = toMap();
		m.put("mini_batch_size", batchSize);
		if (miniBatchSize == 0) m.put("mini_batch_size_automatic", true);
		return m;
	}

	/** The options by their user-facing names, for the model file. */
	public Map<String, Object> toMap() {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("layers", spec.toString());
		m.put("solver", solver.word());
		m.put("initial_learn_rate", initialLearnRate);
		m.put("momentum", momentum);
		m.put("max_epochs", maxEpochs);
		m.put("mini_batch_size", miniBatchSize);
		m.put("validation_frequency", validationFrequency);
		m.put("shuffle", shuffle.word());
		m.put("l2_regularization", l2Regularization);
		m.put("seed", seed);
		m.put("training_fraction", trainingFraction);
		m.put("on_bad_file", badFiles.word());
		m.put("on_duplicate", dropDuplicates ? "drop" : "keep");
		m.put("group_by", groupBy);
		m.put("input_height", inputHeight);
		m.put("input_width", inputWidth);
		m.put("input_channels", inputChannels);
		m.put("cache_mb", cacheMegabytes);
		m.put("validation_patience", validationPatience);
		m.put("checkpoint_folder", checkpointFolder == null ? "" : checkpointFolder.toString());
		m.put("resume_from", resumeFrom == null ? "" : resumeFrom.toString());
		m.put("class_weights", classWeights.word());
		m.putAll(augmentation.toMap());
		return m;
	}

	@Override
	public String toString() {
		return toMap().toString();
	}

	/** Collects options; {@link #build()} checks them. */
	public static final class Builder {

		private String layers = Architectures.LECTURE_CNN;
		private Solver solver = Solver.SGDM;
		private double initialLearnRate = 0.01;
		private double momentum = 0.9;
		private int maxEpochs = 4;
		private int miniBatchSize = 0;
		private int validationFrequency = 30;
		private Shuffle shuffle = Shuffle.EVERY_EPOCH;
		private double l2Regularization = 1e-4;
		private long seed = 42;
		private double trainingFraction = 0.75;
		private BadFiles badFiles = BadFiles.SKIP;
		private boolean dropDuplicates;
		private String groupBy = "";
		private int inputHeight;
		private int inputWidth;
		private int inputChannels;
		private int cacheMegabytes;
		private int validationPatience;
		private Path checkpointFolder;
		private Path resumeFrom;
		private ClassWeights classWeights = ClassWeights.NONE;
		private Augmentation augmentation = Augmentation.NONE;

		private Builder() {}

		/** A preset name or a layer spec, e.g. "conv3x3x16 bn relu maxpool2". */
		public Builder layers(final String v) {
			layers = v;
			return this;
		}

		public Builder validationPatience(final int v) {
			validationPatience = v;
			return this;
		}

		public Builder checkpointFolder(final Path v) {
			checkpointFolder = v;
			return this;
		}

		public Builder resumeFrom(final Path v) {
			resumeFrom = v;
			return this;
		}

		public Builder classWeights(final ClassWeights v) {
			classWeights = v;
			return this;
		}

		public Builder augmentation(final Augmentation v) {
			augmentation = v;
			return this;
		}

		public Builder solver(final Solver v) {
			solver = v;
			return this;
		}

		public Builder initialLearnRate(final double v) {
			initialLearnRate = v;
			return this;
		}

		public Builder momentum(final double v) {
			momentum = v;
			return this;
		}

		public Builder maxEpochs(final int v) {
			maxEpochs = v;
			return this;
		}

		public Builder miniBatchSize(final int v) {
			miniBatchSize = v;
			return this;
		}

		public Builder validationFrequency(final int v) {
			validationFrequency = v;
			return this;
		}

		public Builder shuffle(final Shuffle v) {
			shuffle = v;
			return this;
		}

		public Builder l2Regularization(final double v) {
			l2Regularization = v;
			return this;
		}

		public Builder seed(final long v) {
			seed = v;
			return this;
		}

		public Builder trainingFraction(final double v) {
			trainingFraction = v;
			return this;
		}

		/** group_by: "" or null (none), "folder", or a regular expression with one capture group. */
		public Builder groupBy(final String v) {
			groupBy = v == null ? "" : v.trim();
			return this;
		}

		/** on_duplicate: "keep" (report copies) or "drop" (keep one of each group). */
		public Builder onDuplicate(final String v) {
			if (!"keep".equals(v) && !"drop".equals(v)) {
				throw new TrainingException("on_duplicate must be 'keep' or 'drop', got '" + v +
					"'.");
			}
			dropDuplicates = "drop".equals(v);
			return this;
		}

		public Builder badFiles(final BadFiles v) {
			badFiles = v;
			return this;
		}

		/** Height, width and channels of the network input; 0 takes them from the first image. */
		public Builder inputSize(final int height, final int width, final int channels) {
			inputHeight = height;
			inputWidth = width;
			inputChannels = channels;
			return this;
		}

		/** Megabytes for decoded images; 0 takes a quarter of the Java heap. */
		public Builder cacheMegabytes(final int v) {
			cacheMegabytes = v;
			return this;
		}

		public TrainingOptions build() {
			return new TrainingOptions(this);
		}
	}
}
