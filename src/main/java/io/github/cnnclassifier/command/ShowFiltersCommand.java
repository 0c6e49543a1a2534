package io.github.cnnclassifier.command;

import ij.ImagePlus;
import io.github.cnnclassifier.ij.ModelInspections;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Shows the learned kernels of a convolution layer: a 32-bit stack whose
 * pixels are the weights, or a montage picture for talks.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>Show CNN Filters")
public final class ShowFiltersCommand extends ModelCommand {

	@Parameter(label = "Layer", persist = false, description = "A convolution layer, named as " +
		"CNN Network Summary shows (conv_1, conv_2, ...). Macro key: layer")
	private String layer = "conv_1";

	@Parameter(label = "Montage picture", persist = false, description = "A picture: the filters " +
		"scaled up in a grid, blue-white-red around 0, with a colour bar; else the weights as a " +
		"32-bit stack. Macro key: montage")
	private boolean montage = false;

	@Parameter(label = "Save to (optional)", style = FileWidget.SAVE_STYLE, required = false,
		persist = false, description = "Optional file to write: .tif (the stack or picture) or " +
			".png (the picture). Macro key: save_to")
	private File save_to;

	@Parameter(label = "Replace a file of another kind", required = false, persist = false,
		description = "Replace an existing file at 'save_to' that is not a TIFF or PNG image. " +
			"Macro key: overwrite")
	private boolean overwrite = false;

	@Parameter(label = "Filters", type = ItemIO.OUTPUT)
	private ImagePlus filters;

	@Override
	public void run() {
		Commands.run(this, log, this::show);
	}

	private void show() {
		filters = new ModelInspections(models, log, ref(), Commands.path(save_to), overwrite)
			.filters(layer, montage);
	}
}
