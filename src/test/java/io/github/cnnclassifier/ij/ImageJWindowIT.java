package io.github.cnnclassifier.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.gui.StackWindow;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.command.ClassifyCommand;
import io.github.cnnclassifier.command.ClassifyFolderCommand;
import io.github.cnnclassifier.folder.Folders;
import io.github.cnnclassifier.predict.ModelService;

import java.awt.EventQueue;
import java.awt.Graphics;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.CommandService;

/**
 * With ImageJ's window open (under Xvfb, in a JVM of its own): what the
 * commands say goes to the Log window, and a classified stack keeps its
 * slice labels, with the classes over the image.
 */
class ImageJWindowIT {

	@TempDir
	Path tmp;

	@Test
	void messagesGoToTheLogWindowAndTheWindowShowsTheNewLabel() throws Exception {
		Assumptions.assumeTrue(new File("/usr/bin/xvfb-run").canExecute(), "needs xvfb-run " +
			"(apt-get install xvfb)");
		final Path folder = Folders.digits(tmp.resolve("folder"), "", 1);
		final List<String> command = new ArrayList<>(List.of("xvfb-run", "-a", Path.of(System
			.getProperty("java.home"), "bin", "java").toString(), "-Djava.awt.headless=false",
			"--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
			InImageJ.class.getName(), TestModels.digitsFile().toString(), folder.toString(), tmp
				.resolve("r.csv").toString()));
		final Path out = tmp.resolve("out.txt");
		final Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(
			out.toFile()).start();
		assertTrue(p.waitFor(3, TimeUnit.MINUTES), "timed out");
		final String text = Files.readString(out, StandardCharsets.UTF_8);
		assertEquals(0, p.exitValue(), text);
		final String log = text.substring(text.indexOf("--- log") + 8, text.indexOf("--- end"));
		assertTrue(log.contains("Computing with "), text);
		assertTrue(log.contains("Classified 40 planes of digits-stack.tif"), text);
		assertTrue(log.contains("Classified 10 files of " + folder + ": 10 rows"), text);
		assertTrue(log.contains("Rows per class: 0: "), text);
		assertTrue(text.contains("label kept, classes over it: true"), text);
		assertTrue(text.matches("(?s).*Esc: Classify Folder with CNN stopped \\(Esc\\) after " +
			"\\d+ files\\. The \\d+ rows so far are in \\S+esc\\.csv\\.[0-9a-f]{12}\\.part; the " +
			"same command continues from there\\. \\[csv there: false\\].*"), text);
	}

	/** What runs under Xvfb: ImageJ's window, a stack window, the two commands. */
	public static final class InImageJ {

		private InImageJ() {}

		public static void main(final String[] args) throws Exception {
			new ImageJ(ImageJ.NO_SHOW);
			final ImagePlus imp = IJ.openImage(TestModels.DIGITS_STACK.toString());
			for (int i = 1; i <= imp.getStackSize(); i++) imp.getStack().setSliceLabel("old", i);
			final String[] drawn = { "" };
			EventQueue.invokeAndWait(() -> new StackWindow(imp) {

				@Override
				public void drawInfo(final Graphics g) {
					super.drawInfo(g);
					drawn[0] = createSubtitle();
				}
			});
			waitFor(() -> drawn[0].contains("(old)"));
			try (Context context = new Context(CommandService.class, ModelService.class)) {
				final CommandService commands = context.service(CommandService.class);
				final Cancelable one = (Cancelable) commands.run(ClassifyCommand.class, true, Map
					.of("image", imp, "model", new File(args[0]))).get();
				final boolean kept = "old".equals(imp.getStack().getSliceLabel(1)) && imp
					.getOverlay() != null && imp.getOverlay().size() == 40;
				final Cancelable folder = (Cancelable) commands.run(ClassifyFolderCommand.class,
					true, Map.of("folder", new File(args[1]), "model", new File(args[0]), "results",
						new File(args[2]))).get();
				System.out.println("cancelled: " + one.getCancelReason() + " " + folder
					.getCancelReason());
				System.out.println("Esc: " + stopWithEsc(commands, args));
				System.out.println("label kept, classes over it: " + kept + " (" + drawn[0] + ")");
			}
			System.out.println("--- log\n" + IJ.getLog() + "\n--- end");
			System.exit(0);
		}

		/** Presses Esc once rows of a long run are on disk; returns why it stopped. */
		private static String stopWithEsc(final CommandService commands, final String[] args)
			throws Exception
		{
			final Path many = Files.createDirectories(Path.of(args[2]).resolveSibling("esc"));
			for (int i = 0; i < 400; i++) {
				Files.copy(TestModels.DIGITS.resolve("5/digit_5_001.png"), many.resolve("image " +
					i + ".png"));
			}
			final Path csv = many.resolve("esc.csv");
			final java.util.concurrent.Future<?> run = commands.run(ClassifyFolderCommand.class,
				true, Map.of("folder", many.toFile(), "model", new File(args[0]), "results", csv
					.toFile(), "mini_batch_size", 1));
			waitFor(() -> {
				try (java.util.stream.Stream<Path> s = Files.list(many)) {
					return s.anyMatch(f -> f.toString().endsWith(".part") && f.toFile().length() > 400);
				}
				catch (final java.io.IOException e) {
					return false;
				}
			});
			IJ.setKeyDown(java.awt.event.KeyEvent.VK_ESCAPE);
			final Cancelable stopped = (Cancelable) run.get();
			return stopped.getCancelReason() + " [csv there: " + Files.exists(csv) + "]";
		}

		private static boolean waitFor(final java.util.function.BooleanSupplier done)
			throws Exception
		{
			for (int i = 0; i < 100 && !done.getAsBoolean(); i++) {
				EventQueue.invokeAndWait(() -> {});
				Thread.sleep(20);
			}
			return done.getAsBoolean();
		}
	}
}
