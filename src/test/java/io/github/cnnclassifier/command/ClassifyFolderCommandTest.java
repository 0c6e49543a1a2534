package io.github.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.Macro;
import ij.measure.ResultsTable;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.folder.Folders;
import io.github.cnnclassifier.predict.ModelService;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

/** "Classify Folder with CNN" through a SciJava context, as Fiji's menus and --run call it. */
class ClassifyFolderCommandTest {

	private static Context context;
	private static final List<String> logged = new ArrayList<>();

	@TempDir
	Path tmp;

	@BeforeAll
	static void startContext() {
		context = new Context(CommandService.class, ModelService.class);
		context.service(LogService.class).addLogListener(m -> {
			synchronized (logged) {
				logged.add(m.level() + " " + m.text());
			}
		});
	}

	@AfterAll
	static void stopContext() {
		context.dispose();
	}

	@BeforeEach
	void forget() {
		synchronized (logged) {
			logged.clear();
		}
	}

	private Path folderOfDigits() throws Exception {
		final Path root = tmp.resolve("to classify");
		for (final String d : List.of("2", "5")) {
			Files.createDirectories(root.resolve("batch " + d));
			try (Stream<Path> s = Files.list(TestModels.DIGITS.resolve(d))) {
				for (final Path f : s.sorted().limit(6).collect(Collectors.toList())) {
					Files.copy(f, root.resolve("batch " + d).resolve(f.getFileName()));
				}
			}
		}
		Files.write(root.resolve("batch 2/broken.tif"), "II*\0 broken".getBytes(
			StandardCharsets.ISO_8859_1));
		return root;
	}

	private Map<String, Object> inputs(final Path folder, final Path csv,
		final Object... more)
	{
		final Map<String, Object> m = new HashMap<>(Map.of("folder", folder.toFile(), "model",
			TestModels.digitsFile().toFile(), "results", csv.toFile()));
		for (int i = 0; i < more.length; i += 2) m.put((String) more[i], more[i + 1]);
		return m;
	}

	@Test
	void writesOneRowPerFileTheCountsAndLogsTheSummary() throws Exception {
		final Path root = folderOfDigits();
		final Path csv = tmp.resolve("results.csv");
		final Cancelable m = run(inputs(root, csv, "mini_batch_size", 5));
		assertFalse(m.isCanceled(), m.getCancelReason());
		final List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		assertEquals(13, lines.size());
		assertTrue(lines.get(0).startsWith("File,Slice,Class,Confidence,P_0"), lines.get(0));
		assertTrue(lines.get(1).startsWith("batch 2/digit_2_001.png,1,"), lines.get(1));
		final ResultsTable table = ResultsTable.getResultsTable();
		assertEquals(10, table.size());
		double total = 0;
		for (int k = 0; k < 10; k++) {
			assertEquals(String.valueOf(k), table.getStringValue("Class", k));
			total += table.getValue("Count", k);
		}
		assertEquals(12, total);
		assertTrue(table.getValue("Count", 2) + table.getValue("Count", 5) >= 10);
		assertEquals(11, Files.readAllLines(tmp.resolve("results-counts.csv")).size());
		synchronized (logged) {
			assertTrue(logged.stream().anyMatch(l -> l.startsWith(LogLevel.WARN + " Skipped: ") &&
				l.contains("broken.tif")), logged.toString());
			assertTrue(logged.stream().anyMatch(l -> l.contains("Classified 12 files of " +
				root + ": 12 rows, 1 skipped") && l.contains("rows/s") && l.contains(
					"results in " + csv + ", class counts in " + tmp.resolve(
						"results-counts.csv"))), logged.toString());
			assertTrue(logged.stream().anyMatch(l -> l.startsWith(LogLevel.INFO +
				" Rows per class: 0: ")), logged.toString());
		}
	}

	@Test
	void everyOptionWorksThroughSciJava() throws Exception {
		final Path root = folderOfDigits();
		Files.copy(TestModels.DIGITS_STACK, root.resolve("top.tif"));
		final Path sortTo = tmp.resolve("sorted");
		final Path csv = tmp.resolve("top.csv");
		final Cancelable m = run(inputs(root, csv, "pattern", "*.tif", "recursive", "false",
			"sort_to", sortTo.toFile(), "sort_mode", "move", "overwrite", true));
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertEquals(41, Files.readAllLines(csv).size(), "only top.tif");
		assertTrue(Files.exists(root.resolve("top.tif")), "a stack is not sorted");
		synchronized (logged) {
			assertTrue(logged.stream().anyMatch(l -> l.contains("Moved 0 images into " + sortTo +
				"/<class>/; 1 stacks stay where they are")), logged.toString());
		}
		final Path part = tmp.resolve("part.csv");
		final Cancelable p = run(inputs(root, part, "shard", "2/2", "sort_to", sortTo.toFile()));
		assertFalse(p.isCanceled(), p.getCancelReason());
		final int rows = Files.readAllLines(part).size() - 1;
		assertTrue(rows > 0 && rows < 52, rows + " rows in the second half");
		assertEquals(rows - (Files.readAllLines(part).stream().anyMatch(l -> l.startsWith(
			"top.tif,")) ? 40 : 0), Folders.files(sortTo).size());
	}

