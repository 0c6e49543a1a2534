package io.github.cnnclassifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.install.AppFolders;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./cnn-classifier install} and {@code uninstall} end to end: into a
 * plain ImageJ 1.x made from the ij jar, where ImageJ (under Xvfb) then runs
 * a macro that trains and classifies; into a Fiji folder; and refusals.
 */
class InstallIT {

	@TempDir
	Path tmp;

	@Test
	void aFolderThatIsNeitherFijiNorImageJGetsOneLine() throws Exception {
		final Launcher r = Launcher.run("install", tmp.toString());
		assertEquals(1, r.exit, r.toString());
		assertEquals("Error: " + tmp + " is not a Fiji or ImageJ folder (no jars/ij-*.jar, no " +
			"ij.jar): give the folder that holds Fiji's jars/ and plugins/ (e.g. Fiji.app), or " +
			"ImageJ's ij.jar and plugins/.", lastLine(r.err));
		final Launcher usage = Launcher.run("install");
		assertEquals(2, usage.exit, usage.toString());
		assertTrue(usage.err.contains("cnn-classifier install [--platform=P] /path/to/Fiji.app"),
			usage.toString());
		final Launcher help = Launcher.run("--help");
		assertTrue(help.out.contains("cnn-classifier uninstall /path/to/Fiji.app"), help
			.toString());
	}

