package io.github.cnnclassifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.model.ModelMetadata;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transfer Learn CNN end to end: headless with Fiji's syntax, and from an ImageJ macro. */
class TransferIT {

	@TempDir
	Path tmp;

	@Test
	void headlessTransferSavesTheModelAndSaysWhatItChose() throws Exception {
		final Path out = tmp.resolve("cells from digits.zip");
		final Launcher r = Launcher.run("--headless", "--run", "Transfer Learn CNN",
			"data='test-images/cells',base_model='" + TestModels.digitsFile() + "',output_model='" +
				out + "',max_epochs=2,normalization='data',augment_rotation='-180,180'");
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.err.contains("Replaced the classifier [fc_softmax] by a new head " +
			"[fc_softmax] for 2 classes on relu_3; no layer frozen"), r.toString());
		assertTrue(r.err.contains("90 training images make 11 iterations per epoch: training 28 " +
			"epochs rather than 2, for min_iterations=300"), r.toString());
		assertTrue(r.err.contains("Saved model to " + out), r.toString());
		final ModelMetadata m = ModelIO.readMetadata(out);
		assertEquals(28, m.history().size());
		assertEquals("-180,180", m.training().get("augment_rotation"));
	}

	@Test
	void readmeCellsFromDigitsExampleTrainsAsWritten() throws Exception {
		final Path out = tmp.resolve("cells-from-digits.zip");
		final Launcher r = Launcher.run("--headless", "--run", "Transfer Learn CNN",
			"data='test-images/cells',base_model='" + TestModels.digitsFile() + "',output_model='" +
				out + "',max_epochs=10");
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.err.contains("(another bit depth or range): normalising with the training " +
			"images' own mean"), r.toString());
		assertEquals("auto", ModelIO.readMetadata(out).training().get("normalization"));
	}

	/** NB: the head alone, on frozen batch norm; training every layer (the default) copes. */
	@Test
	void sixteenBitCellsOnTheDigitsOwnNormalisationDivergeNamingTheValues() throws Exception {
		final Launcher r = Launcher.run("--headless", "--run", "Transfer Learn CNN",
			"data='test-images/cells',base_model='" + TestModels.digitsFile() + "',output_model='" +
				tmp.resolve("never.zip") + "',max_epochs=10,normalization='base',freeze=''");
		assertEquals(1, r.exit, r.toString());
		assertTrue(r.err.contains("training diverged because the inputs stay far off after the " +
			"base network's normalisation. The training images' values (mean 930.4"), r.toString());
		assertFalse(r.err.contains("initial_learn_rate"), r.toString());
		assertFalse(Files.exists(tmp.resolve("never.zip")));
	}

	@Test
	void missingZooWeightsAreOneLineSayingWhereTheyMustBe() throws Exception {
		final Path weights = tmp.resolve("vgg16_dl4j_inference.zip");
		final Launcher r = Launcher.run("--headless", "--run", "Transfer Learn CNN",
			"data='test-images/cells',base_model='vgg16',base_weights='" + weights +
				"',output_model='" + tmp.resolve("never.zip") + "'");
		assertEquals(1, r.exit, r.toString());
		assertTrue(r.err.contains("base_weights " + weights + " not found"), r.toString());
		assertFalse(r.err.contains("\tat ") || r.err.contains("Exception"), r.toString());
		assertFalse(Files.exists(tmp.resolve("never.zip")));
	}

	@Test
	void aMacroTransfersAKerasModel() throws Exception {
		final Path out = tmp.resolve("keras.zip");
		final Path macro = Files.writeString(tmp.resolve("transfer.ijm"), "run(\"Transfer Learn " +
			"CNN\", \"data=[" + Path.of("test-images/cells").toAbsolutePath() + "] base_model=[" +
			Path.of("src/test/resources/keras/functional.h5").toAbsolutePath() + "] output_model=[" +
			out + "] max_epochs=1 normalization=data\");\nprint(\"transferred\");\n",
			StandardCharsets.UTF_8);
		final Launcher r = Launcher.run("-batch", macro.toString());
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.out.contains("transferred"), r.toString());
		final ModelMetadata m = ModelIO.readMetadata(out);
		assertEquals("keras", m.transfer().source());
		assertEquals("global_average_pooling2d", m.transfer().featureLayer());
	}

	/** NB: the base's Rescaling(1/255) is its normalisation, far from 16-bit cells. */
	@Test
	void headlessTransferFromAKeras3FileTakesItsRescalingAsTheBasesNormalisation()
		throws Exception
	{
		final Path out = tmp.resolve("keras3.zip");
		final Launcher r = Launcher.run("--headless", "--run", "Transfer Learn CNN",
			"data='test-images/cells',base_model='src/test/resources/keras/keras3-rescaling.keras'," +
				"output_model='" + out + "',max_epochs=1,min_iterations=10");
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.err.contains("are far from those the base network was trained on (mean 0.000, " +
			"std 255.0)"), r.toString());
		assertEquals("keras", ModelIO.readMetadata(out).transfer().source());
	}
}
