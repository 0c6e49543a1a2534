package io.github.cnnclassifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import io.github.cnnclassifier.TestModels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

	/**
	 * A run killed (SIGKILL, as an out-of-time cluster job is) and run again
	 * with the same command continues: every file once, in order, nothing
	 * done twice but the file it was in the middle of.
	 */
	@Test
	void aKilledRunContinuesWhenRunAgain() throws Exception {
		final Path big = tmp.resolve("big folder");
		// NB: large PNGs, so that decoding takes long enough to kill the run in the middle.
		final ImagePlus digit = IJ.openImage(TestModels.DIGITS.resolve("3/digit_3_001.png")
			.toString());
		final Path one = tmp.resolve("large.png");
		assertTrue(new FileSaver(digit.resize(512, 512, "bilinear")).saveAsPng(one.toString()));
		for (int i = 0; i < 1000; i++) {
			final Path f = big.resolve(String.format("part %d/image %04d.png", i % 7, i));
			Files.createDirectories(f.getParent());
			Files.copy(one, f);
		}
		final Path csv = tmp.resolve("killed.csv");
		// NB: without its class-data archive, the launcher runs Java as its child (to write
		// one), which must end with it; so the kill below checks that path every time.
		Files.deleteIfExists(Paths.get("target", "cnn-classifier-run.jsa"));
		final String[] args = { "--headless", "--run", "Classify Folder with CNN", "folder='" +
			big + "',model='" + model + "',results='" + csv + "',mini_batch_size=8" };
		final Process p = Launcher.start(Map.of(), args).redirectOutput(ProcessBuilder.Redirect
			.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		long rows = 0;
		final long until = System.nanoTime() + 120_000_000_000L;
		while (rows < 100 && p.isAlive() && System.nanoTime() < until) {
			Thread.sleep(20);
			rows = partialRows(csv);
		}
		assertTrue(p.isAlive(), "the run ended before it could be killed (" + rows + " rows)");
		// NB: the first run after a build runs Java as the launcher's child (to write the
		// class-data archive), which must end with it.
		final List<ProcessHandle> started = p.toHandle().descendants().toList();
		assertFalse(started.isEmpty(), "the launcher ran Java as its child");
		p.destroyForcibly().waitFor();
		try {
			for (final ProcessHandle h : started) h.onExit().get(10, TimeUnit.SECONDS);
		}
		finally {
			started.forEach(ProcessHandle::destroyForcibly);
		}
		final long left = partialRows(csv);
		assertTrue(left >= 100 && left < 1000, left + " rows before the kill");
		assertFalse(Files.exists(csv));
		final Launcher again = Launcher.run(args);
		assertEquals(0, again.exit, again.toString());
		final Matcher m = Pattern.compile("Classified (\\d+) files of .*: (\\d+) rows, 0 skipped" +
			".*; continued after the (\\d+) rows of an earlier run").matcher(again.err);
		assertTrue(m.find(), again.toString());
		final long earlier = Long.parseLong(m.group(3));
		assertTrue(earlier >= left - 8 && earlier <= left, earlier + " kept of " + left);
		assertEquals(1000 - earlier, Long.parseLong(m.group(2)));
		final List<String> files = Files.readAllLines(csv, StandardCharsets.UTF_8).stream()
			.skip(1).map(l -> l.split(",")[0]).collect(Collectors.toList());
		final List<String> expected = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			expected.add(String.format("part %d/image %04d.png", i % 7, i));
		}
		expected.sort(null);
		assertEquals(expected, files, "every file once, in order");
	}

	/** Rows in the partial file of {@code csv} (0 while there is none). */
	private static long partialRows(final Path csv) throws IOException {
		try (Stream<Path> s = Files.list(csv.getParent())) {
			final Path partial = s.filter(p -> p.getFileName().toString().startsWith(csv
				.getFileName() + ".") && p.toString().endsWith(".part")).findFirst().orElse(null);
			if (partial == null) return 0;
			try (Stream<String> lines = Files.lines(partial, StandardCharsets.UTF_8)) {
				return Math.max(0, lines.count() - 2); // NB: the identity and heading lines
			}
		}
		catch (final java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
			return 0;
		}
	}

	@Test
	void theHeadlessCommandSortsAShard() throws Exception {
		final Path csv = tmp.resolve("shard 1.csv");
		final Path sorted = tmp.resolve("sorted été");
		final Launcher r = Launcher.run("--headless", "--run", "Classify Folder with CNN",
			"folder='" + folder + "',model='" + model + "',results='" + csv + "',shard='1/2'," +
				"sort_to='" + sorted + "',pattern='*.png'");
		assertEquals(0, r.exit, r.toString());
		final List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		assertTrue(lines.size() > 2 && lines.size() < 31, lines.size() + " rows");
		for (final String line : lines.subList(1, lines.size())) {
			final String[] v = line.split(",");
			assertTrue(Files.exists(sorted.resolve(v[2]).resolve(v[0])), line);
			assertTrue(Files.exists(folder.resolve(v[0])), "copied, not moved: " + line);
		}
		assertTrue(r.err.contains("Copied " + (lines.size() - 1) + " images into " + sorted),
			r.toString());
		assertTrue(Files.exists(tmp.resolve("shard 1-counts.csv")));
	}

	@Test
	void resultsOfAnotherModelAreOneErrorLine() throws Exception {
		final Path csv = tmp.resolve("other.csv");
		Files.write(tmp.resolve("other.csv.00000000000f.part"), "File\n".getBytes(
			StandardCharsets.UTF_8));
		final Launcher r = Launcher.run("--headless", "--run", "Classify Folder with CNN",
			"folder='" + folder + "',model='" + model + "',results='" + csv + "'");
		assertEquals(1, r.exit, r.toString());
		assertTrue(r.err.contains("were written with another model") && r.err.contains(
			"overwrite=true"), r.toString());
		assertEquals(1, r.err.lines().filter(l -> l.contains("another model")).count(), r.err);
		assertFalse(r.err.contains("Exception"), r.toString());
	}

	/** ImageJ 1.x macro options: key=true for a checkbox, a choice for recursive. */
	@Test
	void aMacroGivesOverwriteAndRecursive() throws Exception {
		final Path csv = tmp.resolve("top.csv");
		Files.write(csv, "old\n".getBytes(StandardCharsets.UTF_8));
		final Path macro = tmp.resolve("top.ijm");
		Files.write(macro, ("run(\"Classify Folder with CNN\", \"folder=[" + folder +
			"] model=[" + model + "] results=[" + csv + "] recursive=false overwrite=true\");\n" +
			"print(\"classes \" + nResults + \", first \" + getResultString(\"Class\", 0));\n")
				.getBytes(StandardCharsets.UTF_8));
		final Launcher r = Launcher.run("-batch", macro.toString());
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.out.contains("classes 10, first 0"), r.toString());
		assertEquals(41, Files.readAllLines(csv, StandardCharsets.UTF_8).size(),
			"stack.tif alone, the old file replaced (broken.png is skipped)");
	}
}