	@Test
	void fijiGetsWhatItLacksAndUninstallTakesItAllOut() throws Exception {
		final Path fiji = AppFolders.fiji(tmp.resolve("Fiji.app"));
		final Map<String, Long> before = AppFolders.snapshot(fiji);
		final Launcher r = Launcher.run("install", fiji.toString());
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.out.contains("Warning: Fiji has scijava-common 2.97.1; CNN Classifier was " +
			"built with 2.99.0. Kept Fiji's."), r.toString());
		assertTrue(r.out.contains("Added --add-modules=jdk.incubator.vector to Fiji's " +
			"launcher: config/jaunch/extra-cnn-classifier.toml."), r.toString());
		assertTrue(Files.isRegularFile(fiji.resolve("jars/linux64/nd4j-native-1.0.0-M2.1-" +
			"linux-x86_64.jar")), r.toString());
		assertTrue(Files.isRegularFile(fiji.resolve("jars/deeplearning4j-nn-1.0.0-M2.1.jar")));
		assertFalse(Files.exists(fiji.resolve("jars/scijava-common-2.99.0.jar")));
		try (Stream<Path> plugins = Files.list(fiji.resolve("plugins"))) {
			assertEquals(1, plugins.filter(p -> p.getFileName().toString().startsWith(
				"CNN_Classifier-")).count());
		}
		final Launcher u = Launcher.run("uninstall", fiji.toString());
		assertEquals(0, u.exit, u.toString());
		assertEquals(before, AppFolders.snapshot(fiji));
	}

	@Test
	void aRecordNamingAFileOutsideFijiIsRefusedInOneLineAndNothingIsDeleted() throws Exception {
		final Path victim = Files.writeString(tmp.resolve("victim.txt"), "the only copy");
		final Path fiji = AppFolders.fiji(tmp.resolve("Fiji.app"));
		final Path record = Files.writeString(fiji.resolve("cnn-classifier-install.txt"),
			"file\t../victim.txt\t\t" + HexFormat.of().formatHex(MessageDigest.getInstance(
				"SHA-256").digest(Files.readAllBytes(victim))) + "\n");
		final Map<String, Long> before = AppFolders.snapshot(fiji);
		for (final String verb : List.of("uninstall", "install")) {
			final Launcher r = Launcher.run(verb, fiji.toString());
			assertEquals(1, r.exit, r.toString());
			assertEquals(List.of("Error: Refused " + record + " line 1: \"../victim.txt\" is not " +
				"a relative path inside " + fiji + "; nothing was removed. Restore the record, or " +
				"remove the plugin's files by hand."), r.errorLines(), r.toString());
			assertTrue(Files.exists(victim), verb);
			assertEquals(before, AppFolders.snapshot(fiji), verb);
		}
	}

	@Test
	void anInstallWhileAnotherRunsIsRefusedInOneLineAndChangesNothing() throws Exception {
		final Path fiji = AppFolders.fiji(tmp.resolve("Fiji.app"));
		final String holder = ProcessHandle.current().pid() + " " + InetAddress.getLocalHost()
			.getHostName();
		Files.writeString(fiji.resolve("cnn-classifier-install.lock"), holder + "\n");
		final Map<String, Long> before = AppFolders.snapshot(fiji);
		for (final String verb : List.of("install", "uninstall")) {
			final Launcher r = Launcher.run(verb, fiji.toString());
			assertEquals(1, r.exit, r.toString());
			assertEquals(List.of("Error: Another install or uninstall is changing " + fiji +
				" (process " + holder.replace(" ", " on ") + "): wait until it ends and try " +
				"again (its lock is cnn-classifier-install.lock)."), r.errorLines(), r.toString());
			assertEquals(before, AppFolders.snapshot(fiji), verb);
		}
	}

	@Test
	void imageJRunsAMacroThatTrainsAndClassifiesAfterInstall() throws Exception {
		final Path imagej = Files.createDirectories(tmp.resolve("Image J"));
		Files.createDirectories(imagej.resolve("plugins"));
		Files.createDirectories(imagej.resolve("macros"));
		Files.copy(ijJar(), imagej.resolve("ij.jar"));
		final Map<String, Long> before = AppFolders.snapshot(imagej);
		final Launcher install = Launcher.run("install", imagej.toString());
		assertEquals(0, install.exit, install.toString());
		assertTrue(Files.isRegularFile(imagej.resolve("jars/scijava-common-2.99.0.jar")));

		final Path model = tmp.resolve("digits model.zip");
		final Path csv = tmp.resolve("digits stack.csv");
		final String out = imagej(imagej, String.join("\n",
			"run(\"Train CNN Classifier\", \"data=[" + abs("test-images/digits") + "] model=[" +
				model + "] max_epochs=2 mini_batch_size=32\");",
			"open(\"" + abs("test-images/digits-stack.tif") + "\");",
			"truth = newArray(nSlices);",
			"for (i = 1; i <= nSlices; i++) { setSlice(i); truth[i - 1] = getInfo(\"slice.label\"); }",
			"run(\"Classify with CNN\", \"model=[" + model + "]\");",
			"correct = 0;",
			"for (i = 0; i < nResults; i++) if (getResultString(\"Class\", i) == truth[i]) correct++;",
			"saveAs(\"Results\", \"" + csv + "\");",
			"print(\"rows=\" + nResults + \" correct=\" + correct);", ""), null);
		final Matcher m = Pattern.compile("rows=(\\d+) correct=(\\d+)").matcher(out);
		assertTrue(m.find(), out);
		assertEquals(40, Integer.parseInt(m.group(1)), out);
		assertTrue(Integer.parseInt(m.group(2)) >= 32, "correct of 40: " + m.group(2) + "\n" +
			out);
		assertTrue(out.contains("Computing with vector engine"), out);
		assertEquals(41, Files.readAllLines(csv, StandardCharsets.UTF_8).size());

		// A jar missing: the bridge names it instead of ImageJ's silence.
		final Path jar = imagej.resolve("jars/scijava-common-2.99.0.jar");
		Files.move(jar, tmp.resolve("aside.jar"));
		// NB: ImageJ shows a macro's error in a dialog, which waits for OK; the output says it all.
		final String missing = imagej(imagej, "run(\"CNN Classifier System Info\");\n" +
			"print(\"not reached\");\n", "Install all libraries with");
		assertTrue(missing.contains("A library is missing: class org.scijava.module.ModuleInfo " +
			"was not found. Not on the class path: scijava-common-2.99.0.jar. Install all " +
			"libraries with: ./cnn-classifier install " + imagej), missing);
		assertFalse(missing.contains("not reached"), missing);
		Files.move(tmp.resolve("aside.jar"), jar);

		final Launcher uninstall = Launcher.run("uninstall", imagej.toString());
		assertEquals(0, uninstall.exit, uninstall.toString());
		assertEquals(before, AppFolders.snapshot(imagej));
	}

	/**
	 * Starts the ImageJ in {@code dir} under Xvfb with {@code macro} (ImageJ's
	 * {@code -batch}); returns what it printed when it ended or, if
	 * {@code until} is not null, once it printed that.
	 */
	private String imagej(final Path dir, final String macro, final String until)
		throws IOException, InterruptedException
	{
		Assumptions.assumeTrue(onPath("xvfb-run") && onPath("xauth"), "Xvfb cannot run here " +
			"(no xvfb-run or xauth; .ci/run installs them with apt-get install xvfb xauth): the " +
			"ImageJ 1.x end-to-end test is skipped.");
		final Path file = Files.writeString(Files.createTempFile(tmp, "macro", ".ijm"), macro);
		final Path log = tmp.resolve("imagej.log");
		final Process p = new ProcessBuilder("xvfb-run", "-a", "java",
			"--add-modules=jdk.incubator.vector", "-jar", "ij.jar", "-ijpath", dir.toString(),
			"-batch", file.toString()).directory(dir.toFile()).redirectErrorStream(true)
				.redirectOutput(log.toFile()).start();
		final long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
		while (p.isAlive() && System.nanoTime() < end) {
			if (until != null && Files.readString(log).contains(until)) break;
			p.waitFor(1, TimeUnit.SECONDS);
		}
		final boolean ended = !p.isAlive();
		// NB: xvfb-run's children (Xvfb, java) go with it.
		p.descendants().forEach(ProcessHandle::destroy);
		p.destroy();
		p.waitFor(30, TimeUnit.SECONDS);
		final String out = Files.readString(log);
		if (!ended && (until == null || !out.contains(until))) {
			throw new IllegalStateException("ImageJ timed out:\n" + out);
		}
		return out;
	}

	private static boolean onPath(final String program) {
		return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).anyMatch(
			d -> Files.isExecutable(Paths.get(d, program)));
	}

	/** The ij jar the build uses, from the launcher's class path. */
	private static Path ijJar() throws IOException {
		return Stream.of(Files.readString(Paths.get("target/classpath.txt")).trim().split(
			File.pathSeparator)).map(Paths::get).filter(p -> p.getFileName().toString().matches(
				"ij-\\d.*\\.jar")).findFirst().orElseThrow();
	}

	private static String abs(final String path) {
		return Paths.get(path).toAbsolutePath().toString();
	}

	private static String lastLine(final String text) {
		final List<String> lines = text.lines().filter(l -> !l.startsWith("WARNING:")).toList();
		return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
	}
}
