package io.github.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.measure.ResultsTable;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.CraftedModels;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.model.ModelMetadata;
import io.github.cnnclassifier.predict.ModelService;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Cancelable;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

/** Both commands run through a SciJava context, as Fiji's menus run them. */
class CommandsTest {

	/** Every command, in plugins.config order. */
	private static final List<Class<? extends Command>> ALL = List.of(TrainCommand.class,
		ClassifyCommand.class, ClassifyFolderCommand.class, SystemInfoCommand.class,
		BenchmarkCommand.class, TransferCommand.class, NetworkSummaryCommand.class,
		ShowFiltersCommand.class, ShowFeatureMapsCommand.class, ShowSaliencyCommand.class,
		EvaluateCommand.class, ImportModelCommand.class, ExportModelCommand.class,
		ClassifyRoisCommand.class, ExportRoisCommand.class, ClassifyTilesCommand.class,
		CrossValidateCommand.class);

	@RegisterExtension
	static final CommandRuns commands = new CommandRuns(CommandService.class, ModelService.class);

	@TempDir
	Path tmp;

	@Test
	void trainWritesAModelWithTheGivenOptions() throws Exception {
		final Path model = tmp.resolve("digits.zip");
		final Cancelable m = run(TrainCommand.class, Map.of("data", TestModels.DIGITS.toFile(),
			"model", model.toFile(), "max_epochs", 1, "mini_batch_size", 64, "seed", 7L,
			"solver", "adam", "initial_learn_rate", 0.001));
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ModelMetadata metadata = ModelIO.readMetadata(model);
		assertEquals(1, metadata.history().size());
		assertEquals(7, metadata.seed());
		assertEquals("adam", metadata.training().get("solver"));
		assertEquals(0.0001, ((Number) metadata.training().get("l2_regularization"))
			.doubleValue(), "default kept");
	}

	@Test
	void aCommandStoppedByTheUserIsCancelledAsStoppedNotAsABug() {
		final EvaluateCommand evaluate = new EvaluateCommand();
		Commands.run(evaluate, commands.service(org.scijava.log.LogService.class), () -> {
			throw new java.util.concurrent.CancellationException("Stopped by the user");
		});
		assertTrue(evaluate.isCanceled());
		assertEquals("Evaluate CNN stopped.", evaluate.getCancelReason());
	}

