package io.github.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.folder.Folders;
import io.github.cnnclassifier.predict.ModelService;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Cancelable;
import org.scijava.command.CommandService;

/** "Classify with CNN" on bad input: one line that names the file and what to do. */
class ClassifyCommandTest {

	@RegisterExtension
	static final CommandRuns commands = new CommandRuns(CommandService.class, ModelService.class);

	@TempDir
	Path tmp;

	private static ImagePlus digit() {
		return IJ.openImage(TestModels.DIGITS.resolve("4/digit_4_001.png").toString());
	}

	@Test
	void anImageThatDoesNotFitTheModelIsOneLine() throws Exception {
		final ImagePlus rgb = digit();
		new ij.process.ImageConverter(rgb).convertToRGB();
		final Cancelable m = run(Map.of("image", rgb, "model", Folders.twoChannelModel()
			.toFile()));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().startsWith("Image \"digit_4_001.png\" is RGB (3 colour " +
			"channels) but the model expects 2 channels"), m.getCancelReason());
		assertFalse(m.getCancelReason().contains("\n"));
		final Cancelable grey = run(Map.of("image", digit(), "model", Folders.twoChannelModel()
			.toFile()));
		assertTrue(grey.getCancelReason().startsWith("Image \"digit_4_001.png\" has 1 channel " +
			"but the model expects 2"), grey.getCancelReason());
	}

	@Test
	void aColourPlotFarFromTheModelsInputIsClassifiedWithAWarning() throws Exception {
		final ImagePlus plot = new ImagePlus("Plot", new ij.process.ColorProcessor(396, 343));
		final List<String> warnings = new java.util.ArrayList<>();
		final org.scijava.log.LogListener listener = m -> {
			if (m.level() == org.scijava.log.LogLevel.WARN) warnings.add(m.text());
		};
		commands.service(org.scijava.log.LogService.class).addLogListener(listener);
		try {
			assertFalse(run(Map.of("image", plot, "model", TestModels.digitsFile().toFile()))
				.isCanceled());
		}
		finally {
			commands.service(org.scijava.log.LogService.class).removeLogListener(listener);
		}
		assertEquals(1, warnings.size(), warnings.toString());
		assertTrue(warnings.get(0).startsWith("Image \"Plot\" (343x396, RGB) does not look " +
			"like the model's input (28x28, grey)"), warnings.get(0));
	}

	@Test
	void namesWithSpacesAndNonAsciiCharacters() throws Exception {
		final Path model = Files.createDirectories(tmp.resolve("Modelle ä 1")).resolve(
			"Ziffern é ñ.zip");
		Files.copy(TestModels.digitsFile(), model);
		final Path csv = Files.createDirectories(tmp.resolve("Ergebnisse 日本")).resolve(
			"r ü 1.csv");
		final Cancelable m = run(Map.of("image", digit(), "model", model.toFile(), "results",
			csv.toFile()));
		assertFalse(m.isCanceled(), m.getCancelReason());
		final List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		assertEquals(2, lines.size());
		assertTrue(lines.get(1).startsWith("1," + ResultsTable.getResultsTable().getStringValue(
			"Class", 0) + ","), lines.toString());
	}

	@Test
	void noPermissionToWriteTheResultsIsOneLineBeforeTheModelLoads() throws Exception {
		final Path locked = Files.createDirectories(tmp.resolve("locked"));
		Folders.readOnly(locked);
		try {
			final Path csv = locked.resolve("r.csv");
			final Cancelable m = run(Map.of("image", digit(), "model", tmp.resolve(
				"no model.zip").toFile(), "results", csv.toFile()));
			assertTrue(m.isCanceled());
			assertEquals("Cannot save the results to " + csv + ": no permission to write " +
				"there. Choose another path.", m.getCancelReason());
		}
		finally {
			Folders.writable(locked);
		}
	}

	private static Cancelable run(final Map<String, Object> inputs) throws Exception {
		return commands.run(ClassifyCommand.class, inputs);
	}
}
