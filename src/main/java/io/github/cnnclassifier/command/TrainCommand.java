package io.github.cnnclassifier.command;

import io.github.cnnclassifier.api.CnnModel;
import io.github.cnnclassifier.data.Augmentation;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.ij.ImageJMonitor;
import io.github.cnnclassifier.train.ClassWeights;
import io.github.cnnclassifier.train.Shuffle;
import io.github.cnnclassifier.train.Solver;
import io.github.cnnclassifier.train.TrainingOptions;

import java.io.File;
import java.nio.file.Path;

import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Trains a CNN on a folder with one sub-folder of images per class and saves
 * the model file. NB: inputs are not persisted, so a headless run gets the
 * defaults written here, never the previous run's values.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>Train CNN Classifier")
public final class TrainCommand extends ContextCommand {

	@Parameter
	private LogService log;

	@Parameter(style = FileWidget.DIRECTORY_STYLE, persist = false,
		description = "Folder with one sub-folder of images per class")
	private File data;

	@Parameter(style = FileWidget.SAVE_STYLE, persist = false,
		description = "Model file (.zip) to write")
	private File model;

	@Parameter(style = FileWidget.DIRECTORY_STYLE,
		required = false, persist = false,
		description = "Optional labelled folder to validate on; if empty, " +
			"training_fraction splits the data")
	private File validation_folder;

	@Parameter(min = "0.01", max = "1", persist = false,
		description = "Fraction of each class used for training; the rest validates")
	private double training_fraction = 0.75;

	@Parameter(persist = false, description = "The network: lecture-cnn, vgg-small, " +
		"resnet-small, or layers such as 'conv3x3x16 bn relu maxpool2 fc64 relu' " +
		"(the classifier head is appended)")
	private String layers = "lecture-cnn";

	@Parameter(choices = { "sgdm", "adam", "rmsprop" }, persist = false)
	private String solver = "sgdm";

	@Parameter(persist = false)
	private double initial_learn_rate = 0.01;

	@Parameter(persist = false, description = "For sgdm")
	private double momentum = 0.9;

	@Parameter(min = "1", persist = false)
	private int max_epochs = 4;

	@Parameter(min = "0", persist = false, description = "Images per iteration; 0: a tenth " +
		"of the training images, from 8 to 32")
	private int mini_batch_size = 0;

	@Parameter(min = "1", persist = false,
		description = "Validate every this many iterations")
	private int validation_frequency = 30;

	@Parameter(choices = { "every-epoch", "once", "never" },
		persist = false)
	private String shuffle = "every-epoch";

	@Parameter(persist = false)
	private double l2_regularization = 1e-4;

	@Parameter(persist = false,
		description = "Same seed, same data: same split, same network")
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

	@Parameter(min = "0", persist = false,
		description = "0: the most common image height in the folder (images more than twice " +
			"or less than half the input size are named in a warning)")
	private int input_height = 0;

	@Parameter(min = "0", persist = false,
		description = "0: the most common image width in the folder")
	private int input_width = 0;

	@Parameter(min = "0", persist = false,
		description = "0: the most common channel count in the folder (3 for RGB)")
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

	@Parameter(style = FileWidget.OPEN_STYLE, required = false, persist = false,
		description = "Optional model file to continue training (same classes)")
	private File resume_from;

	@Parameter(choices = { "none", "balanced" }, persist = false,
		description = "balanced: each class counts the same in the loss, for imbalanced folders")
	private String class_weights = "none";

	@Parameter(required = false, persist = false,
		description = "Replace an existing file at 'model' that is not a model (or at " +
			"'<model name>-progress.png' that is not a PNG image)")
	private boolean overwrite = false;

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

	@Override
	public void run() {
		Commands.run(this, log, this::train);
	}

	private void train() {
		final Path validation = Commands.path(validation_folder), start = Commands.path(
			resume_from);
		final Path progress = Commands.checkTrainingOutputs(model.toPath(), data.toPath(),
			validation, "resume_from model", start, overwrite);
		final TrainingOptions options = TrainingOptions.builder().layers(layers)
			.solver(Solver.of(solver)).initialLearnRate(initial_learn_rate)
			.momentum(momentum).maxEpochs(max_epochs).miniBatchSize(mini_batch_size)
			.validationFrequency(validation_frequency).shuffle(Shuffle.of(shuffle))
			.l2Regularization(l2_regularization).seed(seed)
			.trainingFraction(training_fraction).badFiles(BadFiles.of(on_bad_file))
			.onDuplicate(on_duplicate).groupBy(group_by)
			.inputSize(input_height, input_width, input_channels).cacheMegabytes(cache_mb)
			.validationPatience(validation_patience).checkpointFolder(Commands.path(
				checkpoint_folder)).resumeFrom(start).classWeights(ClassWeights.of(class_weights))
			.augmentation(Augmentation.of(augment_rotation, augment_x_reflection,
				augment_y_reflection, augment_translation, augment_scale)).build();
		final ImageJMonitor monitor = new ImageJMonitor(log::info, model.getName());
		CnnModel.train(data.toPath(), validation, options, monitor, model.toPath()).close();
		monitor.saveProgress(progress);
	}
}
