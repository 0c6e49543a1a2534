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

	@Parameter(persist = false, description = "Image or stack to show the feature maps of")
	private ImagePlus image;

	@Parameter(style = FileWidget.OPEN_STYLE, persist = false,
		description = "Model file written by Train CNN Classifier")
	private File model;

	@Parameter(required = false, persist = false, description = ModelRef.LABELS_HELP)
	private String labels = "";

	@Parameter(required = false, persist = false, description = ModelRef.NORMALIZATION_HELP)
	private String normalization = "";

	@Parameter(persist = false, description = "A layer, named as CNN Network Summary shows " +
		"(conv_1, relu_1, maxpool_1, ...)")
	private String layer = "conv_1";

	@Parameter(persist = false, description = "A picture per plane: the maps scaled up in a " +
		"grid with a colour bar; else the activations as a 32-bit hyperstack")
	private boolean montage = false;

	@Parameter(style = FileWidget.SAVE_STYLE, required = false, persist = false,
		description = "Optional file to write: .tif (the maps or pictures) or .png (the " +
			"picture of a single image)")
	private File save_to;

	@Parameter(required = false, persist = false,
		description = "Replace an existing file at 'save_to' that is not a TIFF or PNG image")
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT)
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
