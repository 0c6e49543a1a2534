package io.github.cnnclassifier.command;

import ij.ImagePlus;
import io.github.cnnclassifier.data.Outputs;
import io.github.cnnclassifier.ij.FeatureMapImages;
import io.github.cnnclassifier.ij.LogWindow;
import io.github.cnnclassifier.ij.Pictures;
import io.github.cnnclassifier.inspect.FeatureMaps;
import io.github.cnnclassifier.predict.LoadedModel;
import io.github.cnnclassifier.predict.ModelService;
import io.github.cnnclassifier.tensor.ImageSamples;

import java.io.File;
import java.nio.file.Path;

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
		final Path out = Commands.path(save_to);
		Outputs.of(overwrite).file("save_to", out, p -> Pictures.kind(p, "feature maps"))
			.input("model", model.toPath()).input("image", Commands.file(image)).check();
		final ImageSamples samples;
		final FeatureMaps maps;
		try (LoadedModel loaded = models.borrow(model.toPath())) {
			samples = new ImageSamples(image, loaded.model().inputShape());
			maps = FeatureMaps.of(loaded.model(), layer, samples);
		}
		final String[] labels = new String[samples.count()];
		for (int i = 0; i < labels.length; i++) {
			labels[i] = image.getStack().getShortSliceLabel(samples.planes(i)[0]);
		}
		feature_maps = montage ? FeatureMapImages.montage(maps, image.getTitle(), labels)
			: FeatureMapImages.stack(maps, maps.layer() + " of " + image.getTitle(), labels);
		if (out != null) Pictures.save(feature_maps, out, "feature maps");
		LogWindow.info(log, String.format("%s of %s: %d maps of %dx%d for %d plane%s%s", maps.layer(), image
			.getTitle(), maps.channels(), maps.height(), maps.width(), maps.samples(), maps
				.samples() == 1 ? "" : "s", out == null ? "" : "; saved to " + out));
	}
}
