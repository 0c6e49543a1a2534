package io.github.cnnclassifier.command;

import ij.ImagePlus;
import io.github.cnnclassifier.ij.LogWindow;
import io.github.cnnclassifier.objects.CropGeometry;
import io.github.cnnclassifier.objects.ImageObject;
import io.github.cnnclassifier.objects.ObjectExport;
import io.github.cnnclassifier.objects.ObjectSet;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Writes the objects of an image, with their classes, as crops into a
 * labelled folder for Train CNN Classifier: {@code folder/<class>/<image>-<object>.tif}.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>Export ROIs as Training Images")
public final class ExportRoisCommand extends ContextCommand {

	@Parameter
	private LogService log;

	@Parameter(label = "Image", persist = false, description = "Image whose objects are cut out " +
		"(the current image; headless: image='/path/file')")
	private ImagePlus image;

	@Parameter(label = "ROI file (optional)", style = FileWidget.OPEN_STYLE, required = false,
		persist = false, description = "ROIs (.zip or .roi); empty: the ROI Manager, else the " +
			"image's overlay. A ROI's class: its 'class' property, else its named group, else " +
			"its name. Macro key: rois")
	private File rois;

	@Parameter(label = "Label image (optional)", required = false, persist = false,
		description = "Label image instead of ROIs (every non-zero value one object): the title " +
			"of an open image, or a file. Macro key: labels")
	private String labels;

	@Parameter(label = "Classes CSV (optional)", style = FileWidget.OPEN_STYLE, required = false,
		persist = false, description = "For a label image: CSV with columns Object (label value) " +
			"and Class. Macro key: classes")
	private File classes;

	@Parameter(label = "Folder to write the crops into", style = FileWidget.DIRECTORY_STYLE,
		persist = false, description = "Labelled folder to write the crops into (one sub-folder " +
			"per class). Macro key: folder")
	private File folder;

	@Parameter(label = "Crop size (0: bounding box)", min = "0", persist = false,
		description = "Side of the square cut around each object's centre (0: its bounding box). " +
			"Macro key: crop")
	private int crop = 0;

	@Parameter(label = "Padding in pixels", min = "0", persist = false,
		description = "Pixels added around the bounding box when crop is 0. Macro key: padding")
	private int padding = 2;

	@Parameter(label = "Blank the pixels outside the object", required = false, persist = false,
		description = "Set the pixels outside each object to the crop's background. " +
			"Macro key: mask_outside")
	private boolean mask_outside = false;

	@Override
	public void run() {
		Commands.run(this, log, this::export);
	}

	private void export() {
		final CropGeometry geometry = new CropGeometry(crop, padding, mask_outside);
		final Path out = folder.toPath();
		final Map<String, String> classOf = new HashMap<>();
		final Path roiFile = Commands.path(rois);
		final ImagePlus labelImage = ObjectSource.labelImage(labels);
		if (labelImage != null && roiFile == null && classes == null) {
			throw new IllegalArgumentException("A label image needs classes: a CSV with " +
				"columns Object (label value) and Class");
		}
		final ObjectSet objects = ObjectSource.objects(roiFile, labelImage, image);
		if (labelImage != null) classOf.putAll(ObjectExport.readClasses(classes.toPath()));
		else {
			for (final ImageObject o : objects.objects()) {
				final String c = ObjectExport.classOf(o.roi());
				if (c != null) classOf.put(o.name(), c);
			}
		}
		final ObjectExport.Summary summary = ObjectExport.export(image, objects.objects(),
			classOf, geometry, ObjectSource.source(roiFile, labelImage), out);
		LogWindow.info(log, image.getTitle() + ": " + objects.describe() + "; " + summary
			.describe() + " in " + out);
	}
}
