package io.github.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Cancelable;
import org.scijava.command.CommandService;

/** "Cross-Validate CNN" through a SciJava context, as Fiji's menus and --run call it. */
class CrossValidateCommandTest {

	@RegisterExtension
	static final CommandRuns commands = new CommandRuns(CommandService.class);

	@TempDir
	Path tmp;

	@Test
	void writesARowPerFoldThenTheMeanAndStandardDeviationAndAModelPerFold() throws Exception {
		final Path csv = tmp.resolve("cv.csv"), models = tmp.resolve("new/models");
		final Cancelable m = run("data", TestModels.CELLS.toFile(), "folds", 2, "max_epochs", 1,
			"results", csv.toFile(), "save_models", models.toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		final List<String> lines = Files.readAllLines(csv);
		assertEquals(5, lines.size(), lines.toString());
		assertEquals("Fold,Training,Validation,Accuracy,Macro_F1", lines.get(0));
		assertTrue(lines.get(1).startsWith("1,60,60,"), lines.get(1));
		assertTrue(lines.get(2).startsWith("2,60,60,"), lines.get(2));
		assertTrue(lines.get(3).matches("mean,,,0\\.\\d{4},0\\.\\d{4}|mean,,,1\\.0000,1\\.0000"),
			lines.get(3));
		assertTrue(lines.get(4).startsWith("sd,,,"), lines.get(4));
		try (java.util.stream.Stream<Path> s = Files.list(models)) {
			assertEquals(List.of("fold-1.zip", "fold-2.zip"), s.map(p -> p.getFileName()
				.toString()).sorted().toList(), "save_models is created");
		}
	}

	@Test
	void tooFewFoldsOrAnOutputInsideTheDataAreRefusedInOneLine() throws Exception {
		assertEquals("folds must be at least 2 and at most the number of images (120), got 1.",
			run("data", TestModels.CELLS.toFile(), "folds", 1).getCancelReason());
		final Path data = Files.createDirectories(tmp.resolve("data"));
		final Cancelable inside = run("data", data.toFile(), "results", data.resolve("cv.csv")
			.toFile());
		assertTrue(inside.isCanceled());
		assertTrue(inside.getCancelReason().contains("data folder"), inside.getCancelReason());
		assertFalse(inside.getCancelReason().contains("\n"));
		final Path models = data.resolve("models");
		assertEquals("save_models " + models + " lies inside the data folder " + data + ": its " +
			"models would be read as images of a class. Choose a folder outside it.", run("data",
				data.toFile(), "save_models", models.toFile()).getCancelReason());
		assertFalse(Files.exists(models));
	}

	private static Cancelable run(final Object... inputs) throws Exception {
		final Map<String, Object> m = new HashMap<>();
		for (int i = 0; i < inputs.length; i += 2) m.put((String) inputs[i], inputs[i + 1]);
		return commands.run(CrossValidateCommand.class, m);
	}
}
