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
 * Shows what a layer computes for an image (or every plane of a stack): one
 * channel per feature map, one frame per plane, the values the network
 * computes; or a montage picture per plane.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>Show CNN Feature Maps")
public final class ShowFeatureMapsCommand extends ContextCommand {

	@Parameter
	private LogService log;

	@Parameter
	private ModelService models;

	@Parameter(label = "Image", persist = false, description = "Image or stack to show the " +
		"feature maps of (the current image; headless: image='/path/file')")
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

	@Parameter(label = "Layer", persist = false, description = "A layer, named as CNN Network " +
		"Summary shows (conv_1, relu_1, maxpool_1, ...). Macro key: layer")
	private String layer = "conv_1";

	@Parameter(label = "Montage picture", persist = false, description = "A picture per plane: " +
		"the maps scaled up in a grid with a colour bar; else the activations as a 32-bit " +
		"hyperstack. Macro key: montage")
	private boolean montage = false;

	@Parameter(label = "Save to (optional)", style = FileWidget.SAVE_STYLE, required = false,
		persist = false, description = "Optional file to write: .tif (the maps or pictures) or " +
			".png (the picture of a single image). Macro key: save_to")
	private File save_to;

	@Parameter(label = "Replace a file of another kind", required = false, persist = false,
		description = "Replace an existing file at 'save_to' that is not a TIFF or PNG image. " +
			"Macro key: overwrite")
	private boolean overwrite = false;

	@Parameter(label = "Feature maps", type = ItemIO.OUTPUT)
	private ImagePlus feature_maps;

	@Override
	public void run() {
		Commands.run(this, log, this::show);
	}

	private void show() {
		final ModelRef ref = new ModelRef(model.toPath(), labels, normalization);
		feature_maps = new ModelInspections(models, log, ref, Commands.path(save_to), overwrite)
			.featureMaps(image, layer, montage);
	}
}
