package io.github.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.github.cnnclassifier.HeldOutDigits;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.engine.Runner;
import io.github.cnnclassifier.engine.Runners;
import io.github.cnnclassifier.inspect.Evaluation;
import io.github.cnnclassifier.inspect.Saliency;
import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.LayerSpec;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.model.ModelMetadata;
import io.github.cnnclassifier.model.Normalization;
import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.predict.ModelService;
import io.github.cnnclassifier.tensor.ImageSamples;
import io.github.cnnclassifier.tensor.InputShape;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** The inspection commands through a SciJava context, as Fiji's menus run them. */
class InspectCommandsTest {

	private static Context context;
	private static Path model;

	@TempDir
	Path tmp;

	@BeforeAll
	static void startContext() {
		context = new Context(CommandService.class, ModelService.class);
		model = TestModels.digitsFile();
	}

	@AfterAll
	static void stopContext() {
		context.dispose();
	}

	@Test
	void filtersAreAStackOfTheWeightsOneSlicePerFilter() throws Exception {
		final Path tif = tmp.resolve("conv_2.tif");
		final CommandModule m = run(ShowFiltersCommand.class, Map.of("model", model.toFile(),
			"layer", "conv_2", "save_to", tif.toFile()));
		final ImagePlus imp = (ImagePlus) m.getOutput("filters");
		assertEquals(32, imp.getBitDepth());
		assertEquals(8, imp.getNChannels(), "input channels as channels");
		assertEquals(16, imp.getNSlices(), "one slice per filter");
		final INDArray w = TestModels.digits().network().getLayer("conv_2").getParam("W");
		final ImagePlus saved = IJ.openImage(tif.toString());
		for (final ImagePlus i : List.of(imp, saved)) {
			for (int k = 0; k < 16; k++) {
				for (int c = 0; c < 8; c++) {
					final int index = imp.getStackIndex(c + 1, k + 1, 1);
					assertEquals("conv_2 #" + (k + 1) + ", input " + (c + 1), i.getStack()
						.getSliceLabel(index));
					for (int y = 0; y < 3; y++) {
						for (int x = 0; x < 3; x++) {
							assertEquals(w.getFloat(k, c, y, x), i.getStack().getProcessor(index).getf(x,
								y), 0f);
						}
					}
				}
			}
		}
		final ImagePlus conv1 = (ImagePlus) run(ShowFiltersCommand.class, Map.of("model", model
			.toFile())).getOutput("filters");
		assertEquals("conv_1 #5", conv1.getStack().getSliceLabel(5));
		assertEquals(-conv1.getDisplayRangeMax(), conv1.getDisplayRangeMin(), 1e-9,
			"centred on 0");
	}

	@Test
	void theFilterMontageIsAPictureAndAPngOfWeightsIsRefused() throws Exception {
		final Path png = tmp.resolve("conv_1.png");
		final CommandModule m = run(ShowFiltersCommand.class, Map.of("model", model.toFile(),
			"montage", true, "save_to", png.toFile()));
		assertEquals(ImagePlus.COLOR_RGB, ((ImagePlus) m.getOutput("filters")).getType());
		assertEquals(ImagePlus.COLOR_RGB, IJ.openImage(png.toString()).getType());
		final CommandModule refused = run(ShowFiltersCommand.class, Map.of("model", model
			.toFile(), "save_to", tmp.resolve("weights.png").toFile()));
		assertTrue(refused.isCanceled());
		assertTrue(refused.getCancelReason().startsWith("A PNG holds one 8-bit or RGB picture, " +
			"but the filters have 8 slices: give save_to a .tif name"), refused.getCancelReason());
		final CommandModule input = run(ShowFiltersCommand.class, Map.of("model", model.toFile(),
			"save_to", model.toFile()));
		assertTrue(input.getCancelReason().endsWith("it is the model this command reads. Choose " +
			"another file name; an output never replaces an input."), input.getCancelReason());
		assertTrue(Files.size(model) > 1000, "the model is intact");
	}

