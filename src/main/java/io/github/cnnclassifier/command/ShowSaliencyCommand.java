package io.github.cnnclassifier.command;

import ij.IJ;
import ij.ImagePlus;
import io.github.cnnclassifier.data.Outputs;
import io.github.cnnclassifier.ij.LogWindow;
import io.github.cnnclassifier.ij.Pictures;
import io.github.cnnclassifier.ij.SaliencyImages;
import io.github.cnnclassifier.inspect.Saliency;
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
		final Path out = Commands.path(save_to);
		Outputs.of(overwrite).file("save_to", out, p -> Pictures.kind(p, "saliency maps"))
			.input("model", model.toPath()).input("image", Commands.file(image)).check();
		final ImageSamples samples;
		final Saliency s;
		try (LoadedModel loaded = models.borrow(model.toPath())) {
			samples = new ImageSamples(image, loaded.model().inputShape());
			if (out != null && Pictures.isPng(out) && samples.count() > 1) {
				throw new IllegalArgumentException("A PNG holds one picture, but " + image
					.getTitle() + " has " + samples.count() + " planes: give save_to a .tif name for " +
					"the heat maps.");
			}
			s = Saliency.of(loaded.model(), samples, method, layer, done -> IJ.showProgress(done,
				samples.count()));
			saliency = SaliencyImages.stack(s, image, loaded.model().labels());
		}
		if (image.getWindow() != null) {
			image.setOverlay(SaliencyImages.overlay(saliency, image, samples));
		}
		if (out != null) {
			Pictures.save(Pictures.isPng(out) ? new ImagePlus(saliency.getTitle(), SaliencyImages
				.picture(saliency, image, samples, 0)) : saliency, out, "saliency maps");
		}
		LogWindow.info(log, String.format("%s of %s%s: %d plane%s; first: %s%s", s.method(), image.getTitle(),
			s.layer().isEmpty() ? "" : " at " + s.layer(), s.samples(), s.samples() == 1 ? "" : "s",
			saliency.getStack().getSliceLabel(1), out == null ? "" : "; saved to " + out));
	}
}
