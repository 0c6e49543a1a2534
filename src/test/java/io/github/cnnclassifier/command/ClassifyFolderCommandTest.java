package io.github.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.Macro;
import io.github.cnnclassifier.TestModels;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
		context = new Context(CommandService.class);
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

	@Test
	void writesOneRowPerFileAndLogsTheSummary() throws Exception {
		final Path root = folderOfDigits();
		final Path csv = tmp.resolve("results.csv");
		final Cancelable m = run(Map.of("folder", root.toFile(), "model", TestModels
			.digitsFile().toFile(), "results", csv.toFile(), "mini_batch_size", 5));
		assertFalse(m.isCanceled(), m.getCancelReason());
		final List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		assertEquals(13, lines.size());
		assertTrue(lines.get(0).startsWith("File,Slice,Class,Confidence,P_0"), lines.get(0));
		assertTrue(lines.get(1).startsWith("batch 2/digit_2_001.png,1,"), lines.get(1));
		synchronized (logged) {
			assertTrue(logged.stream().anyMatch(l -> l.startsWith(LogLevel.WARN + " Skipped: ") &&
				l.contains("broken.tif")), logged.toString());
			assertTrue(logged.stream().anyMatch(l -> l.contains("Classified 12 files of " +
				root + ": 12 rows, 1 skipped") && l.contains("rows/s") && l.contains(
					"results in " + csv)), logged.toString());
		}
	}

	@Test
	void stopOnABadFileCancelsWithItsName() throws Exception {
		final Path csv = tmp.resolve("results.csv");
		final Cancelable m = run(Map.of("folder", folderOfDigits().toFile(), "model",
			TestModels.digitsFile().toFile(), "results", csv.toFile(), "on_bad_file", "stop"));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("broken.tif"), m.getCancelReason());
		assertFalse(Files.exists(csv));
	}

	@Test
	void aMissingFolderCancelsWithItsNameBeforeTheModelLoads() throws Exception {
		final Path missing = tmp.resolve("no such folder");
		final Cancelable m = run(Map.of("folder", missing.toFile(), "model", tmp.resolve(
			"no model either.zip").toFile(), "results", tmp.resolve("r.csv").toFile()));
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
		assertEquals(List.of("folder", "model", "results", "mini_batch_size", "on_bad_file",
			"overwrite"), names);
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
