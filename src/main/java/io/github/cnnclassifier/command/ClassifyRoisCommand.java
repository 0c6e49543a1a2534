package io.github.cnnclassifier.command;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.frame.RoiManager;
import io.github.cnnclassifier.api.CnnModel;
import io.github.cnnclassifier.folder.FolderJob;
import io.github.cnnclassifier.output.OutputFile;
import io.github.cnnclassifier.output.SafeFiles;
import io.github.cnnclassifier.ij.CommandProgress;
import io.github.cnnclassifier.ij.Pictures;
import io.github.cnnclassifier.ij.LogWindow;
import io.github.cnnclassifier.objects.ClassifiedRois;
import io.github.cnnclassifier.objects.CropGeometry;
import io.github.cnnclassifier.objects.ObjectClassification;
import io.github.cnnclassifier.objects.ObjectSet;
import io.github.cnnclassifier.objects.RoiFiles;
import io.github.cnnclassifier.predict.ModelService;
import io.github.cnnclassifier.interop.ModelRef;
import io.github.cnnclassifier.predict.Unsure;

import java.awt.GraphicsEnvironment;
import java.io.File;
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
 * Classifies the objects of an image, from ROIs or a label image: each is cut
 * out ({@link CropGeometry}) and classified in mini-batches; one Results row
 * per object, and the ROIs take their classes (group, colour, {@code class}
 * property), drawn as an overlay with a legend.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>Classify ROIs with CNN")
public final class ClassifyRoisCommand extends ContextCommand {

	/** What classified_zip writes: a zip of .roi entries. */
	static final OutputFile.Kind ROIS = new OutputFile.Kind("ROIs",
		"a ROI set (.zip of .roi files)", file -> {
			try {
				return RoiFiles.read(file).length > 0;
			}
			catch (final RuntimeException e) {
				return false;
			}
		});

	/** What the class counts beside the results are. */
	static final OutputFile.Kind COUNTS = OutputFile.Kind.csvWithColumns("class counts",
		"class counts written by CNN Classifier (a CSV with Class, Count and Percent columns)",
		"Class", "Count", "Percent");

	@Parameter
	private LogService log;

	@Parameter
	private ModelService models;

	@Parameter(label = "Image", persist = false, description = "Image whose objects are " +
		"classified (the current image; headless: image='/path/file')")
	private ImagePlus image;

	@Parameter(label = ModelInputs.MODEL, style = FileWidget.OPEN_STYLE, persist = false,
		description = ModelInputs.MODEL_HELP)
	private File model;

	@Parameter(label = ModelInputs.LABELS, required = false, persist = false,
		description = ModelRef.LABELS_HELP + ". Macro key: class_names")
	private String class_names = "";

	@Parameter(label = ModelInputs.NORMALIZATION, required = false, persist = false,
		description = ModelInputs.NORMALIZATION_HELP)
	private String normalization = "";

	@Parameter(label = "ROI file (optional)", style = FileWidget.OPEN_STYLE, required = false,
		persist = false, description = "ROIs (.zip or .roi); empty: the ROI Manager, else the " +
			"image's overlay. Macro key: rois")
	private File rois;

	@Parameter(label = "Label image (optional)", required = false, persist = false,
		description = "Label image instead of ROIs (every non-zero value one object): the title " +
			"of an open image, or a file. Macro key: labels")
	private String labels;

	@Parameter(label = "Crop size (0: bounding box; -1: the model's)", min = "-1", persist = false,
		description = "Side of the square cut around each object's centre (0: its bounding " +
			"box; -1: the model's, else 0). Macro key: crop")
	private int crop = CropGeometry.FROM_MODEL;

	@Parameter(label = "Padding in pixels (-1: the model's)", min = "-1", persist = false,
		description = "Pixels added around the bounding box when crop is 0 (-1: the model's, " +
			"else 2). Macro key: padding")
	private int padding = CropGeometry.FROM_MODEL;

	/** NB: a choice, not a checkbox: the model's value unless one is given. */
	@Parameter(choices = { CropGeometry.FROM_MODEL_TEXT, "false", "true" }, label = "Blank the pixels outside the object", persist = false,
		description = "Set the pixels outside each object to the crop's background (model: " +
			"the model's, else false). Macro key: mask_outside")
	private String mask_outside = CropGeometry.FROM_MODEL_TEXT;

