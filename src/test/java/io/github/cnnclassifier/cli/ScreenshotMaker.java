package io.github.cnnclassifier.cli;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.plugin.Zoom;

import java.awt.Dialog;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * Runs the plugin's commands in a real ImageJ 1.x window (under Xvfb, from
 * {@link ScreenshotsIT}) as a user's macro would, and saves a screenshot of
 * every window they open: {@code java ... ScreenshotMaker OUT_FOLDER IMAGEJ_FOLDER}.
 * Exit status 0 when every window was shot, 1 when a command failed.
 */
public final class ScreenshotMaker {

	private static Path out;
	private static Robot robot;

	private ScreenshotMaker() {}

	public static void main(final String[] args) throws Exception {
		out = Files.createDirectories(Paths.get(args[0]));
		final Path home = Paths.get(args[1]);
		// NB: ImageJ reads the plugin's plugins.config from the jar in this plugins folder.
		System.setProperty("plugins.dir", home.toString());
		new ImageJ(ImageJ.STANDALONE);
		robot = new Robot();
		final String model = home.resolve("digits.zip").toString();
		final String stack = abs("test-images/digits-stack.tif");
		// NB: the model never sees the held-out digits, so the evaluation's figures are a test's.
		final Path digits = heldOutSplit(home.resolve("digits"));
		macro("run('Train CNN Classifier', 'data=[" + digits.resolve("train") + "] model=[" +
			model + "] max_epochs=3 mini_batch_size=32 validation_frequency=10');");
		shoot("Training Progress", "training-progress.png");

		macro("run('CNN Network Summary', 'model=[" + model + "]');");
		shoot("CNN Network Summary", "network-summary-table.png");
		shootImage(WindowManager.getCurrentImage(), "network-summary-graph.png");

		macro("run('Show CNN Filters', 'model=[" + model + "] layer=conv_1');");
		shootImage(WindowManager.getCurrentImage(), "filters-stack.png");
		macro("run('Show CNN Filters', 'model=[" + model + "] layer=conv_1 montage=true');");
		shootImage(WindowManager.getCurrentImage(), "filters-montage.png");

		macro("open('" + abs("test-images/digits/7/digit_7_001.png") + "');" +
			"run('Show CNN Feature Maps', 'model=[" + model + "] layer=relu_1 montage=true');");
		shootImage(WindowManager.getCurrentImage(), "feature-maps-montage.png");
		macro("open('" + stack + "'); run('Show CNN Feature Maps', 'model=[" + model +
			"] layer=relu_1'); Stack.setPosition(2, 1, 1);");
		shootImage(WindowManager.getCurrentImage(), "feature-maps-stack.png");

		macro("run('Evaluate CNN', 'model=[" + model + "] data=[" + digits.resolve("held-out") +
			"]');");
		shootImage(WindowManager.getCurrentImage(), "evaluate-confusion.png");
		shootImage(WindowManager.getImage("Reliability: digits on held-out"),
			"evaluate-reliability.png");
		shoot("CNN Evaluation", "evaluate-table.png");
		if (WindowManager.getWindow("Misclassified") != null) {
			shoot("Misclassified", "evaluate-misclassified.png");
		}

		macro("selectImage('digits-stack.tif'); run('Show CNN Saliency', 'model=[" + model +
			"] method=grad-cam');");
		shootImage(WindowManager.getCurrentImage(), "saliency-stack.png");
		final ImagePlus withOverlay = WindowManager.getImage("digits-stack.tif");
		withOverlay.setSlice(1);
		shootImage(withOverlay, "saliency-overlay.png");
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

	private static void shootImage(final ImagePlus imp, final String file) throws Exception {
		if (imp == null || imp.getWindow() == null) fail("no image window for " + file);
		final int side = Math.max(imp.getWidth(), imp.getHeight());
		// NB: the network's 28x28 (and 3x3) images are shown enlarged, as a user would.
		if (side < 200) Zoom.set(imp, Math.min(32, Math.floor(320.0 / side)));
		capture(imp.getWindow(), file);
	}

	private static void shoot(final String title, final String file) throws Exception {
		final Window w = WindowManager.getWindow(title);
		if (w == null) fail("no window " + title + " for " + file);
		capture(w, file);
	}

	private static void capture(final Window w, final String file) throws Exception {
		w.setLocation(10, 110);
		w.toFront();
		Thread.sleep(1200);
		final Rectangle r = w.getBounds();
		final BufferedImage shot = robot.createScreenCapture(r);
		ImageIO.write(shot, "png", out.resolve(file).toFile());
		IJ.log("Screenshot " + file + " " + r.width + "x" + r.height);
	}

	/** Copies the shipped digits into {@code root}: train/ the first 90 of each class, held-out/ the other 30. */
	private static Path heldOutSplit(final Path root) throws IOException {
		try (var classes = Files.list(Paths.get("test-images", "digits"))) {
			for (final Path c : classes.sorted().toList()) {
				final List<Path> files;
				try (var s = Files.list(c)) {
					files = s.sorted().toList();
				}
				for (int i = 0; i < files.size(); i++) {
					final Path to = root.resolve(i < 90 ? "train" : "held-out").resolve(c.getFileName()
						.toString()).resolve(files.get(i).getFileName().toString());
					Files.createDirectories(to.getParent());
					Files.copy(files.get(i), to);
				}
			}
		}
		return root;
	}

	private static String abs(final String path) {
		return Paths.get(path).toAbsolutePath().toString();
	}

	private static void fail(final String message) {
		System.err.println("ScreenshotMaker: " + message);
		try {
			Files.writeString(out.resolve("failed.txt"), message);
		}
		catch (final IOException e) {
			e.printStackTrace();
		}
		System.exit(1);
	}
}
