package io.github.cnnclassifier.command;

import io.github.cnnclassifier.api.CnnModel;
import io.github.cnnclassifier.ij.ImageJMonitor;
import io.github.cnnclassifier.transfer.TransferOptions;

import java.io.File;
import java.nio.file.Path;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Transfers a trained network (a model file of ours, a Keras .keras or .h5 file or a
 * Deeplearning4j zoo architecture) to the classes of a labelled folder: a
 * new head that learns faster than the layers it sits on, every layer
 * trained unless freeze says otherwise, for at least min_iterations
 * mini-batches. The options of "Train CNN Classifier" ({@link TrainingCommand})
 * apply, with defaults suited to fine-tuning a few images. NB: inputs are not persisted, so a
 * headless run gets the defaults written here.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>Transfer Learn CNN")
public final class TransferCommand extends TrainingCommand {

	@Parameter(label = "Base network", style = FileWidget.OPEN_STYLE, persist = false,
		description = "The network to start from: a model file (.zip) of this plugin, a Keras " +
			"file (.keras or .h5), or simplecnn, alexnet, vgg16, resnet50, squeezenet (Deeplearning4j's " +
			"zoo). Macro key: base_model")
	private File base_model;

	@Parameter(label = "New model file", style = FileWidget.SAVE_STYLE, persist = false,
		description = "Model file (.zip) to write. Macro key: output_model")
	private File output_model;

	@Parameter(label = "Base weights (optional)", style = FileWidget.OPEN_STYLE,
		required = false, persist = false, description = "For a zoo network: empty for its " +
			"ImageNet weights in ~/.deeplearning4j/models, a weights file, or none for random " +
			"weights. Macro key: base_weights")
	private File base_weights;

	@Parameter(label = "Download missing ImageNet weights", persist = false, description =
		"For a zoo network: download missing ImageNet weights (hundreds of MB). Macro key: " +
			"download_weights")
	private boolean download_weights = false;

	@Parameter(label = "Keep fixed up to layer", persist = false, description = "The last " +
		"layer to keep fixed (see the network summary); empty: all but the new head; none: " +
		"nothing. Macro key: freeze")
	private String freeze = TransferOptions.FREEZE;

	@Parameter(label = "Train all layers after (epochs)", min = "0", persist = false,
		description = "Train every layer after this many epochs, at unfreeze_learn_rate; 0: " +
			"never. Macro key: unfreeze_after")
	private int unfreeze_after = 0;

	@Parameter(label = "Learning rate for all layers", min = "0", persist = false,
		description = "Learning rate once every layer trains; 0: a tenth of " +
			"initial_learn_rate. Macro key: unfreeze_learn_rate")
	private double unfreeze_learn_rate = 0;

	@Parameter(label = "New head's learning rate factor", min = "0", persist = false,
		description = "The new head learns this many times faster than the other layers. " +
			"Macro key: head_learn_rate_factor")
	private double head_learn_rate_factor = TransferOptions.HEAD_LEARN_RATE_FACTOR;

	@Parameter(label = "Minimum iterations (mini-batches)", min = "0", persist = false,
		description = "Train at least this many mini-batches: a small folder trains more " +
			"epochs than max_epochs; 0: max_epochs. Macro key: min_iterations")
	private int min_iterations = TransferOptions.MIN_ITERATIONS;

	@Parameter(label = "Normalization", persist = false, description = "auto: the base " +
		"network's own unless the images' values are far from it (another bit depth), then the " +
		"images'; base: the base network's own; data: the training images' mean and std; or " +
		"MEAN/STD, e.g. 0/255. Macro key: normalization")
	private String normalization = "auto";

	/** A lower learning rate than from scratch, more epochs and small mini-batches. */
	public TransferCommand() {
		super(0.001, 30, 8);
	}

	@Override
	void train() {
		final Path progress = checkOutputs(output_model, "base_model", base_model.toPath());
		final TransferOptions transfer = new TransferOptions(base_model.getPath(), base_weights ==
			null ? "" : base_weights.getPath(), download_weights, freeze, unfreeze_after,
			unfreeze_learn_rate, normalization, head_learn_rate_factor, min_iterations);
		final ImageJMonitor monitor = new ImageJMonitor(log::info, output_model.getName());
		CnnModel.transfer(data(), validation(), transfer, options().build(), monitor,
			output_model.toPath()).close();
		monitor.saveProgress(progress);
	}
}
