package io.github.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.predict.ModelService;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * A bare ONNX file given as {@code model} with {@code labels} and
 * {@code normalization}: the same classes and probabilities as the model
 * Import CNN Model makes of it with the same options.
 */
class BareOnnxOptionsTest {

	/** PyTorch's lecture CNN, trained on pixels / 255, with no names for its ten classes. */
	private static final Path ONNX = Paths.get("src", "test", "resources", "fixtures",
		"pytorch-lecture-cnn.onnx");
	private static final String NAMES = "zero,one,two,three,four,five,six,seven,eight,nine";

	@RegisterExtension
	static final CommandRuns commands = new CommandRuns(CommandService.class, ModelService.class);

	@TempDir
	Path tmp;

	@Test
	void classifyWithCnnOnABareOnnxWithLabelsAndNormalizationMatchesItsImport()
		throws Exception
	{
		final Path imported = importOnnx(NAMES, "0/255");
		final Path fromOnnx = tmp.resolve("onnx.csv"), fromImport = tmp.resolve("import.csv");
		ok(run(ClassifyCommand.class, Map.of("image", IJ.openImage(TestModels.DIGITS_STACK
			.toString()), "model", ONNX.toFile(), "labels", NAMES, "normalization", "0/255",
			"results", fromOnnx.toFile())));
		ok(run(ClassifyCommand.class, Map.of("image", IJ.openImage(TestModels.DIGITS_STACK
			.toString()), "model", imported.toFile(), "results", fromImport.toFile())));
		final List<String> rows = Files.readAllLines(fromOnnx, StandardCharsets.UTF_8);
		assertTrue(rows.get(0).endsWith("P_zero,P_one,P_two,P_three,P_four,P_five,P_six," +
			"P_seven,P_eight,P_nine"), rows.get(0));
		assertEquals(41, rows.size());
		assertEquals(Files.readAllLines(fromImport, StandardCharsets.UTF_8), rows);
	}

	@Test
	void classifyFolderOnABareOnnxWithALabelsFileMatchesItsImport() throws Exception {
		final Path names = Files.writeString(tmp.resolve("names.txt"), NAMES.replace(',', '\n') +
			"\n", StandardCharsets.UTF_8);
		final Path imported = importOnnx(NAMES, "0/255");
		final Path folder = Files.createDirectories(tmp.resolve("images"));
		for (final String d : List.of("3", "7")) {
			try (Stream<Path> s = Files.list(TestModels.DIGITS.resolve(d))) {
				for (final Path f : s.sorted().limit(4).toList()) {
					Files.copy(f, folder.resolve(f.getFileName()));
				}
			}
		}
		final Path fromOnnx = tmp.resolve("onnx.csv"), fromImport = tmp.resolve("import.csv");
		ok(run(ClassifyFolderCommand.class, Map.of("folder", folder.toFile(), "model", ONNX
			.toFile(), "labels", names.toString(), "normalization", "0/255", "results", fromOnnx
				.toFile())));
		ok(run(ClassifyFolderCommand.class, Map.of("folder", folder.toFile(), "model", imported
			.toFile(), "results", fromImport.toFile())));
		final String csv = Files.readString(fromOnnx, StandardCharsets.UTF_8);
		assertTrue(csv.contains(",P_zero,") && csv.contains(",seven,"), csv);
		assertEquals(Files.readString(fromImport, StandardCharsets.UTF_8), csv);
	}

