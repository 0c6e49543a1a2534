package io.github.cnnclassifier.cli;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Roi;
import ij.plugin.Zoom;
import ij.plugin.frame.RoiManager;
import ij.process.ShortProcessor;

import java.awt.Dialog;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.nio.file.Path;
import java.nio.file.Paths;

import javax.imageio.ImageIO;

/**
 * Runs in a real ImageJ 1.x window (under Xvfb, from {@link RoiManagerIT}) as
 * a user would: fills the ROI Manager from a zip and classifies its ROIs,
 * then trains a cells model and classifies the tiles of a field of cells,
 * and shoots both windows:
 * {@code java ... RoiWindowMaker IMAGEJ_FOLDER IMAGE ZIP MODEL CSV SHOTS}.
 * Exit status 0 when every step ran, 1 otherwise.
 */
public final class RoiWindowMaker {

	private RoiWindowMaker() {}

	public static void main(final String[] args) throws Exception {
		// NB: ImageJ reads the plugin's plugins.config from the jar in this plugins folder.
		System.setProperty("plugins.dir", args[0]);
		new ImageJ(ImageJ.STANDALONE);
		final String image = args[1], zip = args[2], model = args[3], csv = args[4];
		final Path shots = Paths.get(args[5]);
		macro("open('" + image + "'); roiManager('Open', '" + zip + "'); run('Classify ROIs " +
			"with CNN', 'model=[" + model + "] crop=28 results=[" + csv + "]');");
		final RoiManager manager = RoiManager.getInstance();
		int classified = 0;
		for (final Roi roi : manager.getRoisAsArray()) {
			if (roi.getProperty("class") != null && roi.getGroup() > 0) classified++;
		}
		System.out.println("ROI Manager: " + manager.getCount() + " ROIs, " + classified +
			" with a class, group names " + Roi.getGroupNames());
		shoot(WindowManager.getImage("field.tif"), shots.resolve("rois-classified.png"), 2);

		final String cells = Paths.get(args[0], "cells.zip").toString();
		macro("run('Train CNN Classifier', 'data=[" + Paths.get("test-images/cells")
			.toAbsolutePath() + "] model=[" + cells + "] max_epochs=4 mini_batch_size=16');");
		cellField().show();
		// NB: a stride of one cell, so that each tile holds one cell as the training images do.
		macro("selectImage('cells-field'); run('Enhance Contrast', 'saturated=1'); " +
			"run('Classify Tiles with CNN', 'model=[" + cells + "] stride=32');");
		final ImagePlus field = WindowManager.getImage("cells-field");
		shoot(field, shots.resolve("tiles-class-map.png"), 1);
		System.out.println("Class map over the cells: " + (field.getOverlay() == null ? 0 : field
			.getOverlay().size()) + " overlay elements");
		System.out.println("--- log\n" + IJ.getLog() + "\n--- end");
		System.exit(0);
	}

	/** Runs a macro (single quotes for double), failing on an error or a dialog left open. */
	private static void macro(final String text) {
		final String result = IJ.runMacro(text.replace('\'', '"'));
		for (final Window w : Window.getWindows()) {
			if (w instanceof Dialog && w.isVisible()) {
				fail("a dialog is open after " + text + ": " + ((Dialog) w).getTitle());
			}
		}
		if ("[aborted]".equals(result)) fail("the macro stopped: " + text);
	}

	/**
	 * A 16-bit field of the shipped cells, 16 x 10 of them: round ones above a
	 * diagonal, elongated ones below it.
	 */
	private static ImagePlus cellField() {
		final ShortProcessor field = new ShortProcessor(16 * 32, 10 * 32);
		for (int row = 0; row < 10; row++) {
			for (int col = 0; col < 16; col++) {
				final String kind = col + 1.2 * row < 13 ? "round" : "elongated";
				final int i = 1 + (row * 16 + col) % 60;
				final ImagePlus cell = IJ.openImage(Paths.get("test-images/cells", kind, String
					.format("cell_%03d.tif", i)).toAbsolutePath().toString());
				field.insert(cell.getProcessor(), col * 32, row * 32);
			}
		}
		return new ImagePlus("cells-field", field);
	}

	/** Saves the image's window, shown at {@code zoom} times its size, as a PNG. */
	private static void shoot(final ImagePlus imp, final Path file, final double zoom)
		throws Exception
	{
		if (imp == null || imp.getWindow() == null) fail("no image window for " + file);
		if (zoom != 1) Zoom.set(imp, zoom);
		final Window w = imp.getWindow();
		w.setLocation(10, 110);
		w.toFront();
		Thread.sleep(1200);
		final Rectangle r = w.getBounds();
		ImageIO.write(new Robot().createScreenCapture(r), "png", file.toFile());
		System.out.println("Screenshot " + file + " " + r.width + "x" + r.height);
	}

	private static void fail(final String message) {
		System.out.println("RoiWindowMaker: " + message + "\n--- log\n" + IJ.getLog());
		System.exit(1);
	}
}
