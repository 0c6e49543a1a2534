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
 * Shows where in an image (every plane of a stack) the network finds the
 * evidence for the class it predicts: a heat map stack the size of the
 * image, and in the GUI the same maps over the image as an overlay.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>Show CNN Saliency")
public final class ShowSaliencyCommand extends ContextCommand {

	@Parameter
	private LogService log;

	@Parameter
	private ModelService models;

	@Parameter(persist = false, description = "Image or stack to explain")
	private ImagePlus image;

	@Parameter(style = FileWidget.OPEN_STYLE, persist = false,
		description = "Model file written by Train CNN Classifier")
	private File model;

	@Parameter(required = false, persist = false, description = ModelRef.LABELS_HELP)
	private String labels = "";

	@Parameter(required = false, persist = false, description = ModelRef.NORMALIZATION_HELP)
	private String normalization = "";

	@Parameter(choices = { "grad-cam", "occlusion" }, persist = false,
		description = "grad-cam: the class score's gradients weigh a layer's maps (fast); " +
			"occlusion: how much the class probability drops where a patch is covered (any " +
			"network, slower)")
	private String method = "grad-cam";

	@Parameter(required = false, persist = false, description = "grad-cam only: the layer " +
		"whose maps are weighed; empty: the last one with maps of more than one pixel")
	private String layer = "";

	@Parameter(style = FileWidget.SAVE_STYLE, required = false, persist = false,
		description = "Optional file to write: .tif (the heat maps) or .png (a picture of a " +
			"single image with its heat map)")
	private File save_to;

	@Parameter(required = false, persist = false,
		description = "Replace an existing file at 'save_to' that is not a TIFF or PNG image")
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus saliency;

	@Override
	public void run() {
		Commands.run(this, log, this::explain);
	}

	private void explain() {
		final ModelRef ref = new ModelRef(model.toPath(), labels, normalization);
		saliency = new ModelInspections(models, log, ref, Commands.path(save_to), overwrite)
			.saliency(image, method, layer);
	}
}
