package io.github.cnnclassifier.command;

import ij.ImagePlus;
import io.github.cnnclassifier.ij.ModelInspections;
import io.github.cnnclassifier.predict.ModelService;
import io.github.cnnclassifier.interop.ModelRef;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Shows the learned kernels of a convolution layer: a 32-bit stack whose
 * pixels are the weights, or a montage picture for talks.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>Show CNN Filters")
public final class ShowFiltersCommand extends ContextCommand {

	@Parameter
	private LogService log;

	@Parameter
	private ModelService models;

	@Parameter(style = FileWidget.OPEN_STYLE, persist = false,
		description = "Model file written by Train CNN Classifier")
	private File model;

	@Parameter(required = false, persist = false, description = ModelRef.LABELS_HELP)
	private String labels = "";

	@Parameter(required = false, persist = false, description = ModelRef.NORMALIZATION_HELP)
	private String normalization = "";

	@Parameter(persist = false, description = "A convolution layer, named as CNN Network " +
		"Summary shows (conv_1, conv_2, ...)")
	private String layer = "conv_1";

	@Parameter(persist = false, description = "A picture: the filters scaled up in a grid, " +
		"blue-white-red around 0, with a colour bar; else the weights as a 32-bit stack")
	private boolean montage = false;

	@Parameter(style = FileWidget.SAVE_STYLE, required = false, persist = false,
		description = "Optional file to write: .tif (the stack or picture) or .png (the picture)")
	private File save_to;

	@Parameter(required = false, persist = false,
		description = "Replace an existing file at 'save_to' that is not a TIFF or PNG image")
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus filters;

	@Override
	public void run() {
		Commands.run(this, log, this::show);
	}

	private void show() {
		final ModelRef ref = new ModelRef(model.toPath(), labels, normalization);
		filters = new ModelInspections(models, log, ref, Commands.path(save_to), overwrite)
			.filters(layer, montage);
	}
}