	@Test
	void exportCnnModelWritesTheLabelsAndNormalizationOfABareOnnxIntoTheBioimageioPackage()
		throws Exception
	{
		final Path out = tmp.resolve("package.zip");
		ok(run(ExportModelCommand.class, Map.of("model", ONNX.toFile(), "output", out.toFile(),
			"format", "bioimageio", "labels", NAMES, "normalization", "0/255")));
		try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(out.toFile())) {
			final String rdf = new String(z.getInputStream(z.getEntry("rdf.yaml")).readAllBytes(),
				StandardCharsets.UTF_8);
			assertTrue(rdf.contains("channel_names: [\"zero\", \"one\", \"two\""), rdf);
			assertTrue(rdf.contains("mean: 0.0\n          std: 255.0"), rdf);
		}
	}

	@Test
	void aWrongCountOfLabelsIsRefusedInOneLineNamingBothCounts() throws Exception {
		final CommandModule m = run(ClassifyCommand.class, Map.of("image", IJ.openImage(
			TestModels.DIGITS_STACK.toString()), "model", ONNX.toFile(), "labels", "a,b,c"));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("gives 10 class scores but 3 labels were " +
			"given (a,b,c)"), m.getCancelReason());
		assertFalse(m.getCancelReason().contains("\n"));
	}

	@Test
	void labelsForAModelThatBringsItsOwnAreRefusedNamingTheOption() throws Exception {
		final CommandModule m = run(NetworkSummaryCommand.class, Map.of("model", TestModels
			.digitsFile().toFile(), "labels", NAMES));
		assertTrue(m.isCanceled());
		assertEquals("labels '" + NAMES + "' applies to bare .onnx files only: " + TestModels
			.digitsFile() + " brings its own class names and normalisation; leave labels empty.",
			m.getCancelReason());
		final CommandModule n = run(ExportModelCommand.class, Map.of("model", TestModels
			.digitsFile().toFile(), "output", tmp.resolve("x.onnx").toFile(), "normalization",
			"0/255"));
		assertTrue(n.getCancelReason().startsWith("normalization '0/255' applies to bare .onnx " +
			"files only"), n.getCancelReason());
		assertFalse(Files.exists(tmp.resolve("x.onnx")));
	}

	@Test
	void aMissingLabelsFileIsRefusedNamingItNotTakenAsOneClassName() throws Exception {
		final Path missing = tmp.resolve("names.txt");
		final CommandModule m = run(NetworkSummaryCommand.class, Map.of("model", ONNX.toFile(),
			"labels", missing.toString()));
		assertTrue(m.isCanceled());
		assertEquals("labels file " + missing + " not found; give a file with one class name a " +
			"line, or the names as a,b,c.", m.getCancelReason());
	}

	@Test
	void aRepeatedClassNameIsRefused() throws Exception {
		final CommandModule m = run(NetworkSummaryCommand.class, Map.of("model", ONNX.toFile(),
			"labels", "a,b,c,d,e,f,g,h,i,a"));
		assertTrue(m.isCanceled());
		assertEquals("labels 'a,b,c,d,e,f,g,h,i,a' has an empty or repeated class name; give " +
			"each class one name, e.g. a,b,c.", m.getCancelReason());
	}

	@Test
	void everyCommandThatTakesAModelTakesLabelsAndNormalization() {
		final CommandService service = commands.service(CommandService.class);
		for (final Class<? extends Command> c : List.of(ClassifyCommand.class,
			ClassifyFolderCommand.class, ClassifyRoisCommand.class, ClassifyTilesCommand.class,
			EvaluateCommand.class, ExportModelCommand.class, NetworkSummaryCommand.class,
			ShowFiltersCommand.class, ShowFeatureMapsCommand.class, ShowSaliencyCommand.class,
			ImportModelCommand.class))
		{
			final var info = service.getCommand(c);
			assertTrue(info.getInput("model") != null, c.getSimpleName());
			// NB: Classify ROIs' labels is its label image.
			final String labels = c == ClassifyRoisCommand.class ? "class_names" : "labels";
			assertEquals(String.class, info.getInput(labels).getType(), c.getSimpleName());
			assertEquals(String.class, info.getInput("normalization").getType(), c.getSimpleName());
			assertFalse(info.getInput(labels).isPersisted(), c.getSimpleName());
			assertFalse(info.getInput("normalization").isPersisted(), c.getSimpleName());
		}
	}

	private Path importOnnx(final String labels, final String normalization) throws Exception {
		final Path out = tmp.resolve("imported.zip");
		ok(run(ImportModelCommand.class, Map.of("model", ONNX.toFile(), "output", out.toFile(),
			"labels", labels, "normalization", normalization)));
		return out;
	}

	private static void ok(final CommandModule m) {
		assertFalse(m.isCanceled(), m.getCancelReason());
	}

	private static CommandModule run(final Class<? extends Command> command,
		final Map<String, Object> inputs) throws Exception
	{
		return commands.run(command, inputs);
	}
}