	@Parameter(label = "Results CSV (optional)", style = FileWidget.SAVE_STYLE, required = false,
		persist = false, description = "CSV file for the results (class counts beside it: " +
			"name-counts.csv). Macro key: results")
	private File results;

	@Parameter(label = "Save classified ROIs to (optional)", style = FileWidget.SAVE_STYLE,
		required = false, persist = false, description = "Save the classified ROIs as a .zip. " +
			"Macro key: classified_zip")
	private File classified_zip;

	@Parameter(label = "Mini-batch size", min = "1", persist = false,
		description = "Objects per forward pass. Macro key: mini_batch_size")
	private int mini_batch_size = 256;

	@Parameter(label = ModelInputs.UNSURE_BELOW, min = "0", max = "1", persist = false,
		description = "An object" + ModelInputs.UNSURE_BELOW_HELP)
	private double unsure_below = 0;

	@Parameter(label = ModelInputs.UNSURE_LABEL, persist = false,
		description = "The class of objects" + ModelInputs.UNSURE_LABEL_HELP)
	private String unsure_label = Unsure.DEFAULT_LABEL;

	@Parameter(label = "Replace a file of another kind", required = false, persist = false,
		description = "Replace existing files of another kind at 'results' or 'classified_zip'. " +
			"Macro key: overwrite")
	private boolean overwrite = false;

	@Override
	public void run() {
		Commands.run(this, log, this::classify);
	}

	private void classify() {
		final Unsure unsure = new Unsure(unsure_below, unsure_label);
		final Path csv = Commands.path(results);
		final Path roiZip = Commands.path(classified_zip);
		final Path roiFile = Commands.path(rois);
		final ImagePlus labelImage = ObjectSource.labelImage(labels);
		if (csv != null) {
			check(OutputFile.of(csv, Commands.RESULTS), roiFile);
			check(OutputFile.of(FolderJob.countsFile(csv), COUNTS), roiFile);
		}
		if (roiZip != null) check(OutputFile.of(roiZip, ROIS), roiFile);
		final ObjectSet objects = ObjectSource.objects(roiFile, labelImage, image);
		LogWindow.info(log, image.getTitle() + ": " + objects.describe());
		final ObjectClassification c;
		final List<String> classes;
		final long start = System.nanoTime();
		final ModelRef ref = new ModelRef(model.toPath(), class_names, normalization);
		final CommandProgress progress = new CommandProgress("Classifying objects", log);
		try (CnnModel cnn = CnnModel.borrow(models, ref)) {
			classes = cnn.labels();
			final CropGeometry.Chosen geometry = CropGeometry.choose(crop, padding, mask_outside,
				cnn.metadata().crops());
			LogWindow.info(log, "Crop geometry: " + geometry.origin());
			c = ObjectClassification.run(image, objects.objects(), geometry.geometry(), cnn,
				mini_batch_size, progress).unsure(unsure.checkAgainst(classes));
		}
		finally {
			progress.done();
		}
		final double seconds = (System.nanoTime() - start) / 1e9;
		final ResultsTable table = ResultsTable.getResultsTable();
		c.fill(table, classes);
		final List<Roi> classified = ClassifiedRois.of(c, image);
		ClassifiedRois.overlay(image, classified, c.classes());
		if (csv != null) {
			SafeFiles.writeText(csv, "results", c.csv(classes));
			SafeFiles.writeText(FolderJob.countsFile(csv), "class counts", c.counts().csv());
		}
		if (roiZip != null && !classified.isEmpty()) RoiFiles.write(roiZip, classified);
		if (!GraphicsEnvironment.isHeadless()) {
			table.show("Results");
			final RoiManager manager = RoiManager.getInstance();
			if (manager != null && roiFile == null && labelImage == null) {
				manager.reset();
				for (final Roi roi : classified) manager.addRoi(roi);
			}
			image.updateAndDraw();
		}
		LogWindow.info(log, String.format(Locale.ROOT,
			"Classified %d objects of %s in %.2f s (%.0f per second); per class: %s", c.objects()
				.size(), image.getTitle(), seconds, c.objects().size() / Math.max(seconds, 1e-9), c
					.counts()));
		Commands.printUnlessSaved(csv, () -> c.csv(classes), "results");
	}

	private void check(final OutputFile output, final Path roiFile) {
		output.notTheSameAs("model", model.toPath()).notTheSameAs("image", Pictures.fileOf(image))
			.notTheSameAs("rois", roiFile).notTheSameAs("labels", ObjectSource.labelFile(labels))
			.overwrite(overwrite).check();
	}

}
