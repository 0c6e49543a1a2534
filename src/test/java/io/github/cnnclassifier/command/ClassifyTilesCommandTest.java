package io.github.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.objects.Fields;
import io.github.cnnclassifier.predict.ModelService;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Cancelable;
import org.scijava.command.CommandService;

/** "Classify Tiles with CNN" headless: save_to gets the class map and the probabilities. */
class ClassifyTilesCommandTest {

	@RegisterExtension
	static final CommandRuns commands = new CommandRuns(CommandService.class, ModelService.class);

	@TempDir
	Path tmp;

	@Test
	void saveToWritesTheClassMapAndTheProbabilityStack() throws Exception {
		final Fields fields = new Fields(13);
		final Cancelable m = run(Map.of("image", fields.field, "model", TestModels.digitsFile()
			.toFile(), "save_to", tmp.toFile()));
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ImagePlus map = IJ.openImage(tmp.resolve("field-class-map.tif").toString());
		assertEquals(8, map.getBitDepth());
		assertEquals(fields.field.getWidth(), map.getWidth());
		assertTrue(map.getInfoProperty().contains("10 = 9"), map.getInfoProperty());
		final ImagePlus p = IJ.openImage(tmp.resolve("field-probabilities.tif").toString());
		assertEquals(32, p.getBitDepth());
		assertEquals(10, p.getStackSize());
	}

	@Test
	void saveToThatIsNotAFolderIsOneLineAndNothingIsComputed() throws Exception {
		final Path file = Files.writeString(tmp.resolve("notes.txt"), "mine");
		final Cancelable m = run(Map.of("image", new Fields(14).field, "model", TestModels
			.digitsFile().toFile(), "save_to", file.toFile()));
		assertTrue(m.isCanceled());
		assertEquals("save_to " + file + " is not a folder: create it or give an existing " +
			"folder", m.getCancelReason());
		assertEquals("mine", Files.readString(file));
	}

	private static Cancelable run(final Map<String, Object> inputs) throws Exception {
		return commands.run(ClassifyTilesCommand.class, inputs);
	}
}