	@Test
	void trainOnAMissingFolderIsCancelledWithTheReason() throws Exception {
		final Path missing = tmp.resolve("nothing-here");
		final Cancelable m = run(TrainCommand.class, Map.of("data", missing.toFile(), "model",
			tmp.resolve("m.zip").toFile()));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains(missing.toString()), m.getCancelReason());
		assertFalse(Files.exists(tmp.resolve("m.zip")));
	}

	@Test
	void trainWithAnUnknownSolverIsCancelledWithTheReason() throws Exception {
		final Cancelable m = run(TrainCommand.class, Map.of("data", TestModels.DIGITS.toFile(),
			"model", tmp.resolve("m.zip").toFile(), "solver", "lbfgs"));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("sgdm, adam or rmsprop"), m.getCancelReason());
	}

	@Test
	void classifyFillsTheResultsTableShowsClassesKeepsSliceLabelsAndWritesCsv()
		throws Exception
	{
		final ImagePlus stack = IJ.openImage(TestModels.DIGITS_STACK.toString());
		final String truth5 = stack.getStack().getSliceLabel(5);
		final Path csv = tmp.resolve("out.csv");
		final Cancelable m = run(ClassifyCommand.class, Map.of("image", stack, "model",
			TestModels.digitsFile().toFile(), "results", csv.toFile()));
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ResultsTable table = ResultsTable.getResultsTable();
		assertEquals(40, table.size());
		final List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		assertEquals(41, lines.size());
		assertTrue(lines.get(0).startsWith("Slice,Class,Confidence,P_0"), lines.get(0));
		assertEquals(truth5, stack.getStack().getSliceLabel(5), "the true label is kept");
		for (int i = 0; i < 40; i++) {
			assertEquals(table.getLabel(i), stack.getStack().getSliceLabel(i + 1));
			assertEquals(table.getStringValue("Class", i), ((ij.gui.TextRoi) stack.getOverlay()
				.get(i)).getText().trim());
			assertTrue(lines.get(i + 1).startsWith((i + 1) + "," + table.getStringValue("Class",
				i) + ","), lines.get(i + 1));
		}
	}

	@Test
	void classifyWithANonModelFileIsCancelledWithTheReason() throws Exception {
		final Path notModel = tmp.resolve("notes.zip");
		Files.write(notModel, "hello".getBytes(StandardCharsets.UTF_8));
		final ImagePlus image = IJ.openImage(TestModels.DIGITS.resolve("1/digit_1_001.png")
			.toString());
		final Cancelable m = run(ClassifyCommand.class, Map.of("image", image, "model",
			notModel.toFile()));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("not a CNN Classifier model"), m
			.getCancelReason());
	}

	@Test
	void craftedModelFilesCancelClassifyWithOneLineAndRunNothing() throws Exception {
		final ImagePlus image = IJ.openImage(TestModels.DIGITS.resolve("1/digit_1_001.png")
			.toString());
		CraftedModels.canaryDeserialised = false;
		final Map<String, String> says = Map.of(
			"serialised.zip", "could run code",
			"poisoned.zip", "normalisation",
			"foreign.zip", "not a Deeplearning4j network part");
		for (final Map.Entry<String, String> c : says.entrySet()) {
			final CraftedModels crafted = CraftedModels.from(TestModels.digitsFile());
			if (c.getKey().startsWith("serialised")) crafted.put("preprocessor.bin", CraftedModels
				.canary());
			if (c.getKey().startsWith("poisoned")) crafted.edit(ModelIO.METADATA_ENTRY, j -> j
				.replaceFirst("\"std\": [-0-9.eE]+", "\"std\": 0.0"));
			if (c.getKey().startsWith("foreign")) crafted.edit("configuration.json", j -> j
				.replaceFirst("org\\.deeplearning4j\\.nn\\.conf\\.layers\\.BatchNormalization",
					"java.util.PriorityQueue"));
			final Path file = crafted.write(tmp.resolve(c.getKey()));
			final Cancelable m = run(ClassifyCommand.class, Map.of("image", image, "model", file
				.toFile()));
			assertTrue(m.isCanceled(), c.getKey());
			assertTrue(m.getCancelReason().contains(c.getValue()) && m.getCancelReason().contains(
				file.toString()) && !m.getCancelReason().contains("\n"), m.getCancelReason());
		}
		assertFalse(CraftedModels.canaryDeserialised);
	}

	@Test
	void classifyWithResultsInAMissingFolderFailsBeforeLoadingTheModel() throws Exception {
		final ImagePlus image = IJ.openImage(TestModels.DIGITS.resolve("1/digit_1_001.png")
			.toString());
		final Cancelable m = run(ClassifyCommand.class, Map.of("image", image, "model",
			tmp.resolve("not-even-there.zip").toFile(), "results", tmp.resolve("no/r.csv")
				.toFile()));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("no/r.csv") || m.getCancelReason().contains(
			tmp.resolve("no").toString()), m.getCancelReason());
	}

	@Test
	void classifyReplacesAnUnrelatedFileOnlyWithOverwrite() throws Exception {
		final ImagePlus image = IJ.openImage(TestModels.DIGITS.resolve("1/digit_1_001.png")
			.toString());
		final Path notes = Files.writeString(tmp.resolve("notes.txt"), "my notes");
		final Cancelable refused = run(ClassifyCommand.class, Map.of("image", image, "model",
			TestModels.digitsFile().toFile(), "results", notes.toFile()));
		assertTrue(refused.isCanceled());
		assertTrue(refused.getCancelReason().contains("set overwrite=true"), refused
			.getCancelReason());
		assertEquals("my notes", Files.readString(notes));
		final Cancelable replaced = run(ClassifyCommand.class, Map.of("image", image, "model",
			TestModels.digitsFile().toFile(), "results", notes.toFile(), "overwrite", true));
		assertFalse(replaced.isCanceled(), replaced.getCancelReason());
		assertTrue(Files.readString(notes).startsWith("Slice,Class,Confidence,"));
	}

	@Test
	void classifyRefusesResultsThatAreTheImageFile() throws Exception {
		final Path copy = Files.copy(TestModels.DIGITS_STACK, tmp.resolve("stack.tif"));
		final ImagePlus image = IJ.openImage(copy.toString());
		final Cancelable m = run(ClassifyCommand.class, Map.of("image", image, "model",
			TestModels.digitsFile().toFile(), "results", copy.toFile(), "overwrite", true));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("it is the image this command reads"), m
			.getCancelReason());
		assertEquals(Files.size(TestModels.DIGITS_STACK), Files.size(copy));
	}

	@Test
	void trainRefusesAModelInsideTheTrainingFolder() throws Exception {
		final Cancelable m = run(TrainCommand.class, Map.of("data", TestModels.DIGITS.toFile(),
			"model", TestModels.DIGITS.resolve("model.zip").toFile()));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("lies inside the training folder"), m
			.getCancelReason());
		assertFalse(Files.exists(TestModels.DIGITS.resolve("model.zip")));
	}

	@Test
	void benchmarkPrintsItsLine() throws Exception {
		final java.io.PrintStream saved = System.out;
		final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		final Cancelable m;
		System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
		try {
			m = run(BenchmarkCommand.class, Map.of("data", TestModels.DIGITS.toFile(),
				"max_epochs", 1, "mini_batch_size", 64));
		}
		finally {
			System.setOut(saved);
		}
		assertFalse(m.isCanceled(), m.getCancelReason());
		// NB: the context's log prints its info lines to standard output too.
		final String[] lines = out.toString(StandardCharsets.UTF_8).trim().split("\n");
		final String line = lines[lines.length - 1];
		assertTrue(line.matches("engine=\\S+ threads=\\d+ images=1200 train_img_per_s=[0-9.]+ " +
			"infer_img_per_s=[0-9.]+ val_acc=0\\.\\d{4} peak_rss_mb=-?\\d+ train_gflops=[0-9.]+ " +
			"infer_gflops=[0-9.]+"), line);
	}

	/** ImageJ 1.x macros lowercase keys and match "key=" anywhere after a non-letter. */
	@Test
	void everyInputIsAnUnambiguousMacroKey() {
		for (final Class<? extends Command> c : ALL)
		{
			final CommandInfo info = commands.service(CommandService.class).getCommand(c);
			final List<String> names = new ArrayList<>();
			for (final ModuleItem<?> item : info.inputs()) {
				if (!Service.class.isAssignableFrom(item.getType())) names.add(item.getName());
			}
			for (final String name : names) {
				assertEquals(name, Macro.trimKey(name), "macro key of " + name);
				assertTrue(name.matches("[a-z][a-z0-9_]*"), name);
				for (final String other : names) {
					assertTrue(other.equals(name) || !other.endsWith(name), other +
						" ends with " + name + ": the macro key would be ambiguous");
				}
			}
		}
	}

	/**
	 * Each plugins.config entry has the menu and label of the command it runs,
	 * so that in Fiji the SciJava command takes over the ImageJ 1.x item.
	 */
	@Test
	void pluginsConfigMirrorsTheCommandMenus() throws Exception {
		final List<String> entries = new ArrayList<>();
		try (java.io.InputStream in = CommandsTest.class.getResourceAsStream(
			"/plugins.config"))
		{
			for (final String line : new String(in.readAllBytes(), StandardCharsets.UTF_8)
				.split("\n"))
			{
				if (!line.isBlank() && !line.startsWith("#")) entries.add(line.trim());
			}
		}
		final List<String> expected = new ArrayList<>();
		for (final Class<? extends Command> c : ALL)
		{
			final CommandInfo info = commands.service(CommandService.class).getCommand(c);
			final List<String> menu = new ArrayList<>();
			info.getMenuPath().forEach(entry -> menu.add(entry.getName()));
			final String label = menu.remove(menu.size() - 1);
			assertEquals(label, info.getTitle());
			expected.add(String.join(">", menu) + ", \"" + label + "\", " +
				"io.github.cnnclassifier.ij.LegacyCommandBridge(\"" + c.getName() + "\")");
		}
		assertEquals(expected, entries);
	}

	@Test
	void trainingWithoutAMiniBatchSizeTakesATenthOfTheTrainingImagesAndRecordsIt()
		throws Exception
	{
		final Path model = tmp.resolve("cells.zip");
		final List<String> messages = new ArrayList<>();
		final org.scijava.log.LogListener listener = m -> messages.add(m.text());
		commands.service(org.scijava.log.LogService.class).addLogListener(listener);
		try {
			final Cancelable m = run(TrainCommand.class, Map.of("data", TestModels.CELLS.toFile(),
				"model", model.toFile(), "max_epochs", 1));
			assertFalse(m.isCanceled(), m.getCancelReason());
		}
		finally {
			commands.service(org.scijava.log.LogService.class).removeLogListener(listener);
		}
		final Map<String, Object> training = ModelIO.readMetadata(model).training();
		assertEquals(9, ((Number) training.get("mini_batch_size")).intValue(), "90 training " +
			"images of the cells");
		assertEquals(Boolean.TRUE, training.get("mini_batch_size_automatic"));
		assertTrue(messages.contains("Mini-batch: 9 images (mini_batch_size=0: a tenth of the " +
			"90 training images, from 8 to 32)"), messages.toString());
	}

	private static Cancelable run(final Class<? extends Command> command,
		final Map<String, Object> inputs) throws Exception
	{
		return commands.run(command, inputs);
	}
}
