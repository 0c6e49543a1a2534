package io.github.cnnclassifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inspection commands end to end: headless with the launcher's
 * {@code --headless --run} (its Main, in this JVM: a JVM per command would
 * cost the suite a minute), and in ImageJ 1.x macros run by ./cnn-classifier
 * -batch, where each picture is the macro's current image (ExampleMacrosIT
 * runs macros/inspect-model.ijm).
 */
class InspectIT {

	@TempDir
	static Path tmp;

	private static Path model;
	private static Run training;

	@BeforeAll
	static void trainHeadless() throws Exception {
		model = tmp.resolve("digits model.zip");
		training = headless("Train CNN Classifier",
			"data='test-images/digits',model='" + model + "',max_epochs=2,mini_batch_size=32," +
				"validation_frequency=10");
	}

	@Test
	void headlessTrainingLeavesItsProgressPlotBesideTheModel() {
		assertEquals(0, training.exit, training.toString());
		final Path png = tmp.resolve("digits model-progress.png");
		assertTrue(training.err.contains("Saved the training progress plot to " + png), training
			.toString());
		final ImagePlus plot = IJ.openImage(png.toString());
		assertEquals(ImagePlus.COLOR_RGB, plot.getType());
		assertTrue(plot.getWidth() >= 600 && plot.getHeight() >= 500, plot.toString());
	}

	@Test
	void filtersAndFeatureMapsAreSavedHeadless() throws Exception {
		final Path filters = tmp.resolve("conv_2 filters.tif");
		final Run f = headless("Show CNN Filters", "model='" +
			model + "',layer='conv_2',save_to='" + filters + "'");
		assertEquals(0, f.exit, f.toString());
		assertTrue(f.err.contains("conv_2: 16 filters of 3x3x8; saved to " + filters), f
			.toString());
		final ImagePlus weights = IJ.openImage(filters.toString());
		assertEquals(8 * 16, weights.getStackSize());
		assertEquals(32, weights.getBitDepth());
		final Path maps = tmp.resolve("maps.tif");
		final Run m = headless("Show CNN Feature Maps", "image=" +
			"'test-images/digits-stack.tif',model='" + model + "',layer='relu_1',save_to='" + maps +
			"'");
		assertEquals(0, m.exit, m.toString());
		final ImagePlus activations = IJ.openImage(maps.toString());
		assertEquals(8, activations.getNChannels());
		assertEquals(40, activations.getNFrames());
		assertEquals(28, activations.getWidth());
	}

	@Test
	void theSummaryAndTheEvaluationAreSavedHeadless() throws Exception {
		final Path csv = tmp.resolve("summary.csv"), graph = tmp.resolve("graph.png");
		final Run s = headless("CNN Network Summary", "model='" +
			model + "',save_to='" + csv + "',picture='" + graph + "'");
		assertEquals(0, s.exit, s.toString());
		final List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
		assertEquals("conv_1,Convolution,28×28×8,80,\"Weights 3×3×1×8, Bias 1×1×8\",8 3×3×1 " +
			"convolutions with stride [1 1] and padding 'same',input", rows.get(2));
		assertTrue(Files.size(graph) > 1000);
		assertEquals("", s.out, "with save_to, nothing on standard output");
		final Run printed = headless("CNN Network Summary", "model='" + model + "'");
		assertEquals(String.join("\n", rows) + "\n", printed.out);
		final Path counts = tmp.resolve("confusion.csv"), picture = tmp.resolve("confusion.png"),
			diagram = tmp.resolve("reliability.png");
		final Run e = headless("Evaluate CNN", "model='" + model +
			"',data='test-images/digits',confusion='" + counts + "',save_to='" + picture +
			"',reliability='" + diagram + "'");
		assertEquals(0, e.exit, e.toString());
		final List<String> summary = e.err.lines().filter(l -> l.contains("accuracy=")).toList();
		assertEquals(1, summary.size(), e.toString());
		assertTrue(summary.get(0).matches(".*Evaluate CNN: accuracy=0\\.\\d{4} " +
			"accuracy_ci95=0\\.\\d{4}-[01]\\.\\d{4} macro_f1=0\\.\\d{4} macro_f1_ci95=0\\.\\d{4}-" +
			"[01]\\.\\d{4} ece=0\\.\\d{4} brier=0\\.\\d{4} images=1200"), summary.get(0));
		assertTrue(e.err.lines().anyMatch(l -> l.matches(".*WARN.* 900 of the evaluated images are " +
			"training images of the model and \\d+ near copies of them.*")), "the model trained " +
				"on this folder: " + e);
		assertEquals(ImagePlus.COLOR_RGB, IJ.openImage(diagram.toString()).getType());
		assertTrue(e.out.startsWith("Class,Precision,Recall,Recall_CI95_Low,Recall_CI95_High,F1," +
			"Support\n0,"), "the table on " +
			"standard output without results=: " + e);
		assertEquals(11, e.out.split("\n").length, e.toString());
		final Matcher accuracy = Pattern.compile("accuracy ([0-9.]+) % \\((\\d+) of 1200 images\\)")
			.matcher(e.err);
		assertTrue(accuracy.find(), e.toString());
		int total = 0, diagonal = 0;
		final List<String> lines = Files.readAllLines(counts, StandardCharsets.UTF_8);
		for (int t = 1; t < lines.size(); t++) {
			final String[] cells = lines.get(t).split(",");
			for (int p = 1; p < cells.length; p++) {
				total += Integer.parseInt(cells[p]);
				if (p == t) diagonal += Integer.parseInt(cells[p]);
			}
		}
		assertEquals(1200, total);
		assertEquals(Integer.parseInt(accuracy.group(2)), diagonal, "the diagonal is the accuracy");
		assertEquals(ImagePlus.COLOR_RGB, IJ.openImage(picture.toString()).getType());
	}