	@Test
	void featureMapsOfTheFilterMontageAreRefusedUntilItsMarkIsRemoved() throws Exception {
		final ImagePlus montage = (ImagePlus) run(ShowFiltersCommand.class, Map.of("model",
			model.toFile(), "montage", true)).getOutput("filters");
		final CommandModule refused = run(ShowFeatureMapsCommand.class, Map.of("image",
			montage, "model", model.toFile()));
		assertTrue(refused.isCanceled());
		assertTrue(refused.getCancelReason().startsWith("Image \"conv_1 filters montage\" is " +
			"a picture made by CNN Classifier (the filter montage of conv_1)"), refused
				.getCancelReason());
		for (final Class<? extends org.scijava.command.Command> c : List.of(
			ShowSaliencyCommand.class, ClassifyCommand.class))
		{
			assertTrue(run(c, Map.of("image", montage, "model", model.toFile())).isCanceled(), c
				.getSimpleName());
		}
		final ImagePlus maps = (ImagePlus) run(ShowFeatureMapsCommand.class, Map.of("image",
			IJ.openImage(TestModels.DIGITS.resolve("4/digit_4_001.png").toString()), "model",
			model.toFile())).getOutput("feature_maps");
		assertEquals("the feature maps of conv_1", maps.getProp(
			io.github.cnnclassifier.tensor.InputFit.PICTURE));
		montage.setProp(io.github.cnnclassifier.tensor.InputFit.PICTURE, "");
		assertFalse(run(ShowFeatureMapsCommand.class, Map.of("image", montage, "model", model
			.toFile())).isCanceled(), "the user said it is an image to work on");
	}

	@Test
	void badLayersAreOneLine() throws Exception {
		final CommandModule unknown = run(ShowFiltersCommand.class, Map.of("model", model
			.toFile(), "layer", "conv9"));
		assertEquals("The model has no layer 'conv9'. Its layers: conv_1, bn_1, relu_1, " +
			"maxpool_1, conv_2, bn_2, relu_2, maxpool_2, conv_3, bn_3, relu_3, fc_softmax.", unknown
				.getCancelReason());
		final CommandModule pool = run(ShowFiltersCommand.class, Map.of("model", model.toFile(),
			"layer", "maxpool_1"));
		assertEquals("Layer 'maxpool_1' is a Max Pooling, not a convolution: only convolution " +
			"layers have filters (conv_1, conv_2, conv_3).", pool.getCancelReason());
		final CommandModule maps = run(ShowFeatureMapsCommand.class, Map.of("image", stack(),
			"model", model.toFile(), "layer", "relu_9"));
		assertTrue(maps.getCancelReason().startsWith("The model has no layer 'relu_9'. Its " +
			"layers: conv_1,"), maps.getCancelReason());
	}

	@Test
	void featureMapsAreTheLayersActivationsOneChannelPerMapOneFramePerPlane() throws Exception {
		final ImagePlus stack = stack();
		final CommandModule m = run(ShowFeatureMapsCommand.class, Map.of("image", stack, "model",
			model.toFile(), "layer", "conv_2"));
		final ImagePlus maps = (ImagePlus) m.getOutput("feature_maps");
		assertEquals(16, maps.getNChannels());
		assertEquals(40, maps.getNFrames());
		assertEquals(14, maps.getWidth());
		assertEquals("conv_2 #3, " + stack.getStack().getShortSliceLabel(7), maps.getStack()
			.getSliceLabel(maps.getStackIndex(3, 1, 7)));
		final ModelBundle bundle = TestModels.digits();
		final ImageSamples samples = new ImageSamples(stack, bundle.inputShape());
		final float[] x = new float[40 * 784];
		for (int i = 0; i < 40; i++) samples.fill(i, x, i * 784);
		bundle.normalization().apply(x, 0, x.length);
		try (Runner runner = Runners.of(bundle.network(), bundle.inputShape())) {
			final float[] act = runner.activations("conv_2", x, 40);
			for (int i = 0; i < 40; i++) {
				for (int k = 0; k < 16; k++) {
					final float[] slice = (float[]) maps.getStack().getPixels(maps.getStackIndex(k + 1, 1,
						i + 1));
					for (int p = 0; p < 196; p++) {
						assertEquals(act[(i * 16 + k) * 196 + p], slice[p], 0f);
					}
				}
			}
		}
	}

