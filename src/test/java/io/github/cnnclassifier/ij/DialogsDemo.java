package io.github.cnnclassifier.ij;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.WindowManager;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.train.FolderTrainer;
import io.github.cnnclassifier.train.TrainingMonitor;
import io.github.cnnclassifier.train.TrainingOptions;
import io.github.cnnclassifier.train.TrainingProgress;

import java.awt.Button;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.EventQueue;
import java.awt.Robot;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import javax.imageio.ImageIO;

/**
 * Opens the plugin's ImageJ 1.x dialogs and the training plot in a real
 * window (run it under Xvfb) and saves a screenshot of each into the folder
 * given: {@code java ... DialogsDemo OUT_FOLDER}, to look at them.
 */
public final class DialogsDemo {

	private static Path out;
	private static Robot robot;

	private DialogsDemo() {}

	public static void main(final String[] args) throws Exception {
		out = Files.createDirectories(Paths.get(args[0]));
		new ImageJ();
		robot = new Robot();
		final Path model = out.resolve("digits.zip");
		if (!Files.exists(model)) {
			new FolderTrainer(TestModels.quick().maxEpochs(1).build(), TrainingMonitor.SILENT)
				.train(TestModels.DIGITS, null, model);
		}
		Prefs.set(LegacyCommandRunner.LAST_MODEL, model.toString());

		dialog("TrainCommand", "train-basic.png", "Advanced...");
		shootDialog("train-advanced.png", "Cancel");
		dialog("TransferCommand", "transfer-basic.png", "Cancel");
		IJ.openImage(TestModels.DIGITS.resolve("7/digit_7_001.png").toString()).show();
		dialog("ShowFeatureMapsCommand", "feature-maps.png", null);
		// Another model typed into the dialog: the layer choice follows it.
		final Path other = out.resolve("other.zip");
		if (!Files.exists(other)) {
			new FolderTrainer(TestModels.quick().maxEpochs(1).layers("conv3x3x4 relu maxpool2 " +
				"fc8 relu").build(), TrainingMonitor.SILENT).train(TestModels.CELLS, null, other);
		}
		final Dialog open = visibleDialog();
		final java.awt.TextField field = (java.awt.TextField) find(open, java.awt.TextField.class);
		EventQueue.invokeAndWait(() -> field.setText(other.toString()));
		Thread.sleep(1500);
		final java.awt.Choice layers = (java.awt.Choice) find(open, java.awt.Choice.class);
		final StringBuilder items = new StringBuilder();
		for (int i = 0; i < layers.getItemCount(); i++) items.append(layers.getItem(i)).append(' ');
		System.out.println("layers after typing another model: " + items);
		press(open, "Cancel");
		dialog("ShowFiltersCommand", "filters.png", "OK");
		Thread.sleep(3000);
		shoot(WindowManager.getCurrentImage().getWindow(), "filters-result.png");

		final TrainingPlot plot = new TrainingPlot("Training progress: digits.zip", true);
		for (int i = 1; i <= 12; i++) {
			plot.iteration(new TrainingProgress(1 + i / 8, 4, i, 40, 2.0 / i, 0.1 * Math.min(9, i),
				Double.NaN, Double.NaN, i * 0.5));
			Thread.sleep(450);
		}
		shoot(WindowManager.getWindow("Training Progress"), "plot-running.png");
		plot.finish("stopped by the user at epoch 2, iteration 12");
		Thread.sleep(1500);
		shoot(WindowManager.getWindow("Training Progress"), "plot-stopped.png");

		// What the recorder writes for OK in Train with an advanced option set earlier.
		Prefs.set("cnnclassifier.TrainCommand.data", TestModels.CELLS.toAbsolutePath().toString());
		Prefs.set("cnnclassifier.TrainCommand.model", out.resolve("cells.zip").toString());
		Prefs.set("cnnclassifier.TrainCommand.max_epochs", "1");
		Prefs.set("cnnclassifier.TrainCommand.seed", "7");
		Prefs.set("cnnclassifier.TrainCommand.augment_x_reflection", "true");
		new ij.plugin.frame.Recorder();
		final Thread train = new Thread(() -> {
			ij.plugin.frame.Recorder.setCommand("Train CNN Classifier");
			new LegacyCommandBridge().run("io.github.cnnclassifier.command.TrainCommand");
			ij.plugin.frame.Recorder.saveCommand();
		});
		train.start();
		shootDialog("train-remembered.png", "OK");
		train.join(120_000);
		System.out.println("recorded: " + ij.plugin.frame.Recorder.getInstance().getText());
		System.out.println("model seed: " + io.github.cnnclassifier.model.ModelIO.readMetadata(out
			.resolve("cells.zip")).training().get("seed"));
		System.exit(0);
	}

	/** Runs a command's dialog on a thread of its own, shoots it, then presses {@code button}. */
	private static void dialog(final String command, final String file, final String button)
		throws Exception
	{
		new Thread(() -> new LegacyCommandBridge().run("io.github.cnnclassifier.command." +
			command)).start();
		shootDialog(file, button);
	}

	private static void shootDialog(final String file, final String button) throws Exception {
		Dialog d = null;
		for (int i = 0; i < 100 && d == null; i++) {
			Thread.sleep(200);
			for (final Window w : Window.getWindows()) {
				if (w instanceof Dialog && w.isVisible()) d = (Dialog) w;
			}
		}
		if (d == null) throw new IllegalStateException("no dialog for " + file);
		Thread.sleep(1200);
		shoot(d, file);
		if (button != null) press(d, button);
	}

	private static Dialog visibleDialog() {
		for (final Window w : Window.getWindows()) {
			if (w instanceof Dialog && w.isVisible()) return (Dialog) w;
		}
		throw new IllegalStateException("no dialog");
	}

	private static Component find(final Container c, final Class<?> type) {
		for (final Component child : c.getComponents()) {
			if (type.isInstance(child)) return child;
			if (child instanceof Container) {
				final Component found = find((Container) child, type);
				if (found != null) return found;
			}
		}
		return null;
	}

	private static void press(final Dialog d, final String button) throws Exception {
		final Button b = find(d, button);
		if (b == null) throw new IllegalStateException("no button " + button + " in " + d.getTitle());
		EventQueue.invokeLater(() -> b.dispatchEvent(new ActionEvent(b,
			ActionEvent.ACTION_PERFORMED, button)));
		for (int i = 0; i < 50 && d.isVisible(); i++) Thread.sleep(100);
	}

	private static Button find(final Container c, final String label) {
		for (final Component child : c.getComponents()) {
			if (child instanceof Button && label.equals(((Button) child).getLabel().trim())) {
				return (Button) child;
			}
			if (child instanceof Container) {
				final Button b = find((Container) child, label);
				if (b != null) return b;
			}
		}
		return null;
	}

	private static void shoot(final Window w, final String file) throws Exception {
		w.toFront();
		Thread.sleep(800);
		ImageIO.write(robot.createScreenCapture(w.getBounds()), "png", out.resolve(file)
			.toFile());
		System.out.println("shot " + file + " " + w.getWidth() + "x" + w.getHeight());
	}
}
