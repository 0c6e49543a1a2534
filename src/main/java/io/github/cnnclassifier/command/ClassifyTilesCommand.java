package io.github.cnnclassifier.command;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.io.FileSaver;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.output.OutputFile;
import io.github.cnnclassifier.output.SafeFiles;
import io.github.cnnclassifier.ij.Pictures;
import io.github.cnnclassifier.ij.LogWindow;
import io.github.cnnclassifier.objects.ClassifiedRois;
import io.github.cnnclassifier.objects.TileClassification;
import io.github.cnnclassifier.predict.LoadedModel;
import io.github.cnnclassifier.predict.ModelService;
import io.github.cnnclassifier.interop.ModelRef;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Classifies a large image tile by tile (a sliding window of the network's
 * input size) into a class map and a probability stack.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>Classify Tiles with CNN")
public final class ClassifyTilesCommand extends ContextCommand {

	/** What save_to's files are: TIFF images. */
	static final OutputFile.Kind TIFF = new OutputFile.Kind("image", "a TIFF image", file -> {
		try (InputStream in = Files.newInputStream(file)) {
			final byte[] b = in.readNBytes(4);
			return b.length == 4 && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0) ||
				(b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42));
		}
		catch (final IOException e) {
			return false;
		}
	});

	@Parameter
	private LogService log;

	@Parameter
	private ModelService models;

	@Parameter(label = "Image", persist = false, description = "Image or stack to classify tile " +
		"by tile (the current image; headless: image='/path/file')")
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

	@Parameter(label = "Stride in pixels (0: half a tile)", min = "0", persist = false,
		description = "Pixels between tiles (0: half a tile). Macro key: stride")
	private int stride = 0;

	@Parameter(label = "Mini-batch size", min = "1", persist = false,
		description = "Tiles per forward pass. Macro key: mini_batch_size")
	private int mini_batch_size = 256;

	@Parameter(label = "Save maps to folder (optional)", style = FileWidget.DIRECTORY_STYLE,
		required = false, persist = false, description = "Folder for <title>-class-map.tif and " +
			"<title>-probabilities.tif. Macro key: save_to")
	private File save_to;

	@Parameter(label = "Replace a file of another kind", required = false, persist = false,
		description = "Replace existing files of another kind in 'save_to'. Macro key: overwrite")
	private boolean overwrite = false;

	@Override
	public void run() {
		Commands.run(this, log, this::classify);
	}

	private void classify() {
		final Path folder = Commands.path(save_to);
		final String stem = TileClassification.stem(image);
		Path mapFile = null, probFile = null;
		if (folder != null) {
			if (!Files.isDirectory(folder)) {
				throw new DataException("save_to " + folder + " is not a folder: create it or " +
					"give an existing folder");
			}
			mapFile = check(folder.resolve(stem + "-class-map.tif"));
			probFile = check(folder.resolve(stem + "-probabilities.tif"));
		}
		final List<String> classes;
		final long start = System.nanoTime();
		final ModelRef ref = new ModelRef(model.toPath(), labels, normalization);
		// NB: probabilities too large for the heap are streamed to hidden files in save_to.
		try (LoadedModel loaded = models.borrow(ref); TileClassification tiles = TileClassification
			.run(image, loaded.classifier(), stride, mini_batch_size, percent -> IJ.showProgress(
				(int) percent, 100), folder))
		{
			classes = loaded.model().labels();
			final double seconds = (System.nanoTime() - start) / 1e9;
			if (mapFile != null) {
				save(tiles.classMap(), mapFile, "class map");
				save(tiles.probabilities(), probFile, "probabilities");
			}
			if (!GraphicsEnvironment.isHeadless()) {
				tiles.classMap().show();
				if (!tiles.streamed()) tiles.probabilities().show();
				final ImageRoi overlay = new ImageRoi(0, 0, tiles.classMap().getProcessor());
				overlay.setOpacity(0.35);
				overlay.setName("class map");
				final Overlay drawn = new Overlay(overlay);
				for (final ij.gui.Roi entry : ClassifiedRois.legend(image, classes, List.of())) {
					drawn.add(entry);
				}
				image.setOverlay(drawn);
			}
			LogWindow.info(log, String.format(Locale.ROOT, "Classified %d tiles of %s in %.1f s " +
				"(%.0f per second)%s%s", tiles.tiles(), image.getTitle(), seconds, tiles.tiles() /
					Math.max(seconds, 1e-9), mapFile == null ? "" : "; saved " + mapFile + " and " +
						probFile, tiles.streamed() ? " (probabilities streamed through disk: too " +
							"large for memory)" : ""));
		}
	}

	private Path check(final Path file) {
		return OutputFile.of(file, TIFF).notTheSameAs("model", model.toPath()).notTheSameAs(
			"image", Pictures.fileOf(image)).overwrite(overwrite).check();
	}

	private static void save(final ImagePlus imp, final Path file, final String what) {
		SafeFiles.write(file, what, tmp -> {
			if (!new FileSaver(imp).saveAsTiff(tmp.toString())) {
				throw new IOException("ImageJ could not write " + tmp);
			}
		});
	}
}
