package io.github.cnnclassifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Classify Folder with CNN" end to end: ./cnn-classifier --headless --run, and an ImageJ macro. */
class ClassifyFolderIT {

	@TempDir
	static Path tmp;

	private static Path folder;
	private static Path model;

	/** 3 digits per class in class-named sub-folders, the 40-plane stack and a corrupt PNG. */
	@BeforeAll
	static void makeFolder() throws Exception {
		model = TestModels.digitsFile();
		folder = tmp.resolve("my images");
		for (int d = 0; d < 10; d++) {
			final Path dir = folder.resolve("digit " + d);
			Files.createDirectories(dir);
			try (Stream<Path> s = Files.list(TestModels.DIGITS.resolve(String.valueOf(d)))) {
				for (final Path f : s.sorted().limit(3).collect(Collectors.toList())) {
					Files.copy(f, dir.resolve(f.getFileName()));
				}
			}
		}
		Files.copy(TestModels.DIGITS_STACK, folder.resolve("stack.tif"));
		Files.write(folder.resolve("broken.png"), "not a PNG".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void theHeadlessCommandWritesTheCsv() throws Exception {
		final Path csv = tmp.resolve("headless.csv");
		final Launcher r = Launcher.run("--headless", "--run", "Classify Folder with CNN",
			"folder='" + folder + "',model='" + model + "',results='" + csv +
				"',mini_batch_size=16");
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.err.contains("Classified 31 files of " + folder + ": 70 rows, 1 skipped"),
			r.toString());
		assertTrue(r.err.contains("Skipped: Cannot read image " + folder.resolve("broken.png")),
			r.toString());
		final List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		assertEquals(71, lines.size());
		assertTrue(lines.get(0).startsWith("File,Slice,Class,Confidence,P_0,"), lines.get(0));
		assertTrue(lines.get(1).startsWith("digit 0/digit_0_001.png,1,"), lines.get(1));
		assertTrue(lines.get(70).startsWith("stack.tif,40,"), lines.get(70));
		int right = 0;
		for (final String line : lines.subList(1, 31)) {
			final String[] v = line.split(",");
			if (v[0].startsWith("digit " + v[2] + "/")) right++;
		}
		assertTrue(right >= 27, right + " of 30 right");
	}

	@Test
	void aMissingFolderIsOneErrorLine() throws Exception {
		final Path csv = tmp.resolve("never.csv");
		final Launcher r = Launcher.run("--headless", "--run", "Classify Folder with CNN",
			"folder='/no/such/folder',model='" + model + "',results='" + csv + "'");
		assertEquals(1, r.exit, r.toString());
		assertTrue(r.err.contains("Image folder not found: /no/such/folder"), r.toString());
		assertFalse(r.err.contains("Exception"), r.toString());
		assertFalse(Files.exists(csv));
	}

	@Test
	void aMacroClassifiesTheFolder() throws Exception {
		final Path csv = tmp.resolve("macro results.csv");
		final Path macro = tmp.resolve("folder.ijm");
		Files.write(macro, ("run(\"Classify Folder with CNN\", \"folder=[" + folder +
			"] model=[" + model + "] results=[" + csv + "] on_bad_file=skip\");\n" +
			"print(\"done\");\n").getBytes(StandardCharsets.UTF_8));
		final Launcher r = Launcher.run("-batch", macro.toString());
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.out.contains("done"), r.toString());
		assertEquals(71, Files.readAllLines(csv, StandardCharsets.UTF_8).size());
	}

	@Test
	void aMacroStopsOnABadFileUnderStop() throws Exception {
		final Path csv = tmp.resolve("stopped.csv");
		final Path macro = tmp.resolve("stop.ijm");
		Files.write(macro, ("run(\"Classify Folder with CNN\", \"folder=[" + folder +
			"] model=[" + model + "] results=[" + csv + "] on_bad_file=stop\");\n" +
			"print(\"not reached\");\n").getBytes(StandardCharsets.UTF_8));
		final Launcher r = Launcher.run("-batch", macro.toString());
		assertEquals(1, r.exit, r.toString());
		assertTrue((r.out + r.err).contains(folder.resolve("broken.png").toString()), r
			.toString());
		assertFalse(r.out.contains("not reached"), r.toString());
		assertFalse(Files.exists(csv));
	}
}
