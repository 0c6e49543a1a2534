package io.github.cnnclassifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.model.ModelMetadata;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./cnn-classifier --headless --run, end to end, with Fiji's argument syntax. */
class LauncherIT {

	@TempDir
	static Path tmp;

	private static Path model;
	private static Launcher training;

	@BeforeAll
	static void train() throws Exception {
		model = tmp.resolve("digits model.zip");
		training = Launcher.run("--headless", "--run", "Train CNN Classifier",
			"data='test-images/digits',model='" + model + "',max_epochs=3," +
				"mini_batch_size=32,validation_frequency=20");
	}

	@Test
	void trainingShowsProgressAndSavesTheModel() {
		assertEquals(0, training.exit, training.toString());
		assertTrue(training.err.contains("epoch 1/3  iteration 20/84"), training.toString());
		assertTrue(training.err.contains("Training completed"), training.toString());
		assertTrue(training.err.contains("Saved model to " + model), training.toString());
		final ModelMetadata m = ModelIO.readMetadata(model);
		assertEquals(3, m.history().size());
		assertTrue(m.history().get(2).validationAccuracy() > 0.9, training.toString());
	}

	@Test
	void aNetworkWrittenAsLayersTrainsHeadless() throws Exception {
		final Path file = tmp.resolve("spec.zip");
		final Launcher r = Launcher.run("--headless", "--run", "Train CNN Classifier",
			"data='test-images/cells',model='" + file + "',layers='conv3x3x8 bn leakyrelu " +
				"avgpool2 fc16 relu dropout0.2',max_epochs=1,mini_batch_size=32");
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.err.contains("Computing with vector engine"), r.toString());
		assertEquals(List.of("conv_1", "bn_1", "leakyrelu_1", "avgpool_1", "fc_1", "relu_1",
			"dropout_1", "fc_softmax"), ModelIO.readMetadata(file).layerNames());
	}

	@Test
	void aBadLayerSpecIsOneLineNamingTheToken() throws Exception {
		final Path file = tmp.resolve("never.zip");
		final Launcher r = Launcher.run("--headless", "--run", "Train CNN Classifier",
			"data='test-images/cells',model='" + file + "',layers='conv3x3x8 bn rleu'");
		assertEquals(1, r.exit, r.toString());
		assertTrue(r.err.contains("'rleu' (token 3"), r.toString());
		assertFalse(r.err.contains("\tat ") || r.err.contains("Exception"), r.toString());
		assertFalse(Files.exists(file));
	}

	@Test
	void classifyPrintsOneCsvRowPerSlice() throws Exception {
		final Launcher r = Launcher.run("--headless", "--run", "Classify with CNN",
			"image='test-images/digits-stack.tif',model='" + model + "'");
		assertEquals(0, r.exit, r.toString());
		final String[] lines = r.out.split("\n");
		assertEquals(41, lines.length, r.toString());
		assertTrue(lines[0].startsWith("Slice,Class,Confidence,P_0,"), lines[0]);
		assertTrue(lines[40].startsWith("40,"), lines[40]);
	}

	@Test
	void classifyWritesTheResultsFile() throws Exception {
		final Path csv = tmp.resolve("results.csv");
		final Launcher r = Launcher.run("--headless", "--run", "Classify with CNN",
			"image='test-images/digits/7/digit_7_001.png',model='" + model + "',results='" +
				csv + "'");
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.err.contains("digit_7_001.png: 7"), r.toString());
		assertEquals(2, Files.readAllLines(csv).size());
	}

	@Test
	void theBenchmarkPrintsOneClosingLine() throws Exception {
		final Launcher r = Launcher.run("--headless", "--run", "Benchmark CNN",
			"data='test-images/digits',max_epochs=1,mini_batch_size=64");
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.out.trim().matches("engine=vector-f32x\\d+ threads=\\d+ images=1200 " +
			"train_img_per_s=[0-9.]+ infer_img_per_s=[0-9.]+ val_acc=0\\.\\d{4} peak_rss_mb=\\d+ " +
			"train_gflops=[0-9.]+ infer_gflops=[0-9.]+"),
			r.toString());
	}

	@Test
	void systemInfoNamesTheEngine() throws Exception {
		final Launcher r = Launcher.run("--headless", "--run", "CNN Classifier System Info");
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.err.contains("engine: vector engine"), r.toString());
		assertTrue(r.err.contains("vector_api: yes"), r.toString());
	}

	@Test
	void aMissingFolderIsOneErrorLineAndExitStatus1() throws Exception {
		final Launcher r = Launcher.run("--headless", "--run", "Train CNN Classifier",
			"data='/no/such/folder',model='" + tmp.resolve("x.zip") + "'");
		assertEquals(1, r.exit, r.toString());
		assertTrue(r.err.contains("Image folder not found: /no/such/folder"), r.toString());
		assertFalse(r.err.contains("Exception"), r.toString());
		assertFalse(Files.exists(tmp.resolve("x.zip")));
	}

	@Test
	void aMissingRequiredInputIsNamed() throws Exception {
		final Launcher r = Launcher.run("--headless", "--run", "Train CNN Classifier",
			"model='" + tmp.resolve("x.zip") + "'");
		assertEquals(1, r.exit, r.toString());
		assertTrue(r.err.contains("'data' is required"), r.toString());
	}

	@Test
	void anUnknownCommandAndBadArgumentsAreUsageErrors() throws Exception {
		final Launcher unknown = Launcher.run("--headless", "--run", "Train CNN",
			"data='x'");
		assertEquals(2, unknown.exit, unknown.toString());
		assertTrue(unknown.err.contains("No command \"Train CNN\""), unknown.toString());
		final Launcher nothing = Launcher.run();
		assertEquals(2, nothing.exit, nothing.toString());
		assertTrue(nothing.out.contains("Usage"), nothing.toString());
		final Launcher positional = Launcher.run("--run", "Train CNN Classifier", "'a','b'");
		assertEquals(2, positional.exit, positional.toString());
		assertTrue(positional.err.contains("key=value"), positional.toString());
	}

	@Test
	void eachKindOfRunWritesItsClassArchiveSilentlyAndAMacroMapsThePluginFromIt()
		throws Exception
	{
		final Path commands = Path.of("target", "cnn-classifier-run.jsa");
		final Path macros = Path.of("target", "cnn-classifier-batch.jsa");
		final Path patched = Path.of("target", "imagej-patched.jar");
		Files.deleteIfExists(commands);
		Files.deleteIfExists(macros);
		Files.deleteIfExists(patched);
		final Launcher command = Launcher.run("--headless", "--run", "CNN Classifier System Info");
		assertEquals(0, command.exit, command.toString());
		assertTrue(Files.size(commands) > 0, command.toString());
		assertFalse(Files.exists(macros));
		// NB: a macro after a command: -batch patches ImageJ's classes, which --run's archive
		// holds unpatched (a macro mapping it stopped with "_hooks").
		final Path macro = tmp.resolve("info.ijm");
		Files.writeString(macro, "run(\"CNN Classifier System Info\");\n");
		final Path classes = tmp.resolve("classes.log");
		for (final Launcher r : List.of(Launcher.run("-batch", macro.toString()), Launcher.run(Map
			.of("JAVA_OPTS", "-Xlog:class+load:file=" + classes), "-batch", macro.toString())))
		{
			assertEquals(0, r.exit, r.toString());
			assertEquals(List.of(), r.errorLines());
			assertFalse(r.out.contains("cds") || r.out.contains("Error"), r.toString());
			assertTrue(Files.size(macros) > 0, r.toString());
		}
		// NB: our plugin class as ImageJ runs it, not only the launcher's Main.
		assertTrue(Files.readString(classes).contains(
			"io.github.cnnclassifier.ij.LegacyCommandRunner source: shared objects file"));
		// NB: ImageJ patched once, in the jar the first macro wrote, not at every start (a class
		// defined by ij1-patcher at run time is never in the archive); its commands still ran.
		assertTrue(Files.size(patched) > 0);
		assertTrue(Files.readString(classes).contains("ij.IJ source: shared objects file"),
			"ImageJ was patched at start-up again");
		assertFalse(Files.readString(classes).contains("javassist.ClassPool "),
			"ij1-patcher's javassist ran at start-up");
	}
}
