package io.github.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.interop.ModelFiles;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.predict.ModelService;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** Import CNN Model and Export CNN Model through a SciJava context, as Fiji's menus run them. */
class ImportExportCommandsTest {

	private static final Path ONNX = Paths.get("src", "test", "resources", "fixtures",
		"pytorch-lecture-cnn.onnx");

	@RegisterExtension
	static final CommandRuns commands = new CommandRuns(CommandService.class, ModelService.class);

	@TempDir
	Path tmp;

	@Test
	void importingPytorchsOnnxWritesAModelWithItsLabelsNormalisationAndSourceHash()
		throws Exception
	{
		final Path out = tmp.resolve("imported.zip");
		final CommandModule m = run(ImportModelCommand.class, Map.of("model", ONNX.toFile(),
			"output", out.toFile(), "labels", "0,1,2,3,4,5,6,7,8,9", "normalization", "0/255"));
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ModelBundle model = ModelFiles.load(out);
		assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), model.labels());
		assertEquals(255, model.normalization().std(), 0);
		assertEquals(64, ((String) model.metadata().training().get("source_sha256")).length());
	}

	@Test
	void exportingTheDigitsModelWritesAnOnnxFileThatOpensAsAModel() throws Exception {
		final Path out = tmp.resolve("digits.onnx");
		final CommandModule m = run(ExportModelCommand.class, Map.of("model", TestModels
			.digitsFile().toFile(), "output", out.toFile(), "format", "onnx"));
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertTrue(Files.size(out) > 1000);
		final ModelBundle back = ModelFiles.load(out);
		assertEquals(10, back.labels().size());
		assertEquals("class_1", back.labels().get(0));
	}

	@Test
	void exportingAsBioimageioWritesAPackageWithItsRdf() throws Exception {
		final Path out = tmp.resolve("digits-bioimageio.zip");
		final CommandModule m = run(ExportModelCommand.class, Map.of("model", TestModels
			.digitsFile().toFile(), "output", out.toFile(), "format", "bioimageio", "authors",
			"Ann", "license", "MIT"));
		assertFalse(m.isCanceled(), m.getCancelReason());
		try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(out.toFile())) {
			final String rdf = new String(z.getInputStream(z.getEntry("rdf.yaml")).readAllBytes(),
				java.nio.charset.StandardCharsets.UTF_8);
			assertTrue(rdf.contains("license: \"MIT\"") && rdf.contains("- name: \"Ann\""), rdf);
			assertTrue(z.getEntry("weights.onnx") != null);
		}
	}

	@Test
	void anExportOverTheModelItselfIsRefusedAndTheModelStays() throws Exception {
		final Path copy = tmp.resolve("model.onnx");
		Files.copy(TestModels.digitsFile(), copy);
		final byte[] before = Files.readAllBytes(copy);
		final CommandModule m = run(ExportModelCommand.class, Map.of("model", copy.toFile(),
			"output", copy.toFile(), "format", "onnx"));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("is the model itself"), m.getCancelReason());
		assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(copy)));
	}

	@Test
	void anImportWithTheWrongNumberOfLabelsIsRefusedInOneLine() throws Exception {
		final Path out = tmp.resolve("imported.zip");
		final CommandModule m = run(ImportModelCommand.class, Map.of("model", ONNX.toFile(),
			"output", out.toFile(), "labels", "a,b,c"));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("10 class scores but 3 labels"), m
			.getCancelReason());
		assertFalse(Files.exists(out));
	}

	private static CommandModule run(final Class<? extends Command> command,
		final Map<String, Object> inputs) throws Exception
	{
		return commands.run(command, inputs);
	}
}
