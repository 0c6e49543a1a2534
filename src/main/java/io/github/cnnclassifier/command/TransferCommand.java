package io.github.cnnclassifier.command;

import io.github.cnnclassifier.api.CnnModel;
import io.github.cnnclassifier.data.Augmentation;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.ij.ImageJMonitor;
import io.github.cnnclassifier.train.ClassWeights;
import io.github.cnnclassifier.train.Shuffle;
import io.github.cnnclassifier.train.Solver;
import io.github.cnnclassifier.train.TrainingOptions;
import io.github.cnnclassifier.transfer.TransferOptions;

import java.io.File;
import java.nio.file.Path;

import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Transfers a trained network (a model file of ours, a Keras .h5 file or a
 * Deeplearning4j zoo architecture) to the classes of a labelled folder: a
 * new head that learns faster than the layers it sits on, every layer
 * trained unless freeze says otherwise, for at least min_iterations
 * mini-batches. The options of "Train CNN Classifier" apply, with defaults
 * suited to fine-tuning a few images. NB: inputs are not persisted, so a
 * headless run gets the defaults written here.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>Transfer Learn CNN")
public final class TransferCommand extends ContextCommand {

	@Parameter
	private LogService log;

	@Parameter(style = FileWidget.DIRECTORY_STYLE, persist = false,
		description = "Folder with one sub-folder of images per new class")
	private File data;

	@Parameter(style = FileWidget.OPEN_STYLE, persist = false, description = "The network to " +
		"start from: a model file (.zip) of this plugin, a Keras file (.h5), or simplecnn, " +
		"alexnet, vgg16, resnet50, squeezenet (Deeplearning4j's zoo)")
	private File base_model;

	@Parameter(style = FileWidget.SAVE_STYLE, persist = false,
		description = "Model file (.zip) to write")
	private File output_model;

	@Parameter(style = FileWidget.OPEN_STYLE, required = false, persist = false, description =
		"For a zoo network: empty for its ImageNet weights in ~/.deeplearning4j/models, a " +
			"weights file, or none for random weights")
	private File base_weights;

	@Parameter(persist = false, description = "For a zoo network: download missing ImageNet " +
		"weights (hundreds of MB)")
	private boolean download_weights = false;

	@Parameter(persist = false, description = "The last layer to keep fixed (see the network " +
		"summary); empty: all but the new head; none: nothing")
	private String freeze = TransferOptions.FREEZE;

	@Parameter(min = "0", persist = false, description = "Train every layer after this many " +
		"epochs, at unfreeze_learn_rate; 0: never")
	private int unfreeze_after = 0;

	@Parameter(min = "0", persist = false, description = "Learning rate once every layer " +
		"trains; 0: a tenth of initial_learn_rate")
	private double unfreeze_learn_rate = 0;

	@Parameter(min = "0", persist = false, description = "The new head learns this many " +
		"times faster than the other layers")
	private double head_learn_rate_factor = TransferOptions.HEAD_LEARN_RATE_FACTOR;

	@Parameter(min = "0", persist = false, description = "Train at least this many " +
		"mini-batches: a small folder trains more epochs than max_epochs; 0: max_epochs")
	private int min_iterations = TransferOptions.MIN_ITERATIONS;

	@Parameter(persist = false, description = "auto: the base network's own unless the " +
		"images' values are far from it (another bit depth), then the images'; base: the base " +
		"network's own; data: the training images' mean and std; or MEAN/STD, e.g. 0/255")
	private String normalization = "auto";

	@Parameter(style = FileWidget.DIRECTORY_STYLE, required = false, persist = false,
		description = "Optional labelled folder to validate on; if empty, training_fraction " +
			"splits the data")
	private File validation_folder;

	@Parameter(min = "0.01", max = "1", persist = false,
		description = "Fraction of each class used for training; the rest validates")
	private double training_fraction = 0.75;

	@Parameter(choices = { "sgdm", "adam", "rmsprop" }, persist = false)
	private String solver = "sgdm";

	@Parameter(persist = false, description = "Lower than for training from scratch")
	private double initial_learn_rate = 0.001;

	@Parameter(persist = false, description = "For sgdm")
	private double momentum = 0.9;

	@Parameter(min = "1", persist = false)
	private int max_epochs = 30;

	@Parameter(min = "1", persist = false)
	private int mini_batch_size = 8;

	@Parameter(min = "1", persist = false,
		description = "Validate every this many iterations")
	private int validation_frequency = 30;

