package io.github.cnnclassifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.objects.Fields;
import io.github.cnnclassifier.objects.RoiFiles;

import java.io.File;
import java.nio.charset.StandardCharsets;
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
 * Classify ROIs with CNN in a real ImageJ 1.x window (under Xvfb) on the ROIs
 * of the ROI Manager gives the rows the headless launcher gives on the same
 * ROIs as a zip; the run also shoots the classified overlay and a class map
 * of digits into target/screenshots/ (the README's pictures come from there).
 */
class RoiManagerIT {

	@TempDir
	Path tmp;

	@Test
	void roisFromTheRoiManagerInTheWindowAndFromAZipHeadlessGiveTheSameRows() throws Exception {
		Assumptions.assumeTrue(onPath("xvfb-run") && onPath("xauth"), "Xvfb cannot run here " +
			"(no xvfb-run or xauth; .ci/run installs them)");
		final Fields fields = new Fields(21);
		final Path image = tmp.resolve("field.tif");
		new FileSaver(fields.field).saveAsTiff(image.toString());
		final Path zip = tmp.resolve("field-rois.zip");
		RoiFiles.write(zip, List.of(fields.rois));
		final Path model = Files.copy(TestModels.digitsFile(), tmp.resolve("digits.zip"));

		final Path headless = tmp.resolve("headless.csv");
		final Launcher r = Launcher.run("--headless", "--run", "Classify ROIs with CNN", "image='" +
			image + "',model='" + model + "',rois='" + zip + "',crop=28,results='" + headless +
			"'");
		assertEquals(0, r.exit, r.toString());

		final Path shots = Files.createDirectories(Paths.get("target", "screenshots")
			.toAbsolutePath());
		final Path inWindow = tmp.resolve("window.csv");
		final String text = inImageJ(image, zip, model, inWindow, shots);
		final List<String> rows = Files.readAllLines(headless, StandardCharsets.UTF_8);
		assertEquals(41, rows.size(), text);
		assertEquals(rows, Files.readAllLines(inWindow, StandardCharsets.UTF_8), text);
		assertTrue(text.contains("ROI Manager: 40 ROIs, 40 with a class, group names " +
			"0,1,2,3,4,5,6,7,8,9"), text);
		assertTrue(text.contains("Class map over the digits: 12 overlay elements"), "the map and " +
			"a legend of ten classes on its band: " + text);
		for (final String shot : List.of("rois-classified.png", "tiles-class-map.png")) {
			final ImagePlus imp = IJ.openImage(shots.resolve(shot).toString());
			assertTrue(imp != null && imp.getWidth() > 200, shot);
			final Set<Integer> colours = new HashSet<>();
			for (final int rgb : (int[]) imp.getProcessor().convertToRGB().getPixels()) {
				colours.add(rgb);
			}
			assertTrue(colours.size() > 20, shot + " shows " + colours.size() + " colours");
		}
	}

	/** Runs {@link RoiWindowMaker} under Xvfb; returns what it printed. */
	private String inImageJ(final Path image, final Path zip, final Path model,
		final Path csv, final Path shots) throws Exception
	{
		final Path plugins = Files.createDirectories(tmp.resolve("imagej/plugins"));
		final Path jar = jar();
		Files.copy(jar, plugins.resolve(jar.getFileName()));
		final String classpath = String.join(File.pathSeparator, jar.toString(), Paths.get(
			"target", "test-classes").toAbsolutePath().toString(), Files.readString(Paths.get(
				"target", "classpath.txt")).trim());
		final Path log = tmp.resolve("imagej.log");
		final Process p = new ProcessBuilder("xvfb-run", "-a", "-s", "-screen 0 1600x1200x24",
			Path.of(System.getProperty("java.home"), "bin", "java").toString(),
			"--add-modules=jdk.incubator.vector", "-cp", classpath, RoiWindowMaker.class.getName(),
			tmp.resolve("imagej").toString(), image.toString(), zip.toString(), model.toString(),
			csv.toString(), shots.toString()).redirectErrorStream(true).redirectOutput(log.toFile())
			.start();
		if (!p.waitFor(4, TimeUnit.MINUTES)) {
			p.descendants().forEach(ProcessHandle::destroy);
			p.destroy();
			throw new IllegalStateException("ImageJ timed out:\n" + Files.readString(log));
		}
		final String text = Files.readString(log);
		assertEquals(0, p.exitValue(), text);
		return text;
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
