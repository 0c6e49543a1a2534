package io.github.cnnclassifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.model.ModelIO;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ImageJ 1.x macros, run by ImageJ's own interpreter (headless through
 * ij1-patcher, via ./cnn-classifier -batch), reach the commands through the
 * plugin's plugins.config entries.
 */
class MacroIT {

	@TempDir
	static Path tmp;

	private static Path model;
	private static Launcher trained;

	@BeforeAll
	static void trainWithAMacro() throws Exception {
		model = tmp.resolve("macro model.zip");
		trained = macro("run(\"Train CNN Classifier\", \"data=[" + abs("test-images/digits") +
			"] model=[" + model + "] max_epochs=2 mini_batch_size=32\");\n" +
			"print(\"trained\");\n");
	}

	@Test
	void aMacroTrainsAModel() {
		assertEquals(0, trained.exit, trained.toString());
		assertTrue(trained.out.contains("trained"), trained.toString());
		assertEquals(2, ModelIO.readMetadata(model).history().size());
		assertEquals(32.0, ((Number) ModelIO.readMetadata(model).training().get(
			"mini_batch_size")).doubleValue());
	}

	@Test
	void aMacroClassifiesAStackAndSavesTheResultsTable() throws Exception {
		final Path csv = tmp.resolve("out.csv");
		final Launcher r = macro("open(\"" + abs("test-images/digits-stack.tif") + "\");\n" +
			"run(\"Classify with CNN\", \"model=[" + model + "]\");\n" +
			"saveAs(\"Results\", \"" + csv + "\");\n" +
			"setSlice(5); print(\"slice 5 is \" + getInfo(\"slice.label\") + \" and row 5 \" + " +
			"getResultLabel(4) + \" overlay \" + Overlay.size);\n" +
			"print(\"rows \" + nResults);\n");
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.out.contains("rows 40"), r.toString());
		final String row5 = r.out.substring(r.out.indexOf("slice 5 is "));
		final String label = row5.substring(11, row5.indexOf(" and"));
		assertTrue(label.matches("[0-9]"), "the true label is kept: " + row5);
		assertTrue(row5.startsWith("slice 5 is " + label + " and row 5 " + label + " overlay 40"),
			row5);
		final List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		assertEquals(41, lines.size());
		assertTrue(lines.get(0).contains("Class") && lines.get(0).contains("P_9"), lines.get(0));
	}

	@Test
	void aMacroTrainsANetworkWrittenAsLayers() throws Exception {
		final Path file = tmp.resolve("spec model.zip");
		final Launcher r = macro("run(\"Train CNN Classifier\", \"data=[" + abs(
			"test-images/cells") + "] model=[" + file + "] layers=[conv3x3x8 bn relu maxpool2 " +
			"res[conv3x3x8 bn relu] gap] max_epochs=1 mini_batch_size=32\");\n");
		assertEquals(0, r.exit, r.toString());
		assertEquals("conv3x3x8 bn relu maxpool2 res[conv3x3x8 bn relu] gap", ModelIO
			.readMetadata(file).layers());
	}

	/** The advanced options sit in a second dialog in the GUI; a macro gives them in one line. */
	@Test
	void aMacroGivesAdvancedOptionsWithTheSameKeys() throws Exception {
		final Path file = tmp.resolve("advanced.zip");
		final Launcher r = macro("run(\"Train CNN Classifier\", \"data=[" + abs(
			"test-images/cells") + "] model=[" + file + "] max_epochs=1 seed=7 " +
			"training_fraction=0.5 augment_x_reflection=true\");\n");
		assertEquals(0, r.exit, r.toString());
		final Map<String, Object> training = ModelIO.readMetadata(file).training();
		assertEquals(7, ((Number) training.get("seed")).intValue(), training.toString());
		assertEquals(0.5, ((Number) training.get("training_fraction")).doubleValue());
		assertEquals(Boolean.TRUE, training.get("augment_x_reflection"), training.toString());
		assertEquals(Boolean.TRUE, training.get("mini_batch_size_automatic"), "not given: automatic");
	}

	@Test
	void aBadFolderStopsTheMacroWithTheMessage() throws Exception {
		final Launcher r = macro("run(\"Train CNN Classifier\", \"data=[/no/such/folder] " +
			"model=[" + tmp.resolve("never.zip") + "]\");\nprint(\"not reached\");\n");
		assertEquals(1, r.exit, r.toString());
		assertTrue((r.out + r.err).contains("Image folder not found: /no/such/folder"), r
			.toString());
		assertFalse(r.out.contains("not reached"), r.toString());
	}

	@Test
	void aCorruptImageIsSkippedAndReportedOrStopsTraining() throws Exception {
		final Path data = tmp.resolve("two classes");
		for (final String digit : new String[] { "1", "7" }) {
			Files.createDirectories(data.resolve(digit));
			try (java.util.stream.Stream<Path> files = Files.list(Paths.get("test-images",
				"digits", digit)))
			{
				for (final Path f : (Iterable<Path>) files.limit(20)::iterator) {
					Files.copy(f, data.resolve(digit).resolve(f.getFileName()));
				}
			}
		}
		final Path corrupt = data.resolve("7").resolve("broken.png");
		Files.write(corrupt, "this is not a PNG".getBytes(StandardCharsets.UTF_8));
		final Launcher skip = macro("run(\"Train CNN Classifier\", \"data=[" + data +
			"] model=[" + tmp.resolve("skip.zip") + "] max_epochs=1 on_bad_file=skip\");\n");
		assertEquals(0, skip.exit, skip.toString());
		assertTrue((skip.out + skip.err).contains("Skipped: Cannot read image " + corrupt),
			skip.toString());
		assertEquals(List.of("Cannot read image " + corrupt + ": its content is not a TIFF, " +
			"PNG, JPEG, GIF, BMP, PGM, DICOM or FITS image. Replace or remove the file."),
			ModelIO.readMetadata(tmp.resolve("skip.zip")).data().skipped());
		final Launcher stop = macro("run(\"Train CNN Classifier\", \"data=[" + data +
			"] model=[" + tmp.resolve("stop.zip") + "] max_epochs=1 on_bad_file=stop\");\n");
		assertEquals(1, stop.exit, stop.toString());
		assertTrue((stop.out + stop.err).contains(corrupt.toString()), stop.toString());
		assertFalse(Files.exists(tmp.resolve("stop.zip")));
	}

	@Test
	void aCommandWithoutInputsRunsWithoutADialog() throws Exception {
		final Launcher r = macro("run(\"CNN Classifier System Info\");\nprint(\"after\");\n");
		assertEquals(0, r.exit, r.toString());
		assertTrue((r.out + r.err).contains("engine: vector engine"), r.toString());
		assertTrue(r.out.contains("after"), r.toString());
	}

	@Test
	void aMacroRunsTheBenchmark() throws Exception {
		final Launcher r = macro("run(\"Benchmark CNN\", \"data=[" + abs("test-images/digits") +
			"] max_epochs=1 mini_batch_size=64\");\n");
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.out.contains("images=1200 train_img_per_s="), r.toString());
	}

	@Test
	void theMacroArgumentIsPassed() throws Exception {
		final Path file = tmp.resolve("argument.ijm");
		Files.write(file, "print(\"argument: \" + getArgument());\n".getBytes(
			StandardCharsets.UTF_8));
		final Launcher r = Launcher.run("-batch", file.toString(), "hello world");
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.out.contains("argument: hello world"), r.toString());
	}

	private static Launcher macro(final String text) throws IOException,
		InterruptedException
	{
		final Path file = Files.createTempFile(tmp, "test", ".ijm");
		Files.write(file, text.getBytes(StandardCharsets.UTF_8));
		return Launcher.run("-batch", file.toString());
	}

	private static String abs(final String path) {
		return Paths.get(path).toAbsolutePath().toString();
	}
}