	@Test
	void saliencyIsSavedHeadlessAndABadLayerIsOneLine() throws Exception {
		final Path heat = tmp.resolve("cam.tif");
		final Run s = headless("Show CNN Saliency", "image=" +
			"'test-images/digits-stack.tif',model='" + model + "',method='grad-cam',save_to='" +
			heat + "'");
		assertEquals(0, s.exit, s.toString());
		final ImagePlus maps = IJ.openImage(heat.toString());
		assertEquals(40, maps.getStackSize());
		assertTrue(maps.getStack().getSliceLabel(1).startsWith("grad-cam: "), maps.getStack()
			.getSliceLabel(1));
		final Run bad = headless("Show CNN Saliency", "image=" +
			"'test-images/digits-stack.tif',model='" + model + "',layer='fc_softmax'");
		assertEquals(1, bad.exit, bad.toString());
		assertTrue(bad.err.contains("Layer 'fc_softmax' has 1×1×10 outputs, not maps: grad-cam " +
			"needs a layer with image-shaped output (conv_1,"), bad.toString());
		assertFalse(bad.err.contains("Exception") || bad.err.contains("\tat "), bad.toString());
	}

	@Test
	void aMacroGetsEachPictureAsItsCurrentImage() throws Exception {
		final Path out = Files.createDirectories(tmp.resolve("macro out"));
		final Launcher r = macro(String.join("\n",
			"open(\"" + abs("test-images/digits-stack.tif") + "\");",
			"stack = getImageID();",
			"run(\"Show CNN Feature Maps\", \"model=[" + model + "] layer=conv_2\");",
			"Stack.getDimensions(w, h, c, z, t);",
			"print(\"maps \" + w + \"x\" + h + \" c=\" + c + \" t=\" + t + \" \" + getInfo(\"slice.label\"));",
			"saveAs(\"Tiff\", \"" + out.resolve("maps.tif") + "\");",
			"run(\"Show CNN Filters\", \"model=[" + model + "] layer=conv_1 montage\");",
			"print(\"filters \" + bitDepth() + \" \" + getTitle());",
			"saveAs(\"PNG\", \"" + out.resolve("filters.png") + "\");",
			"run(\"CNN Network Summary\", \"model=[" + model + "]\");",
			"print(\"summary rows=\" + nResults + \" conv_1=\" + getResult(\"Learnables\", 1));",
			"run(\"Evaluate CNN\", \"model=[" + model + "] data=[" + abs("test-images/digits") + "]\");",
			"support = 0; for (i = 0; i < nResults; i++) support += getResult(\"Support\", i);",
			"print(\"evaluate rows=\" + nResults + \" support=\" + support + \" \" + bitDepth());",
			"selectImage(stack);",
			"run(\"Show CNN Saliency\", \"model=[" + model + "] method=occlusion\");",
			"print(\"saliency \" + nSlices + \" \" + bitDepth() + \" \" + getWidth());",
			""));
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.out.contains("maps 14x14 c=16 t=40 conv_2 #1,"), r.toString());
		assertEquals(16 * 40, IJ.openImage(out.resolve("maps.tif").toString()).getStackSize());
		assertTrue(r.out.contains("filters 24 conv_1 filters montage"), r.toString());
		assertEquals(ImagePlus.COLOR_RGB, IJ.openImage(out.resolve("filters.png").toString())
			.getType());
		assertTrue(r.out.contains("summary rows=14 conv_1=80"), r.toString());
		assertTrue(r.out.contains("evaluate rows=10 support=1200 24"), r.toString());
		assertTrue(r.out.contains("saliency 40 32 28"), r.toString());
	}

	@Test
	void aBadLayerStopsTheMacroWithTheMessage() throws Exception {
		final Launcher r = macro("run(\"Show CNN Filters\", \"model=[" + model + "] layer=relu_1\");" +
			"\nprint(\"not reached\");\n");
		assertEquals(1, r.exit, r.toString());
		assertTrue((r.out + r.err).contains("Layer 'relu_1' is a ReLU, not a convolution: only " +
			"convolution layers have filters (conv_1, conv_2, conv_3)."), r.toString());
		assertFalse(r.out.contains("not reached"), r.toString());
	}

	/** What a headless run printed, and its exit status. */
	private record Run(int exit, String out, String err) {

		@Override
		public String toString() {
			return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
		}
	}

	/** {@code ./cnn-classifier --headless --run label arguments}, in this JVM. */
	private static Run headless(final String label, final String arguments) {
		final PrintStream out = System.out, err = System.err;
		final ByteArrayOutputStream o = new ByteArrayOutputStream(), e =
			new ByteArrayOutputStream();
		System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
		final int exit;
		try {
			exit = Main.run("--headless", "--run", label, arguments);
		}
		finally {
			System.setOut(out);
			System.setErr(err);
		}
		return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(
			StandardCharsets.UTF_8));
	}

	private static Launcher macro(final String text) throws IOException, InterruptedException {
		final Path file = Files.createTempFile(tmp, "inspect", ".ijm");
		Files.write(file, text.getBytes(StandardCharsets.UTF_8));
		return Launcher.run("-batch", file.toString());
	}

	private static String abs(final String path) {
		return Paths.get(path).toAbsolutePath().toString();
	}
}
