package io.github.cnnclassifier.command;

import ij.measure.ResultsTable;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.ij.CommandProgress;
import io.github.cnnclassifier.ij.CrossValidationTable;
import io.github.cnnclassifier.ij.LogWindow;
import io.github.cnnclassifier.output.Outputs;
import io.github.cnnclassifier.output.SafeFiles;
import io.github.cnnclassifier.train.CrossValidation;
import io.github.cnnclassifier.train.Solver;
import io.github.cnnclassifier.train.TrainingOptions;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.nio.file.Path;

import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Cross-validates Train CNN Classifier's options on a labelled folder: a new
 * network per fold, scored on the fold it did not train on; accuracy and
 * macro-F1 per fold with their mean and standard deviation in the table
 * "CNN Cross-Validation" and an optional CSV (headless without one, on
 * standard output). The options not offered here take Train CNN Classifier's defaults.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>Cross-Validate CNN")
public final class CrossValidateCommand extends ContextCommand {

	@Parameter
	private LogService log;

	@Parameter(label = "Folder of labelled images", style = FileWidget.DIRECTORY_STYLE,
		persist = false, description = "Folder with one sub-folder of images per class. " +
			"Macro key: data")
	private File data;

	@Parameter(label = "Folds", min = "2", persist = false, description = "Each fold validates " +
		"once on about 1/folds of the images and trains on the rest. Macro key: folds")
	private int folds = 5;

	@Parameter(label = "Groups kept together (optional)", required = false, persist = false,
		description = "Keep groups in one fold: 'folder' (sub-folders of each class) or a regex " +
			"like ^(P\\d+)_. Macro key: group_by")
	private String group_by = "";

	@Parameter(label = "Network", persist = false, description = "The network, as in Train " +
		"CNN Classifier. Macro key: layers")
	private String layers = "lecture-cnn";

	@Parameter(label = "Solver", choices = { "sgdm", "adam", "rmsprop" }, persist = false,
		description = "sgdm: stochastic gradient descent with momentum. Macro key: solver")
	private String solver = "sgdm";

	@Parameter(label = "Learning rate", persist = false, description = "Step size of the " +
		"solver at the start. Macro key: initial_learn_rate")
	private double initial_learn_rate = 0.01;

	@Parameter(label = "Epochs", min = "1", persist = false, description = "Passes over the " +
		"training images. Macro key: max_epochs")
	private int max_epochs = 4;

	@Parameter(label = "Mini-batch size (0: automatic)", min = "0", persist = false,
		description = "Images per iteration; 0: a tenth of the training images, from 8 to 32. " +
			"Macro key: mini_batch_size")
	private int mini_batch_size = 0;

	@Parameter(label = "Random seed", persist = false, description = "Same seed, same data: " +
		"same folds, same networks. Macro key: seed")
	private long seed = 42;

	@Parameter(label = "Unreadable image", choices = { "skip", "stop" }, persist = false,
		description = "An unreadable image: leave it out and report it, or stop. Macro key: " +
			"on_bad_file")
	private String on_bad_file = "skip";

	@Parameter(label = "Results CSV (optional)", style = FileWidget.SAVE_STYLE, required = false,
		persist = false, description = "Optional CSV file: a row per fold, then mean and sd. " +
			"Macro key: results")
	private File results;

	@Parameter(label = "Folder for the fold models (optional)", style = FileWidget.DIRECTORY_STYLE,
		required = false, persist = false, description = "Optional folder for each fold's " +
			"model: fold-1.zip, fold-2.zip and so on. Macro key: save_models")
	private File save_models;

	@Parameter(label = "Replace a file of another kind", required = false, persist = false,
		description = "Replace existing files of another kind at 'results' or in 'save_models'. " +
			"Macro key: overwrite")
	private boolean overwrite = false;

	@Override
	public void run() {
		Commands.run(this, log, this::crossValidate);
	}

	private void crossValidate() {
		final Path in = Commands.required(data, "Give the labelled folder to cross-validate on.");
		final Path csv = Commands.path(results), models = Commands.path(save_models);
		final Outputs outputs = Outputs.of(overwrite).file("results", csv, CrossValidation.RESULTS)
			.inputFolder("data folder", in);
		if (models != null) CrossValidation.modelsFolder(models, in);
		for (int f = 1; models != null && f <= folds; f++) {
			outputs.file("save_models", CrossValidation.modelFile(models, f), Commands.MODEL);
		}
		outputs.check();
		final TrainingOptions options = TrainingOptions.builder().layers(layers).solver(Solver.of(
			solver)).initialLearnRate(initial_learn_rate).maxEpochs(max_epochs).miniBatchSize(
				mini_batch_size).seed(seed).groupBy(group_by).badFiles(BadFiles.of(on_bad_file))
			.build();
		final CommandProgress progress = new CommandProgress("Cross-validating", log);
		final CrossValidation.Result r;
		try {
			r = new CrossValidation(options, folds, progress, progress::fraction).run(in, models);
		}
		finally {
			progress.done();
		}
		if (csv != null) SafeFiles.writeText(csv, "results", r.csv());
		final ResultsTable table = CrossValidationTable.of(r);
		if (!GraphicsEnvironment.isHeadless()) table.show(CrossValidationTable.TITLE);
		LogWindow.info(log, "Cross-validation: " + r.line() + (csv == null ? "" : "; results " +
			"in " + csv));
		Commands.printUnlessSaved(csv, r::csv, "results");
	}
}
