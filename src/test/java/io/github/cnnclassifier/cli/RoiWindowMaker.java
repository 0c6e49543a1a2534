package io.github.cnnclassifier.cli;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Roi;
import ij.plugin.Zoom;
import ij.plugin.frame.RoiManager;
import ij.process.ByteProcessor;

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
 * then classifies the tiles of a field of digits, and shoots both windows:
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

		digitField().show();
		// NB: a stride of one digit, so that each tile holds one digit as the training images do.
		macro("selectImage('digits-field'); run('Classify Tiles with CNN', 'model=[" + model +
			"] stride=28');");
		final ImagePlus field = WindowManager.getImage("digits-field");
		shoot(field, shots.resolve("tiles-class-map.png"), 1);
		System.out.println("Class map over the digits: " + (field.getOverlay() == null ? 0 : field
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
	 * A field of 16 x 10 of the shipped digits, side by side: threes above a
	 * diagonal, sevens below it.
	 */
	private static ImagePlus digitField() {
		final ByteProcessor field = new ByteProcessor(16 * 28, 10 * 28);
		for (int row = 0; row < 10; row++) {
			for (int col = 0; col < 16; col++) {
				final int digit = col + 1.2 * row < 13 ? 3 : 7;
				final ImagePlus image = IJ.openImage(Paths.get("test-images/digits", "" + digit,
					String.format("digit_%d_%03d.png", digit, 1 + (row * 16 + col) % 120))
					.toAbsolutePath().toString());
				field.insert(image.getProcessor(), col * 28, row * 28);
			}
		}
		return new ImagePlus("digits-field", field);
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
