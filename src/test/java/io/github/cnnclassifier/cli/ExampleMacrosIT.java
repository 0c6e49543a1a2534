package io.github.cnnclassifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import ij.io.FileSaver;
import io.github.cnnclassifier.model.CropInfo;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.objects.Fields;
import io.github.cnnclassifier.objects.RoiFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example macros of {@code macros/}, run headless with their defaults on
 * the shipped test-images, as a user first runs them. NB: their temporary
 * folder is this test's, so runs share no files with others; the digits model
 * the classifying macros train when it is missing is put there first (a
 * training less; train-and-classify and train-evaluate-save train).
 */
class ExampleMacrosIT {

	private static final Path MACROS = Paths.get("macros");

	@TempDir
	static Path tmp;

	@BeforeAll
	static void putTheDigitsModelInTheirTemporaryFolder() throws IOException {
		Files.copy(TestModels.digitsFile(), tmp.resolve("cnn-digits.zip"));
	}

	private static Launcher macro(final String name) throws IOException,
		InterruptedException
	{
		final Launcher r = Launcher.run(Map.of("JAVA_OPTS", "-Djava.io.tmpdir=" + tmp), "-batch",
			MACROS.resolve(name).toString());
		assertEquals(0, r.exit, r.toString());
		return r;
	}

	@Test
	void everyMacroSaysWhatItDoesAndHowToRunIt() throws IOException {
		final List<Path> macros;
		try (Stream<Path> s = Files.list(MACROS)) {
			macros = s.filter(p -> p.toString().endsWith(".ijm")).sorted().collect(Collectors
				.toList());
		}
		assertTrue(macros.size() >= 4, macros.toString());
		for (final Path m : macros) {
			final List<String> lines = Files.readAllLines(m, StandardCharsets.UTF_8);
			final String header = lines.stream().takeWhile(l -> l.startsWith("//")).collect(
				Collectors.joining("\n"));
			assertTrue(header.length() > 200 && header.contains("Headless: ./cnn-classifier " +
				"-batch macros/" + m.getFileName()) && header.contains("In Fiji:") && header
					.contains("ImageJ-linux64 --headless -batch macros/" + m.getFileName()), m +
						":\n" + header);
		}
	}

	@Test
	void classifyFolderWritesTheCsvAndPrintsTheCounts() throws Exception {
		final Launcher r = macro("classify-folder.ijm");
		final Path csv = tmp.resolve("cnn-digits.csv");
		assertTrue(r.out.contains("1200 rows in " + csv), r.toString());
		assertEquals(1201, Files.readAllLines(csv).size());
		final List<String> counts = Files.readAllLines(tmp.resolve("cnn-digits-counts.csv"));
		assertEquals(11, counts.size());
		for (int k = 0; k < 10; k++) {
			final String n = counts.get(k + 1).split(",")[1];
			assertTrue(r.out.contains(k + ": " + n + " ("), r.toString());
			assertTrue(Integer.parseInt(n) > 100, counts.toString());
		}
	}

	@Test
	void trainEvaluateSaveReportsTheAccuracyAndSavesTheModel() throws Exception {
		final Launcher r = macro("train-evaluate-save.ijm");
		final Matcher m = Pattern.compile("Test accuracy: ([0-9.]+) % \\((\\d+) of 1200\\)")
			.matcher(r.out);
		assertTrue(m.find(), r.toString());
		assertTrue(Double.parseDouble(m.group(1)) > 90, m.group());
		assertEquals(3, ModelIO.readMetadata(tmp.resolve("cnn-trained.zip")).history().size());
		assertEquals(1201, Files.readAllLines(tmp.resolve("cnn-trained-test.csv")).size());
	}

	@Test
	void classifyStacksSavesAResultsTablePerStack() throws Exception {
		final Launcher r = macro("classify-stacks.ijm");
		assertTrue(r.out.contains("1 stacks classified"), r.toString());
		final List<String> lines = Files.readAllLines(tmp.resolve(
			"cnn-stacks/digits-stack.csv"));
		assertEquals(41, lines.size());
		assertTrue(lines.get(0).contains("Class") && lines.get(0).contains("P_9"), lines.get(
			0));
	}

	@Test
	void theLoopClassifiesImageAfterImageWithOneModelRead() throws Exception {
		final Launcher r = macro("classify-loop.ijm");
		assertTrue(r.out.contains("300 images classified, "), r.toString());
		assertEquals(300, r.out.lines().filter(l -> l.matches("digit_\\d_\\d{3}\\.png: \\d " +
			"\\(confidence [01]\\.\\d{3}\\)")).count(), r.out);
		// NB: logged once per model read (and once by training, if the model was not there);
		// headless macros log information to standard output.
		final String classifying = r.out.substring(r.out.lastIndexOf("Saved model to ") + 1);
		assertEquals(1, classifying.lines().filter(l -> l.contains("Computing with ")).count(),
			r.out);
	}