	@Parameter(choices = { "every-epoch", "once", "never" }, persist = false)
	private String shuffle = "every-epoch";

	@Parameter(persist = false)
	private double l2_regularization = 1e-4;

	@Parameter(persist = false, description = "Same seed, same data: same split, same network")
	private long seed = 42;

	@Parameter(choices = { "skip", "stop" }, persist = false,
		description = "An unreadable image: leave it out and report it, or stop")
	private String on_bad_file = "skip";

	@Parameter(choices = { "keep", "drop" }, persist = false,
		description = "Exact or near copies among the images: report them, or keep one of each")
	private String on_duplicate = "keep";

	@Parameter(required = false, persist = false,
		description = "Keep groups on one side: 'folder' (sub-folders of each class) or a regex like ^(P\\d+)_")
	private String group_by = "";

	@Parameter(min = "0", persist = false, description = "0: the base network's; set only " +
		"for a zoo network with random weights")
	private int input_height = 0;

	@Parameter(min = "0", persist = false, description = "0: the base network's")
	private int input_width = 0;

	@Parameter(min = "0", persist = false, description = "0: the base network's")
	private int input_channels = 0;

	@Parameter(min = "0", persist = false,
		description = "Memory for decoded images in MB; 0: a quarter of the Java heap")
	private int cache_mb = 0;

	@Parameter(min = "0", persist = false, description = "Stop when the validation loss has " +
		"not improved this many validations in a row; 0: never")
	private int validation_patience = 0;

	@Parameter(style = FileWidget.DIRECTORY_STYLE, required = false, persist = false,
		description = "Optional folder for a model file per epoch")
	private File checkpoint_folder;

	@Parameter(choices = { "none", "balanced" }, persist = false,
		description = "balanced: each class counts the same in the loss")
	private String class_weights = "none";

	@Parameter(persist = false, description = "Random rotation in degrees, e.g. -180,180; " +
		"empty: none")
	private String augment_rotation = "";

	@Parameter(persist = false, description = "Random left-right reflection")
	private boolean augment_x_reflection = false;

	@Parameter(persist = false, description = "Random up-down reflection")
	private boolean augment_y_reflection = false;

	@Parameter(persist = false, description = "Random shift in pixels, e.g. -3,3; empty: none")
	private String augment_translation = "";

	@Parameter(persist = false, description = "Random scale factor, e.g. 0.9,1.1; empty: none")
	private String augment_scale = "";

	@Parameter(required = false, persist = false,
		description = "Replace an existing file at 'output_model' that is not a model (or at " +
			"'<model name>-progress.png' that is not a PNG image)")
	private boolean overwrite = false;

	@Override
	public void run() {
		Commands.run(this, log, this::transfer);
	}

	private void transfer() {
		final Path validation = Commands.path(validation_folder);
		final Path progress = Commands.checkTrainingOutputs(output_model.toPath(), data.toPath(),
			validation, "base_model", base_model.toPath(), overwrite);
		final TrainingOptions options = TrainingOptions.builder().solver(Solver.of(solver))
			.initialLearnRate(initial_learn_rate).momentum(momentum).maxEpochs(max_epochs)
			.miniBatchSize(mini_batch_size).validationFrequency(validation_frequency).shuffle(
				Shuffle.of(shuffle)).l2Regularization(l2_regularization).seed(seed)
			.trainingFraction(training_fraction).badFiles(BadFiles.of(on_bad_file))
			.onDuplicate(on_duplicate).groupBy(group_by).inputSize(
				input_height, input_width, input_channels).cacheMegabytes(cache_mb)
			.validationPatience(validation_patience).checkpointFolder(Commands.path(
				checkpoint_folder))
			.classWeights(ClassWeights.of(class_weights)).augmentation(Augmentation.of(
				augment_rotation, augment_x_reflection, augment_y_reflection, augment_translation,
				augment_scale)).build();
		final TransferOptions transfer = new TransferOptions(base_model.getPath(), base_weights ==
			null ? "" : base_weights.getPath(), download_weights, freeze, unfreeze_after,
			unfreeze_learn_rate, normalization, head_learn_rate_factor, min_iterations);
		final ImageJMonitor monitor = new ImageJMonitor(log::info, output_model.getName());
		CnnModel.transfer(data.toPath(), validation, transfer, options, monitor, output_model
			.toPath()).close();
		monitor.saveProgress(progress);
	}
}
