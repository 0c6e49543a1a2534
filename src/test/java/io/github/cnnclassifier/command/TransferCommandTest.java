package io.github.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.model.ModelMetadata;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Cancelable;
import org.scijava.command.CommandService;

/** Transfer Learn CNN (and augmentation in Train CNN Classifier) through a SciJava context, as Fiji's menus run them. */
class TransferCommandTest {

	@RegisterExtension
	static final CommandRuns commands = new CommandRuns(CommandService.class);

	@TempDir
	Path tmp;

	private Cancelable transfer(final Map<String, Object> extra) throws Exception {
		final Map<String, Object> inputs = new HashMap<>(Map.of("data", TestModels.CELLS
			.toFile(), "base_model", TestModels.digitsFile().toFile(), "output_model", tmp.resolve(
				"cells.zip").toFile(), "max_epochs", 2));
		inputs.putAll(extra);
		return commands.run(TransferCommand.class, inputs);
	}

	@Test
	void transferWritesAModelWithItsBaseAndOptions() throws Exception {
		final Cancelable m = transfer(Map.of("freeze", "relu_2", "normalization", "data",
			"augment_x_reflection", true));
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ModelMetadata saved = ModelIO.readMetadata(tmp.resolve("cells.zip"));
		// NB: max_epochs=2, but at least min_iterations=300 mini-batches of 8 of the 90 training cells.
		assertEquals(28, saved.history().size());
		assertEquals(300, ((Number) saved.training().get("min_iterations")).intValue());
		assertEquals(3, ((Number) saved.training().get("head_learn_rate_factor")).doubleValue());
		assertEquals("relu_2", saved.training().get("freeze"));
		assertEquals(0.001, ((Number) saved.training().get("initial_learn_rate")).doubleValue(),
			"the fine-tuning default");
		assertEquals(true, saved.training().get("augment_x_reflection"));
		assertEquals(TestModels.digitsFile().toString(), saved.transfer().base());
		assertEquals("relu_2", saved.transfer().frozen().get(saved.transfer().frozen().size() -
			1));
	}

	@Test
	void problemsCancelWithOneLineNamingTheValue() throws Exception {
		final Path missing = tmp.resolve("nowhere.zip");
		final String[][] cases = { { "base_model", missing.toString(), "base_model " + missing +
			" is neither a file nor a zoo architecture" }, { "freeze", "conv_9",
				"freeze: the base network has no layer 'conv_9'" }, { "normalization", "max",
					"normalization must be auto, base, data, or MEAN/STD" }, { "augment_scale", "2",
						"augment_scale must be a range" }, { "head_learn_rate_factor", "0",
							"head_learn_rate_factor must be a positive number" }, { "base_model", "vgg19",
							"is neither a file nor a zoo architecture" } };
		for (final String[] c : cases) {
			final Object value = c[0].equals("base_model") ? new File(c[1]) : c[1];
			final Cancelable m = transfer(Map.of(c[0], value));
			assertTrue(m.isCanceled(), c[0]);
			assertTrue(m.getCancelReason().contains(c[2]), m.getCancelReason());
			assertEquals(1, m.getCancelReason().split("\n").length, m.getCancelReason());
		}
		assertFalse(Files.exists(tmp.resolve("cells.zip")));
	}

	@Test
	void trainRecordsItsAugmentation() throws Exception {
		final Path model = tmp.resolve("augmented.zip");
		final Cancelable m = commands.run(TrainCommand.class, Map.of("data", TestModels.CELLS
			.toFile(), "model", model.toFile(), "max_epochs", 1, "augment_rotation", "-180,180",
			"augment_y_reflection", true));
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ModelMetadata saved = ModelIO.readMetadata(model);
		assertEquals("-180,180", saved.training().get("augment_rotation"));
		assertEquals(true, saved.training().get("augment_y_reflection"));
		assertEquals(false, saved.training().get("augment_x_reflection"));
	}
}
