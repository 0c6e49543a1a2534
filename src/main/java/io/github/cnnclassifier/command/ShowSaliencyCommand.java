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

	@Parameter(label = "Image", persist = false, description = "Image or stack to explain (the " +
		"current image; headless: image='/path/file')")
	private ImagePlus image;

	@Parameter(label = ModelInputs.MODEL, style = FileWidget.OPEN_STYLE, persist = false,
		description = ModelInputs.MODEL_HELP)
	private File model;

	@Parameter(label = ModelInputs.LABELS, required = false, persist = false,
		description = ModelInputs.LABELS_HELP)
	private String labels = "";

	@Parameter(label = ModelInputs.NORMALIZATION, required = false, persist = false,
		description = ModelInputs.NORMALIZATION_HELP)
	private String normalization = "";

	@Parameter(label = "Method", choices = { "grad-cam", "occlusion" }, persist = false,
		description = "grad-cam: the class score's gradients weigh a layer's maps (fast); " +
			"occlusion: how much the class probability drops where a patch is covered (any " +
			"network, slower). Macro key: method")
	private String method = "grad-cam";

	@Parameter(label = "Layer", required = false, persist = false,
		description = "grad-cam only: the layer whose maps are weighed; empty: the last one with " +
			"maps of more than one pixel. Macro key: layer")
	private String layer = "";

	@Parameter(label = "Save to (optional)", style = FileWidget.SAVE_STYLE, required = false,
		persist = false, description = "Optional file to write: .tif (the heat maps) or .png (a " +
			"picture of a single image with its heat map). Macro key: save_to")
	private File save_to;

	@Parameter(label = "Replace a file of another kind", required = false, persist = false,
		description = "Replace an existing file at 'save_to' that is not a TIFF or PNG image. " +
			"Macro key: overwrite")
	private boolean overwrite = false;

	@Parameter(label = "Saliency maps", type = ItemIO.OUTPUT)
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
