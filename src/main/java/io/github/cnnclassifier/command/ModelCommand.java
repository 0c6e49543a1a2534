package io.github.cnnclassifier.command;

import io.github.cnnclassifier.interop.ModelRef;
import io.github.cnnclassifier.predict.ModelService;

import java.io.File;

import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;

/**
 * A command whose first inputs are the model file and, for a bare .onnx, its
 * class names and normalization, declared once.
 * <p>
 * NB: SciJava lists a superclass's inputs first, so Fiji's dialog, the ImageJ
 * 1.x dialog and the launcher show these before a command's own.
 * </p>
 */
abstract class ModelCommand extends ContextCommand {

	@Parameter
	LogService log;

	@Parameter
	ModelService models;

	@Parameter(label = ModelInputs.MODEL, style = FileWidget.OPEN_STYLE, persist = false,
		description = ModelInputs.MODEL_HELP)
	private File model;

	@Parameter(label = ModelInputs.LABELS, required = false, persist = false,
		description = ModelInputs.LABELS_HELP)
	private String labels = "";

	@Parameter(label = ModelInputs.NORMALIZATION, required = false, persist = false,
		description = ModelInputs.NORMALIZATION_HELP)
	private String normalization = "";

	/** The model the inputs name. */
	final ModelRef ref() {
		return new ModelRef(model.toPath(), labels, normalization);
	}
}