	@Test
	void inspectModelSavesTheSummaryFiltersAndFeatureMaps() throws Exception {
		final Launcher r = macro("inspect-model.ijm");
		final Path out = tmp.resolve("cnn-inspect");
		assertTrue(r.out.contains("Saved the summary, filters and feature maps of 3 convolution " +
			"layers of " + tmp.resolve("cnn-digits.zip") + " to " + out), r.toString());
		for (final String layer : List.of("conv_1", "conv_2", "conv_3")) {
			for (final String file : List.of("-filters.png", "-filters.tif", "-feature-maps.png",
				"-feature-maps.tif"))
			{
				assertTrue(Files.size(out.resolve(layer + file)) > 100, layer + file);
			}
		}
		assertEquals(8, ij.IJ.openImage(out.resolve("conv_1-feature-maps.tif").toString())
			.getNChannels());
		assertEquals(15, Files.readAllLines(out.resolve("summary.csv")).size());
		assertTrue(Files.size(out.resolve("layer-graph.png")) > 1000);
	}

	@Test
	void trainAndClassifySavesTheStackResults() throws Exception {
		final Launcher r = macro("train-and-classify.ijm");
		assertTrue(r.out.contains("Classified 40 slices of test-images/digits-stack.tif"), r
			.toString());
		assertEquals(41, Files.readAllLines(tmp.resolve("digits-stack.csv")).size());
	}

	@Test
	void classifyRoisClassifiesTheParticlesOfACountMask() throws Exception {
		final Launcher r = macro("classify-rois.ijm");
		final Path out = tmp.resolve("cnn-rois");
		assertTrue(r.out.contains("objects of digits-field classified; rows in " + out
			.resolve("objects.csv")), r.toString());
		final List<String> rows = Files.readAllLines(out.resolve("objects.csv"));
		assertTrue(rows.size() > 40, rows.size() + " rows");
		assertEquals(11, Files.readAllLines(out.resolve("objects-counts.csv")).size());
		assertTrue(Files.size(out.resolve("classified-rois.zip")) > 1000);
	}

	@Test
	void exportAndTrainTakesRoiZipsAndLabelImagesAndTheModelRecordsTheGeometry()
		throws Exception
	{
		final Path annotated = Files.createDirectories(tmp.resolve("cnn-annotated"));
		final Fields zipped = new Fields(31);
		new FileSaver(zipped.field).saveAsTiff(annotated.resolve("zipped.tif").toString());
		RoiFiles.write(annotated.resolve("zipped.zip"), List.of(zipped.rois));
		final Launcher r = macro("export-and-train.ijm");
		final Path crops = tmp.resolve("cnn-crops");
		assertTrue(r.out.contains("4 annotated images exported to " + crops + "; model saved " +
			"to " + tmp.resolve("cnn-crops-model.zip")), r.toString());
		try (Stream<Path> files = Files.walk(crops)) {
			assertEquals(3 * 40 + 40, files.filter(f -> f.toString().endsWith(".tif")).count(),
				"three label images and a ROI zip of 40 objects each");
		}
		assertEquals(new CropInfo(28, 2, false, List.of("label image", "ROI file")), ModelIO
			.readMetadata(tmp.resolve("cnn-crops-model.zip")).crops());
	}

	@Test
	void classifyTilesSavesTheClassMapAndSaysHowMuchEachClassCovers() throws Exception {
		final Launcher r = macro("classify-tiles.ijm");
		final Path map = tmp.resolve("cnn-tiles/digits-field-class-map.tif");
		assertTrue(r.out.contains("Class map of digits-field saved to " + map), r.toString());
		assertTrue(Files.size(tmp.resolve("cnn-tiles/digits-field-probabilities.tif")) > 10 *
			224 * 140 * 4, "ten 32-bit planes");
		final List<String> shares = r.out.lines().filter(l -> l.matches("\\d: \\d+\\.\\d % of " +
			"the pixels")).toList();
		assertEquals(10, shares.size(), r.out);
		final double sum = shares.stream().mapToDouble(l -> Double.parseDouble(l.substring(3, l
			.indexOf(' ', 3)))).sum();
		assertEquals(100, sum, 0.6, "every pixel covered: " + shares);
	}
}
