package io.github.cnnclassifier.command;

import io.github.cnnclassifier.data.Augmentation;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.train.ClassWeights;
import io.github.cnnclassifier.train.Shuffle;
import io.github.cnnclassifier.train.Solver;
import io.github.cnnclassifier.train.TrainingOptions;

import java.io.File;
import java.nio.file.Path;

import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;

/**
 * The inputs Train CNN Classifier and Transfer Learn CNN share, declared once,
 * and the training options they make.
 * <p>
 * NB: SciJava lists a superclass's parameters first, so Fiji's dialog shows
 * these (folder, then the basic options, then the advanced ones by MATLAB's
 * groups) before a command's own; the ImageJ 1.x dialog orders every field by
 * name ({@code ij.DialogLayout}). Inputs are not persisted, so a headless run
 * gets the defaults written here, never the previous run's values.
 * </p>
 */
abstract class TrainingCommand extends ContextCommand {

	@Parameter
	LogService log;

	@Parameter(label = "Folder of labelled images", style = FileWidget.DIRECTORY_STYLE,
		persist = false, description = "Folder with one sub-folder of images per class. " +
			"Macro key: data")
	private File data;

	@Parameter(label = "Validation folder (optional)", style = FileWidget.DIRECTORY_STYLE,
		required = false, persist = false, description = "Optional labelled folder to " +
			"validate on; if empty, training_fraction splits the data. Macro key: " +
			"validation_folder")
	private File validation_folder;

	@Parameter(label = "Solver", choices = { "sgdm", "adam", "rmsprop" }, persist = false,
		description = "sgdm: stochastic gradient descent with momentum. Macro key: solver")
	private String solver = "sgdm";

	@Parameter(label = "Learning rate", persist = false, description = "Step size of the " +
		"solver at the start. Macro key: initial_learn_rate")
	private double initial_learn_rate;

	@Parameter(label = "Epochs", min = "1", persist = false, description = "Passes over the " +
		"training images. Macro key: max_epochs")
	private int max_epochs;

	@Parameter(label = "Mini-batch size (0: automatic)", min = "0", persist = false,
		description = "Images per iteration; 0: a tenth of the training images, from 8 to 32. " +
			"Macro key: mini_batch_size")
	private int mini_batch_size;

	@Parameter(label = "Fraction for training", min = "0.01", max = "1", persist = false,
		description = "Fraction of each class used for training; the rest validates. " +
			"Macro key: training_fraction")
	private double training_fraction = 0.75;

	@Parameter(label = "Unreadable image", choices = { "skip", "stop" }, persist = false,
		description = "An unreadable image: leave it out and report it, or stop. Macro key: " +
			"on_bad_file")
	private String on_bad_file = "skip";

	@Parameter(label = "Input height (0: automatic)", min = "0", persist = false,
		description = "0: the most common image height in the folder (images more than twice " +
			"or less than half the input size are named in a warning); when transferring, the " +
			"base network's. Macro key: input_height")
	private int input_height = 0;

	@Parameter(label = "Input width (0: automatic)", min = "0", persist = false,
		description = "0: the most common image width in the folder; when transferring, the " +
			"base network's. Macro key: input_width")
	private int input_width = 0;

	@Parameter(label = "Input channels (0: automatic)", min = "0", persist = false,
		description = "0: the most common channel count in the folder (3 for RGB); when " +
			"transferring, the base network's. Macro key: input_channels")
	private int input_channels = 0;

	@Parameter(label = "Image cache in MB (0: automatic)", min = "0", persist = false,
		description = "Memory for decoded images in MB; 0: a quarter of the Java heap. " +
			"Macro key: cache_mb")
	private int cache_mb = 0;

	@Parameter(label = "Class weights", choices = { "none", "balanced" }, persist = false,
		description = "balanced: each class counts the same in the loss, for imbalanced " +
			"folders. Macro key: class_weights")
	private String class_weights = "none";

	@Parameter(label = "Momentum", persist = false, description = "For sgdm. Macro key: " +
		"momentum")
	private double momentum = 0.9;

	@Parameter(label = "Weight decay (L2)", persist = false, description = "L2 " +
		"regularization of the weights. Macro key: l2_regularization")
	private double l2_regularization = 1e-4;

	@Parameter(label = "Shuffle", choices = { "every-epoch", "once", "never" }, persist = false,
		description = "When the training images are shuffled. Macro key: shuffle")
	private String shuffle = "every-epoch";

	@Parameter(label = "Random seed", persist = false, description = "Same seed, same data: " +
		"same split, same network. Macro key: seed")
	private long seed = 42;