	@Test
	void featureMapMontagesArePicturesOnePerPlane() throws Exception {
		final Path tif = tmp.resolve("montages.tif");
		final CommandModule m = run(ShowFeatureMapsCommand.class, Map.of("image", stack(),
			"model", model.toFile(), "layer", "relu_1", "montage", true, "save_to", tif.toFile()));
		final ImagePlus pictures = (ImagePlus) m.getOutput("feature_maps");
		assertEquals(ImagePlus.COLOR_RGB, pictures.getType());
		assertEquals(40, pictures.getStackSize());
		assertEquals(40, IJ.openImage(tif.toString()).getStackSize());
	}

	@Test
	void anImageTheModelCannotTakeIsOneLine() throws Exception {
		final Path rgbModel = tmp.resolve("rgb.zip");
		final LayerSpec spec = LayerSpec.parse("conv3x3x4 relu");
		final InputShape input = new InputShape(16, 16, 3);
		final ComputationGraphConfiguration conf = Architectures.build(spec, input, 2, new Sgd(
			0.1), 0, 1, null);
		final ComputationGraph net = new ComputationGraph(conf);
		net.init();
		ModelIO.save(new ModelBundle(net, new ModelMetadata(List.of("a", "b"), input,
			new Normalization(0, 1), "custom", 1).layers(spec.toString(), Architectures.layerNames(
				conf))), rgbModel);
		final ImagePlus twoChannels = IJ.createHyperStack("two", 16, 16, 2, 1, 1, 8);
		final CommandModule m = run(ShowFeatureMapsCommand.class, Map.of("image", twoChannels,
			"model", rgbModel.toFile(), "layer", "conv_1"));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().startsWith("Image \"two\" has 2 channels but the model " +
			"expects 3"), m.getCancelReason());
	}

	@Test
	void theSummaryIsAResultsTableACsvAndAPicture() throws Exception {
		final Path csv = tmp.resolve("summary.csv"), png = tmp.resolve("graph.png");
		final CommandModule m = run(NetworkSummaryCommand.class, Map.of("model", model.toFile(),
			"save_to", csv.toFile(), "picture", png.toFile()));
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ResultsTable table = ResultsTable.getResultsTable();
		assertEquals(14, table.size());
		assertEquals("conv_1", table.getStringValue("Name", 1));
		assertEquals(80, table.getValue("Learnables", 1));
		assertEquals("28×28×8", table.getStringValue("Activations", 1));
		assertEquals("Total", table.getStringValue("Name", 13));
		assertEquals(21690, table.getValue("Learnables", 13));
		final List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		assertEquals(15, lines.size());
		assertEquals(ImagePlus.COLOR_RGB, IJ.openImage(png.toString()).getType());
		assertEquals(ImagePlus.COLOR_RGB, ((ImagePlus) m.getOutput("graph")).getType());
	}

	@Test
	void evaluationCountsEveryImageAndListsTheMistakes() throws Exception {
		final Path results = tmp.resolve("per class.csv"), confusion = tmp.resolve("confusion.csv"),
			wrong = tmp.resolve("wrong.csv"), png = tmp.resolve("confusion.png"),
			diagram = tmp.resolve("reliability.png");
		final Map<String, Object> inputs = new HashMap<>(Map.of("model", model.toFile(), "data",
			TestModels.DIGITS.toFile(), "results", results.toFile(), "confusion", confusion
				.toFile(), "misclassified", wrong.toFile(), "save_to", png.toFile(), "reliability",
			diagram.toFile()));
		final CommandModule m = run(EvaluateCommand.class, inputs);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ResultsTable table = ResultsTable.getResultsTable();
		assertEquals(10, table.size());
		double support = 0;
		for (int k = 0; k < 10; k++) support += table.getValue("Support", k);
		assertEquals(1200, support);
		final List<String> counts = Files.readAllLines(confusion, StandardCharsets.UTF_8);
		assertEquals("True,0,1,2,3,4,5,6,7,8,9", counts.get(0));
		int total = 0, diagonal = 0;
		for (int t = 1; t <= 10; t++) {
			final String[] cells = counts.get(t).split(",");
			for (int p = 1; p <= 10; p++) {
				total += Integer.parseInt(cells[p]);
				if (p == t) diagonal += Integer.parseInt(cells[p]);
			}
		}
		assertEquals(1200, total);
		final Evaluation e;
		try (Classifier c = new Classifier(TestModels.digits())) {
			e = Evaluation.of(c, TestModels.DIGITS, BadFiles.SKIP, 64, f -> {});
		}
		assertEquals(e.confusion().correct(), diagonal);
		assertEquals(1200 - diagonal + 1, Files.readAllLines(wrong).size());
		assertEquals(11, Files.readAllLines(results).size());
		assertTrue(Files.readAllLines(results).get(1).matches("0(,[01]\\.\\d{4}){5},120"), Files
			.readAllLines(results).get(1));
		assertEquals(ImagePlus.COLOR_RGB, IJ.openImage(png.toString()).getType());
		final ImagePlus reliability = (ImagePlus) m.getOutput("reliability_diagram");
		assertTrue(reliability.getTitle().startsWith("Reliability: "), reliability.getTitle());
		assertEquals(reliability.getWidth(), IJ.openImage(diagram.toString()).getWidth());
		assertEquals(ImagePlus.COLOR_RGB, IJ.openImage(diagram.toString()).getType());
		for (int k = 0; k < 10; k++) {
			final double low = table.getValue("Recall_CI95_Low", k), high = table.getValue(
				"Recall_CI95_High", k), recall = table.getValue("Recall", k);
			assertTrue(low <= recall && recall <= high, k + ": " + low + " " + recall + " " + high);
		}
	}

	/** The log of an Evaluate CNN run on {@code folder} with the held-out digits' model, as "LEVEL text" lines. */
	private List<String> evaluationLog(final Path folder) throws Exception {
		final List<String> lines = new java.util.ArrayList<>();
		final org.scijava.log.LogListener listener = m -> lines.add(org.scijava.log.LogLevel
			.prefix(m.level()) + " " + m.text());
		context.service(org.scijava.log.LogService.class).addLogListener(listener);
		try {
			final CommandModule m = run(EvaluateCommand.class, Map.of("model", HeldOutDigits
				.modelFile().toFile(), "data", folder.toFile()));
			assertFalse(m.isCanceled(), m.getCancelReason());
		}
		finally {
			context.service(org.scijava.log.LogService.class).removeLogListener(listener);
		}
		return lines;
	}

	@Test
	void evaluationWarnsOfImagesTheModelTrainedOnButNotOfNewOnes() throws Exception {
		final List<String> own = evaluationLog(HeldOutDigits.training());
		final List<String> warnings = own.stream().filter(l -> l.startsWith("WARNING")).toList();
		final int trained = HeldOutDigits.model().metadata().data().trainingImages();
		assertEquals(1, warnings.size(), own.toString());
		// NB: a few validation digits are look-alikes of training digits: near copies.
		assertTrue(warnings.get(0).matches("WARNING " + trained + " of the evaluated images are " +
			"training images of the model and \\d near copies of them, so these figures may " +
			"overstate how it does on new images \\([^ ]+/digit_\\d_\\d{3}\\.png, .*"), warnings
				.get(0));
		final List<String> fresh = evaluationLog(HeldOutDigits.disjoint());
		assertTrue(fresh.stream().noneMatch(l -> l.startsWith("WARNING")), fresh.toString());
		assertEquals(1, fresh.stream().filter(l -> l.contains("probabilities calibrated " +
			"(temperature ")).count(), fresh.toString());
		final List<String> summary = fresh.stream().filter(l -> l.startsWith("INFO Evaluate CNN: " +
			"accuracy=")).toList();
		assertEquals(1, summary.size(), fresh.toString());
		assertTrue(summary.get(0).matches("INFO Evaluate CNN: accuracy=0\\.\\d{4} " +
			"accuracy_ci95=0\\.\\d{4}-[01]\\.\\d{4} macro_f1=0\\.\\d{4} macro_f1_ci95=0\\.\\d{4}-[01]" +
			"\\.\\d{4} ece=0\\.\\d{4} brier=0\\.\\d{4} images=4\\d\\d"), summary.get(0));
	}

	@Test
	void outputsNeverReplaceInputsOrOtherFilesUnlessAllowed() throws Exception {
		final Path notes = Files.writeString(tmp.resolve("notes.csv"), "my notes");
		final CommandModule refused = run(EvaluateCommand.class, Map.of("model", model.toFile(),
			"data", TestModels.DIGITS.toFile(), "confusion", notes.toFile()));
		assertTrue(refused.getCancelReason().contains("that file exists and is not a confusion " +
			"matrix (a CSV with a True column). Choose another file name, or set overwrite=true"),
			refused.getCancelReason());
		assertEquals("my notes", Files.readString(notes));
		final Path png = tmp.resolve("pictures.png");
		final CommandModule one = run(EvaluateCommand.class, Map.of("model", model.toFile(),
			"data", TestModels.DIGITS.toFile(), "save_to", png.toFile(), "reliability", png
				.toFile()));
		assertTrue(one.getCancelReason().startsWith("save_to and reliability are the same file, " +
			png), one.getCancelReason());
		assertFalse(Files.exists(png));
		final CommandModule csvAsPicture = run(EvaluateCommand.class, Map.of("model", model.toFile(),
			"data", TestModels.DIGITS.toFile(), "reliability", notes.toFile()));
		assertTrue(csvAsPicture.getCancelReason().contains("that file exists and is not a TIFF image"),
			csvAsPicture.getCancelReason());
		assertEquals("my notes", Files.readString(notes));
		final CommandModule inside = run(EvaluateCommand.class, Map.of("model", model.toFile(),
			"data", TestModels.DIGITS.toFile(), "results", TestModels.DIGITS.resolve("r.csv")
				.toFile()));
		assertTrue(inside.getCancelReason().contains("lies inside the data folder"), inside
			.getCancelReason());
		final Path text = Files.writeString(tmp.resolve("picture.png"), "not a picture");
		final CommandModule picture = run(ShowFiltersCommand.class, Map.of("model", model
			.toFile(), "montage", true, "save_to", text.toFile()));
		assertTrue(picture.getCancelReason().contains("is not a PNG image"), picture
			.getCancelReason());
		final CommandModule replaced = run(ShowFiltersCommand.class, Map.of("model", model
			.toFile(), "montage", true, "save_to", text.toFile(), "overwrite", true));
		assertFalse(replaced.isCanceled(), replaced.getCancelReason());
		assertEquals(ImagePlus.COLOR_RGB, IJ.openImage(text.toString()).getType());
		final CommandModule again = run(ShowFiltersCommand.class, Map.of("model", model
			.toFile(), "montage", true, "save_to", text.toFile()));
		assertFalse(again.isCanceled(), "a PNG replaces a PNG: " + again.getCancelReason());
	}

	@Test
	void saliencyIsAHeatMapPerPlaneTheSizeOfTheImage() throws Exception {
		final ImagePlus stack = stack();
		final Path tif = tmp.resolve("cam.tif");
		final CommandModule m = run(ShowSaliencyCommand.class, Map.of("image", stack, "model",
			model.toFile(), "save_to", tif.toFile()));
		final ImagePlus heat = (ImagePlus) m.getOutput("saliency");
		assertEquals(40, heat.getStackSize());
		assertEquals(28, heat.getWidth());
		final Saliency s = Saliency.of(TestModels.digits(), new ImageSamples(stack, TestModels
			.digits().inputShape()), "grad-cam", "", done -> {});
		for (int i = 0; i < 40; i++) {
			final float[] pixels = (float[]) heat.getStack().getPixels(i + 1);
			final float[] map = s.map(i);
			for (int p = 0; p < map.length; p++) assertEquals(map[p], pixels[p], 0f);
			assertTrue(heat.getStack().getSliceLabel(i + 1).startsWith("grad-cam: " + TestModels
				.digits().labels().get(s.classes()[i]) + " ("));
		}
		assertEquals(40, IJ.openImage(tif.toString()).getStackSize());
		final CommandModule png = run(ShowSaliencyCommand.class, Map.of("image", stack, "model",
			model.toFile(), "save_to", tmp.resolve("cam.png").toFile()));
		assertEquals("A PNG holds one picture, but digits-stack.tif has 40 planes: give save_to " +
			"a .tif name for the heat maps.", png.getCancelReason());
	}

	@Test
	void occlusionOfABiggerImageIsResizedBackToIt() throws Exception {
		final ImagePlus seven = IJ.openImage(TestModels.DIGITS.resolve("7/digit_7_001.png")
			.toString());
		final ImagePlus big = seven.resize(56, 56, "bilinear");
		big.setTitle("seven");
		final Path png = tmp.resolve("seven.png");
		final CommandModule m = run(ShowSaliencyCommand.class, Map.of("image", big, "model", model
			.toFile(), "method", "occlusion", "save_to", png.toFile()));
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ImagePlus heat = (ImagePlus) m.getOutput("saliency");
		assertEquals(56, heat.getWidth());
		assertTrue(heat.getStack().getSliceLabel(1).matches("occlusion: 7 \\(\\d+ %\\)"), heat
			.getStack().getSliceLabel(1));
		assertEquals(ImagePlus.COLOR_RGB, IJ.openImage(png.toString()).getType());
	}

	@Test
	void trainingLeavesItsProgressPlotBesideTheModel() throws Exception {
		final Path file = tmp.resolve("cells.zip");
		final CommandModule m = run(TrainCommand.class, Map.of("data", TestModels.CELLS.toFile(),
			"model", file.toFile(), "max_epochs", 2, "mini_batch_size", 16,
			"validation_frequency", 3));
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ImagePlus plot = IJ.openImage(tmp.resolve("cells-progress.png").toString());
		assertEquals(ImagePlus.COLOR_RGB, plot.getType());
		int blue = 0, orange = 0;
		for (final int rgb : (int[]) plot.getProcessor().getPixels()) {
			if (rgb == new java.awt.Color(0, 114, 189).getRGB()) blue++;
			if (rgb == new java.awt.Color(217, 83, 25).getRGB()) orange++;
		}
		assertTrue(blue > 100 && orange > 100, "accuracy and loss curves drawn: " + blue + ", " +
			orange);
	}

	private static ImagePlus stack() {
		return IJ.openImage(TestModels.DIGITS_STACK.toString());
	}

	private static CommandModule run(final Class<? extends org.scijava.command.Command> command,
		final Map<String, Object> inputs) throws Exception
	{
		return (CommandModule) context.service(CommandService.class).run(command, true, inputs)
			.get();
	}
}