	@Test
	void badOptionsCancelWithOneLine() throws Exception {
		final Path root = folderOfDigits();
		final Path csv = tmp.resolve("r.csv");
		final Map<String, String> expected = Map.of("shard", "shard must be 'i/n'",
			"recursive", "recursive must be true or false", "sort_mode",
			"sort_mode must be copy or move", "pattern", "pattern '[' is not a valid file " +
				"pattern");
		final Map<String, Object> values = Map.of("shard", "3 of 8", "recursive", "yes",
			"sort_mode", "link", "pattern", "[");
		for (final String key : expected.keySet()) {
			final Cancelable m = run(inputs(root, csv, key, values.get(key)));
			assertTrue(m.isCanceled(), key);
			assertTrue(m.getCancelReason().startsWith(expected.get(key)), m.getCancelReason());
			assertFalse(m.getCancelReason().contains("\n"), m.getCancelReason());
		}
		final Cancelable nine = run(inputs(root, csv, "shard", "9/8"));
		assertTrue(nine.getCancelReason().contains("1 <= i <= n"), nine.getCancelReason());
		assertFalse(Files.exists(csv));
	}

	@Test
	void aRunWithAnotherModelCancelsAndOverwriteStartsAfresh() throws Exception {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 2);
		final Path csv = tmp.resolve("r.csv");
		// NB: as a stopped run with another model leaves it.
		final Path partial = tmp.resolve("r.csv.0123456789ab.part");
		Files.write(partial, "File,Slice,Class\n".getBytes(StandardCharsets.UTF_8));
		final Cancelable m = run(inputs(root, csv));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("written with another model") && m
			.getCancelReason().contains("overwrite=true"), m.getCancelReason());
		assertTrue(Files.exists(partial));
		final Cancelable again = run(inputs(root, csv, "overwrite", true));
		assertFalse(again.isCanceled(), again.getCancelReason());
		assertFalse(Files.exists(partial));
		assertEquals(21, Files.readAllLines(csv).size());
		final Cancelable finished = run(inputs(root, csv));
		assertTrue(finished.getCancelReason().contains("from a finished run"), finished
			.getCancelReason());
	}

	@Test
	void aModelThatDoesNotFitCancelsWithOneLine() throws Exception {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 1);
		final Map<String, Object> in = inputs(root, tmp.resolve("r.csv"));
		in.put("model", Folders.twoChannelModel().toFile());
		final Cancelable m = run(in);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().startsWith("No image in " + root + " could be " +
			"classified (10 skipped); the first: Cannot classify image ") && m.getCancelReason()
				.contains("the model expects 2"), m.getCancelReason());
	}

	@Test
	void stopOnABadFileCancelsWithItsName() throws Exception {
		final Path csv = tmp.resolve("results.csv");
		final Cancelable m = run(inputs(folderOfDigits(), csv, "on_bad_file", "stop"));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("broken.tif"), m.getCancelReason());
		assertFalse(Files.exists(csv));
	}

	@Test
	void aMissingFolderCancelsWithItsNameBeforeTheModelLoads() throws Exception {
		final Path missing = tmp.resolve("no such folder");
		final Map<String, Object> in = inputs(missing, tmp.resolve("r.csv"));
		in.put("model", tmp.resolve("no model either.zip").toFile());
		final Cancelable m = run(in);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains(missing.toString()), m.getCancelReason());
		assertFalse(Files.exists(tmp.resolve("r.csv")));
	}

	/** As CommandsTest checks the other commands: ImageJ 1.x macro keys must be unambiguous. */
	@Test
	void everyInputIsAnUnambiguousMacroKey() {
		final CommandInfo info = context.service(CommandService.class).getCommand(
			ClassifyFolderCommand.class);
		final List<String> names = new ArrayList<>();
		for (final ModuleItem<?> item : info.inputs()) {
			if (!Service.class.isAssignableFrom(item.getType()) && !Context.class
				.isAssignableFrom(item.getType())) names.add(item.getName());
		}
		assertEquals(List.of("folder", "model", "labels", "normalization", "results",
			"mini_batch_size", "on_bad_file", "pattern", "recursive", "shard", "sort_to",
			"sort_mode", "unsure_below", "unsure_label", "overwrite"), names);
		for (final String name : names) {
			assertEquals(name, Macro.trimKey(name));
			assertTrue(name.matches("[a-z][a-z0-9_]*"), name);
			for (final String other : names) {
				assertTrue(other.equals(name) || !other.endsWith(name), other + " ends with " +
					name);
			}
		}
		assertEquals("Classify Folder with CNN", info.getTitle());
	}

	/** Its plugins.config entry has the command's menu and label, as CommandsTest checks the others. */
	@Test
	void pluginsConfigHasTheSameMenuItem() throws Exception {
		final String config;
		try (java.io.InputStream in = getClass().getResourceAsStream("/plugins.config")) {
			config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertTrue(config.contains("Plugins>CNN Classifier, \"Classify Folder with CNN\", " +
			"io.github.cnnclassifier.ij.LegacyCommandBridge(\"" + ClassifyFolderCommand.class
				.getName() + "\")\n"), config);
	}

	private static Cancelable run(final Map<String, Object> inputs) throws Exception {
		return (Cancelable) context.service(CommandService.class).run(
			ClassifyFolderCommand.class, true, inputs).get();
	}
}
