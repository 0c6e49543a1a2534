package io.github.cnnclassifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every window the inspection commands open in a real ImageJ 1.x (under
 * Xvfb) is captured into target/screenshots/ (the pictures of docs/ come from
 * here): the training-progress plot, the network summary, filters, feature
 * maps, evaluation and saliency.
 */
class ScreenshotsIT {

	private static final List<String> SHOTS = List.of("training-progress.png",
		"network-summary-table.png", "network-summary-graph.png", "filters-stack.png",
		"filters-montage.png", "feature-maps-montage.png", "feature-maps-stack.png",
		"evaluate-confusion.png", "evaluate-reliability.png", "evaluate-table.png", "saliency-stack.png",
		"saliency-overlay.png");

	@TempDir
	Path tmp;

	@Test
	void everyWindowIsShotAndShowsSomething() throws Exception {
		Assumptions.assumeTrue(onPath("xvfb-run") && onPath("xauth"), "Xvfb cannot run here " +
			"(no xvfb-run or xauth; .ci/run installs them): the screenshots are not made.");
		final Path out = Paths.get("target", "screenshots").toAbsolutePath();
		Files.createDirectories(out);
		for (final String shot : SHOTS) Files.deleteIfExists(out.resolve(shot));
		final Path plugins = Files.createDirectories(tmp.resolve("plugins"));
		final Path jar = jar();
		Files.copy(jar, plugins.resolve(jar.getFileName()));
		final String classpath = String.join(File.pathSeparator, jar.toString(), Paths.get(
			"target", "test-classes").toAbsolutePath().toString(), Files.readString(Paths.get(
				"target", "classpath.txt")).trim());
		final Path log = tmp.resolve("imagej.log");
		final Process p = new ProcessBuilder("xvfb-run", "-a", "-s", "-screen 0 1600x1200x24",
			"java", "--add-modules=jdk.incubator.vector", "-cp", classpath, ScreenshotMaker.class
				.getName(), out.toString(), tmp.toString()).redirectErrorStream(true).redirectOutput(
					log.toFile()).start();
		if (!p.waitFor(5, TimeUnit.MINUTES)) {
			p.descendants().forEach(ProcessHandle::destroy);
			p.destroy();
			throw new IllegalStateException("ImageJ timed out:\n" + Files.readString(log));
		}
		assertEquals(0, p.exitValue(), Files.readString(log));
		for (final String shot : SHOTS) {
			final ImagePlus imp = IJ.openImage(out.resolve(shot).toString());
			assertTrue(imp != null && imp.getWidth() > 100 && imp.getHeight() > 80, shot);
			final Set<Integer> colours = new HashSet<>();
			for (final int rgb : (int[]) imp.getProcessor().convertToRGB().getPixels()) {
				colours.add(rgb);
			}
			assertTrue(colours.size() > 20, shot + " shows " + colours.size() + " colours");
		}
	}

	private static Path jar() throws Exception {
		try (Stream<Path> files = Files.list(Paths.get("target"))) {
			return files.filter(f -> f.getFileName().toString().matches(
				"CNN_Classifier-[^-]+(-SNAPSHOT)?\\.jar")).findFirst().orElseThrow().toAbsolutePath();
		}
	}

	private static boolean onPath(final String program) {
		return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.anyMatch(d -> Files.isExecutable(Paths.get(d, program)));
	}
}
