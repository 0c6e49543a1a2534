package io.github.cnnclassifier.command;

import io.github.cnnclassifier.api.CnnModel;
import io.github.cnnclassifier.ij.ImageJMonitor;

import java.io.File;
import java.nio.file.Path;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Trains a CNN on a folder with one sub-folder of images per class and saves
 * the model file; the inputs it shares with Transfer Learn CNN are those of
 * {@link TrainingCommand}.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>Train CNN Classifier")
public final class TrainCommand extends TrainingCommand {

	@Parameter(label = "Model file", style = FileWidget.SAVE_STYLE, persist = false,
		description = "Model file (.zip) to write. Macro key: model")
	private File model;

	@Parameter(label = "Network", persist = false, description = "The network: lecture-cnn, " +
		"vgg-small, resnet-small, or layers such as 'conv3x3x16 bn relu maxpool2 fc64 relu' " +
		"(the classifier head is appended). Macro key: layers")
	private String layers = "lecture-cnn";

	@Parameter(label = "Continue from model (optional)", style = FileWidget.OPEN_STYLE,
		required = false, persist = false, description = "Optional model file to continue " +
			"training (same classes). Macro key: resume_from")
	private File resume_from;

	/** MATLAB's defaults, and a mini-batch chosen from the folder. */
	public TrainCommand() {
		super(0.01, 4, 0);
	}

	@Override
	void train() {
		final Path start = Commands.path(resume_from);
		final Path progress = checkOutputs(model, "resume_from model", start);
		final ImageJMonitor monitor = new ImageJMonitor(log::info, model.getName());
		CnnModel.train(data(), validation(), options().layers(layers).resumeFrom(start).build(),
			monitor, model.toPath()).close();
		monitor.saveProgress(progress);
	}
}
