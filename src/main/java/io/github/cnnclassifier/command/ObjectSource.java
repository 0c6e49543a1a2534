package io.github.cnnclassifier.command;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.objects.ObjectSet;
import io.github.cnnclassifier.objects.Objects;
import io.github.cnnclassifier.objects.RoiFiles;

import java.nio.file.Path;

/** Where the object commands take an image's objects from: labels, rois, ROI Manager or overlay. */
final class ObjectSource {

	private ObjectSource() {}

	/** The objects: from the label image, the ROI file, the ROI Manager, or the overlay. */
	static ObjectSet objects(final Path roiFile, final ImagePlus labelImage,
		final ImagePlus image)
	{
		if (labelImage != null && roiFile != null) {
			throw new IllegalArgumentException("Give either rois or labels, not both");
		}
		if (labelImage != null) return Objects.fromLabels(labelImage, image);
		return Objects.fromRois(rois(roiFile, image), image);
	}

	/** Where {@link #objects} takes them from, for the record: a label image, a ROI file, the ROI Manager or the overlay. */
	static String source(final Path roiFile, final ImagePlus labelImage) {
		return labelImage != null ? "label image" : roiFile != null ? "ROI file" : manager() !=
			null ? "ROI Manager" : "overlay";
	}

	/** The ROI Manager (the batch-mode one in a macro) if it holds ROIs, else null. */
	private static RoiManager manager() {
		final RoiManager manager = RoiManager.getInstance2();
		return manager != null && manager.getCount() > 0 ? manager : null;
	}

	/**
	 * The label image {@code labels} names: an open image of that title, else
	 * a file; null when blank. NB: a title, not an ImagePlus input, which the
	 * ImageJ 1.x menus and macros would fill with the current image.
	 */
	static ImagePlus labelImage(final String labels) {
		if (labels == null || labels.isBlank()) return null;
		final ImagePlus open = ij.WindowManager.getImage(labels);
		if (open != null) return open;
		final Path file = labelFile(labels);
		if (file == null || !java.nio.file.Files.isRegularFile(file)) {
			throw new DataException("labels=" + labels + " is neither the title of an open image " +
				"nor a file: give the label image's title or path");
		}
		final ImagePlus imp = ij.IJ.openImage(file.toString());
		if (imp == null) {
			throw new DataException("Cannot open the label image " + file + ": give an image " +
				"file ImageJ reads (e.g. a .tif)");
		}
		return imp;
	}

	/** The file {@code labels} names, if it is a path; null when blank or not a path. */
	static Path labelFile(final String labels) {
		try {
			return labels == null || labels.isBlank() ? null : Path.of(labels);
		}
		catch (final java.nio.file.InvalidPathException e) {
			return null;
		}
	}

	/**
	 * The ROIs of {@code file}; without one, those of the ROI Manager (the
	 * batch-mode one in a macro), else the image's overlay less a legend.
	 */
	private static Roi[] rois(final Path file, final ImagePlus image) {
		if (file != null) return RoiFiles.read(file);
		final RoiManager manager = manager();
		if (manager != null) return manager.getRoisAsArray();
		final Overlay overlay = image.getOverlay();
		if (overlay != null && overlay.size() > 0) return legendless(overlay.toArray());
		throw new DataException("Image \"" + image.getTitle() + "\" has no objects: give " +
			"rois (a .zip or .roi file) or labels (a label image), or add ROIs to the ROI " +
			"Manager (Analyze > Analyze Particles, add to manager)");
	}

	/** The overlay's ROIs, less an earlier run's legend. */
	private static Roi[] legendless(final Roi[] rois) {
		return java.util.Arrays.stream(rois).filter(r -> r.getName() == null || !r.getName()
			.startsWith("legend ")).toArray(Roi[]::new);
	}
}