	@Parameter(label = "Validate every (iterations)", min = "1", persist = false,
		description = "Validate every this many iterations. Macro key: validation_frequency")
	private int validation_frequency = 30;

	@Parameter(label = "Validation patience (0: off)", min = "0", persist = false,
		description = "Stop when the validation loss has not improved this many validations " +
			"in a row; 0: never. Macro key: validation_patience")
	private int validation_patience = 0;

	@Parameter(label = "Keep groups on one side (folder or pattern)", required = false,
		persist = false, description = "Keep groups on one side: 'folder' (sub-folders of " +
			"each class) or a regex like ^(P\\d+)_. Macro key: group_by")
	private String group_by = "";

	@Parameter(label = "Copies of an image (keep or drop)", choices = { "keep", "drop" },
		persist = false, description = "Exact or near copies among the images: report them, " +
			"or keep one of each. Macro key: on_duplicate")
	private String on_duplicate = "keep";

	@Parameter(label = "Rotation in degrees (min,max)", persist = false, description =
		"Random rotation in degrees, e.g. -180,180; empty: none. Macro key: augment_rotation")
	private String augment_rotation = "";

	@Parameter(label = "Reflect left-right", persist = false, description = "Random " +
		"left-right reflection. Macro key: augment_x_reflection")
	private boolean augment_x_reflection = false;

	@Parameter(label = "Reflect up-down", persist = false, description = "Random up-down " +
		"reflection. Macro key: augment_y_reflection")
	private boolean augment_y_reflection = false;

	@Parameter(label = "Shift in pixels (min,max)", persist = false, description = "Random " +
		"shift in pixels, e.g. -3,3; empty: none. Macro key: augment_translation")
	private String augment_translation = "";

	@Parameter(label = "Scale factor (min,max)", persist = false, description = "Random scale " +
		"factor, e.g. 0.9,1.1; empty: none. Macro key: augment_scale")
	private String augment_scale = "";

	@Parameter(label = "Checkpoint folder (optional)", style = FileWidget.DIRECTORY_STYLE,
		required = false, persist = false, description = "Optional folder for a model file " +
			"per epoch. Macro key: checkpoint_folder")
	private File checkpoint_folder;

	@Parameter(label = "Replace a file of another kind", required = false, persist = false,
		description = "Replace an existing file at the new model's path that is not a model " +
			"(or at '<model name>-progress.png' that is not a PNG image). Macro key: overwrite")
	private boolean overwrite = false;

	/** The defaults in which the two commands differ. */
	TrainingCommand(final double initialLearnRate, final int maxEpochs,
		final int miniBatchSize)
	{
		initial_learn_rate = initialLearnRate;
		max_epochs = maxEpochs;
		mini_batch_size = miniBatchSize;
	}

	@Override
	public final void run() {
		Commands.run(this, log, this::train);
	}

	/** Checks the outputs ({@link #checkOutputs}), trains, and saves the model and its plot. */
	abstract void train();

	/** The labelled folder. */
	final Path data() {
		return data.toPath();
	}

	/** The validation folder, or null. */
	final Path validation() {
		return Commands.path(validation_folder);
	}

	/**
	 * Checks the model file and its progress plot before anything is read; see
	 * {@link Commands#checkTrainingOutputs}.
	 */
	final Path checkOutputs(final File model, final String startName, final Path start) {
		return Commands.checkTrainingOutputs(model.toPath(), data(), validation(), startName,
			start, overwrite);
	}

	/** The training options of the shared inputs; a command adds its own and builds. */
	final TrainingOptions.Builder options() {
		return TrainingOptions.builder().solver(Solver.of(solver))
			.initialLearnRate(initial_learn_rate).momentum(momentum).maxEpochs(max_epochs)
			.miniBatchSize(mini_batch_size).validationFrequency(validation_frequency)
			.shuffle(Shuffle.of(shuffle)).l2Regularization(l2_regularization).seed(seed)
			.trainingFraction(training_fraction).badFiles(BadFiles.of(on_bad_file))
			.onDuplicate(on_duplicate).groupBy(group_by)
			.inputSize(input_height, input_width, input_channels).cacheMegabytes(cache_mb)
			.validationPatience(validation_patience)
			.checkpointFolder(Commands.path(checkpoint_folder))
			.classWeights(ClassWeights.of(class_weights))
			.augmentation(Augmentation.of(augment_rotation, augment_x_reflection,
				augment_y_reflection, augment_translation, augment_scale));
	}
}
