package io.github.cnnclassifier.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.train.TrainingMonitor;
import io.github.cnnclassifier.train.TrainingOptions;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Keras 3 files (made by src/test/resources/keras/make_keras3_fixtures.py in
 * Keras 3's own layouts, with the outputs Keras computes) import, predict as
 * Keras does and transfer; what cannot be imported is refused in one line.
 */
class Keras3FilesTest {

	static final Path KERAS = KerasNetworksTest.KERAS;

	@TempDir
	Path tmp;

	@ParameterizedTest
	@CsvSource({ "keras3-sequential.keras, keras3-sequential", "keras3-functional.keras, " +
		"keras3-functional", "keras3-sequential.h5, keras3-sequential-h5" })
	void aKeras3FileImportsAndPredictsAsKerasDoes(final String file, final String recorded)
		throws IOException
	{
		final BaseNetwork base = KerasNetworks.open(KERAS.resolve(file));
		assertEquals("keras", base.source());
		assertEquals(BaseNetworks.sha256(KERAS.resolve(file)), base.sha256());
		KerasNetworksTest.assertPredictsAsRecorded(base, KERAS.resolve(recorded + ".json"));
	}

	@ParameterizedTest
	@CsvSource({ "keras3-sequential.keras, dense_8, 'conv2d_8,conv2d_9'",
		"keras3-functional.keras, global_average_pooling2d, 'conv2d,batch_normalization,conv2d_1'",
		"keras3-sequential.h5, dense, 'conv2d,batch_normalization'" })
	void aKeras3BaseTransfersWithItsFrozenWeightsKept(final String file, final String feature,
		final String frozen)
	{
		final Path keras = KERAS.resolve(file);
		final BaseNetwork base = KerasNetworks.open(keras);
		final ModelBundle m = new TransferTrainer(TrainingOptions.builder().maxEpochs(2)
			.miniBatchSize(16).initialLearnRate(0.01).seed(3).build(), TransferOptions.of(keras
				.toString()).normalizing("data").freezing("").pace(1, 0), TrainingMonitor.SILENT)
					.train(TestModels.CELLS, null, null);
		assertEquals("keras", m.metadata().transfer().source());
		assertEquals(feature, m.metadata().transfer().featureLayer());
		assertEquals(base.input(), m.inputShape());
		for (final String layer : frozen.split(",")) {
			assertEquals(base.network().getLayer(layer).params(), m.network().getLayer(layer)
				.params(), layer);
		}
	}

	@Test
	void aKeras3BaseTrainsItsConvolutionsWithFreezeNone() {
		final Path keras = KERAS.resolve("keras3-functional.keras");
		final BaseNetwork base = KerasNetworks.open(keras);
		final ModelBundle m = new TransferTrainer(TrainingOptions.builder().maxEpochs(1)
			.miniBatchSize(16).seed(3).build(), TransferOptions.of(keras.toString()).normalizing(
				"data").freezing("none").pace(3, 4), TrainingMonitor.SILENT).train(TestModels.CELLS,
					null, null);
		assertNotEquals(base.network().getLayer("conv2d").params(), m.network().getLayer("conv2d")
			.params());
	}

	@Test
	void aRescalingOfTheInputBecomesTheBasesNormalisationAndAugmentationsGo() {
		final BaseNetwork plain = KerasNetworks.open(KERAS.resolve("keras3-sequential.keras"));
		final BaseNetwork base = KerasNetworks.open(KERAS.resolve("keras3-rescaling.keras"));
		assertEquals(plain.network().params(), base.network().params());
		assertEquals(plain.network().getConfiguration().getVertices().keySet(), base.network()
			.getConfiguration().getVertices().keySet());
		assertEquals(0, base.normalization().mean(), 1e-12);
		assertEquals(255, base.normalization().std(), 1e-9);
	}

	@Test
	void aRescalingByANegativeScaleIsRefusedInOneLine() {
		final JsonObject tree = JsonParser.parseString("{\"class_name\": \"Sequential\", " +
			"\"config\": {\"layers\": [{\"class_name\": \"Rescaling\", \"config\": " +
			"{\"name\": \"rescaling\", \"scale\": -1, \"offset\": 0}}]}}").getAsJsonObject();
		final Path file = tmp.resolve("inverted.keras");
		final ModelException e = assertThrows(ModelException.class, () -> KerasPreprocessing
			.strip(file, tree));
		assertTrue(e.getMessage().startsWith(file + ": its Rescaling layer rescaling scales by " +
			"-1.0; only a positive scale"), e.getMessage());
	}

	@Test
	void aFunctionalModelsAugmentationsAndRescalingGoAndItsConvolutionTakesTheInput() {
		final JsonObject tree = Keras3Config.keras2(JsonParser.parseString("{\"class_name\": " +
			"\"Functional\", \"config\": {\"layers\": [" + node("InputLayer", "in", null, "") +
			", " + node("Sequential", "augment", "in", ", \"layers\": [{\"class_name\": " +
			"\"RandomFlip\", \"config\": {\"name\": \"flip\"}}]") + ", " + node("Rescaling",
				"scale", "augment", ", \"scale\": 0.5, \"offset\": -1") + ", " + node("Conv2D",
					"conv", "scale", "") + "], \"input_layers\": [[\"in\", 0, 0]], " +
			"\"output_layers\": [[\"conv\", 0, 0]]}}").getAsJsonObject());
		final KerasPreprocessing.Rescale rescale = KerasPreprocessing.strip(tmp, tree);
		assertEquals(2, rescale.mean()[0], 1e-12);
		assertEquals(2, rescale.std()[0], 1e-12);
		final JsonArray layers = tree.getAsJsonObject("config").getAsJsonArray("layers");
		assertEquals(2, layers.size());
		assertEquals("[[[\"in\",0,0,{}]]]", layers.get(1).getAsJsonObject().get("inbound_nodes")
			.toString());
	}

	/** A functional layer of Keras 3 taking {@code from} (or nothing), with {@code more} in its config. */
	private static String node(final String kind, final String name, final String from,
		final String more)
	{
		return "{\"class_name\": \"" + kind + "\", \"name\": \"" + name + "\", \"config\": " +
			"{\"name\": \"" + name + "\"" + more + "}, \"inbound_nodes\": [" + (from == null ? ""
				: "{\"args\": [{\"class_name\": \"__keras_tensor__\", \"config\": " +
					"{\"keras_history\": [\"" + from + "\", 0, 0]}}], \"kwargs\": {}}") + "]}";
	}

	@Test
	void aKeras3LayerDeeplearning4jHasNoneForIsRefusedInOneLineNamingIt() {
		final Path file = KERAS.resolve("keras3-resizing.keras");
		final ModelException e = assertThrows(ModelException.class, () -> KerasNetworks.open(
			file));
		assertTrue(e.getMessage().startsWith("Cannot import the Keras 3 model " + file + ": ") && e
			.getMessage().contains("Resizing"), e.getMessage());
		assertOneLine(e);
	}

	@Test
	void aDotKerasWithoutWeightsIsRefusedInOneLine() throws IOException {
		final Path file = tmp.resolve("config-only.keras");
		try (ZipFile source = new ZipFile(KERAS.resolve("keras3-sequential.keras").toFile());
			ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file)))
		{
			out.putNextEntry(new ZipEntry(Keras3Files.CONFIG));
			out.write(source.getInputStream(source.getEntry(Keras3Files.CONFIG)).readAllBytes());
			out.closeEntry();
		}
		final ModelException e = assertThrows(ModelException.class, () -> KerasNetworks.open(
			file));
		assertTrue(e.getMessage().startsWith(file + " holds no model.weights.h5"), e.getMessage());
		assertOneLine(e);
	}

	@Test
	void aDotKerasWhoseWeightsHoldASoftLinkIsRefusedNamingTheDotKerasFile() throws IOException {
		final Path weights = CraftedKeras.softLink(tmp.resolve("soft.h5"));
		final Path file = tmp.resolve("soft.keras");
		try (ZipFile source = new ZipFile(KERAS.resolve("keras3-sequential.keras").toFile());
			ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file)))
		{
			out.putNextEntry(new ZipEntry(Keras3Files.CONFIG));
			out.write(source.getInputStream(source.getEntry(Keras3Files.CONFIG)).readAllBytes());
			out.putNextEntry(new ZipEntry(Keras3Files.WEIGHTS));
			out.write(Files.readAllBytes(weights));
			out.closeEntry();
		}
		final ModelException e = assertThrows(ModelException.class, () -> KerasNetworks.open(
			file));
		assertTrue(e.getMessage().startsWith(file + "'s model.weights.h5: /model_weights/dense is " +
			"a soft link"), e.getMessage());
		assertOneLine(e);
	}

	@Test
	void aDotKerasWhoseConfigurationInflatesPastTheBoundIsRefusedWhileInflating()
		throws IOException
	{
		final Path file = tmp.resolve("bomb.keras");
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
			out.putNextEntry(new ZipEntry(Keras3Files.CONFIG));
			final byte[] spaces = " ".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
			for (int i = 0; i < 65; i++) out.write(spaces);
			out.closeEntry();
		}
		assertTrue(Files.size(file) < 1 << 20);
		final ModelException e = assertThrows(ModelException.class, () -> KerasNetworks.open(
			file));
		assertTrue(e.getMessage().startsWith(file + ": its config.json holds more than 64 MB"), e
			.getMessage());
	}

	@Test
	void aDotKerasThatIsNoZipIsRefusedInOneLine() throws IOException {
		final Path file = tmp.resolve("broken.keras");
		try (OutputStream out = Files.newOutputStream(file)) {
			out.write(new byte[] { 'P', 'K', 3, 4, 0, 0, 0 });
		}
		final ModelException e = assertThrows(ModelException.class, () -> KerasNetworks.open(
			file));
		assertTrue(e.getMessage().startsWith(file + " is not a Keras 3 .keras file"), e
			.getMessage());
		assertOneLine(e);
	}

	@Test
	void keras3sFunctionalNodesBecomeKeras2sLists() {
		final JsonObject tree = JsonParser.parseString("{\"class_name\": \"Functional\", " +
			"\"config\": {\"layers\": [{\"class_name\": \"Add\", \"name\": \"add\", \"config\": " +
			"{\"name\": \"add\", \"dtype\": {\"module\": \"keras\", \"class_name\": " +
			"\"DTypePolicy\", \"config\": {\"name\": \"float32\"}}}, \"inbound_nodes\": " +
			"[{\"args\": [[{\"class_name\": \"__keras_tensor__\", \"config\": {\"keras_history\": " +
			"[\"a\", 0, 0]}}, {\"class_name\": \"__keras_tensor__\", \"config\": " +
			"{\"keras_history\": [\"b\", 0, 1]}}]], \"kwargs\": {}}]}], \"input_layers\": " +
			"[\"a\", 0, 0], \"output_layers\": [[\"add\", 0, 0]]}}").getAsJsonObject();
		final JsonObject keras2 = Keras3Config.keras2(tree);
		final JsonObject add = keras2.getAsJsonObject("config").getAsJsonArray("layers").get(0)
			.getAsJsonObject();
		assertEquals("[[[\"a\",0,0,{}],[\"b\",0,1,{}]]]", add.get("inbound_nodes").toString());
		assertEquals("float32", add.getAsJsonObject("config").get("dtype").getAsString());
		assertEquals("[[\"a\",0,0]]", keras2.getAsJsonObject("config").get("input_layers")
			.toString());
		assertEquals("[[\"add\",0,0]]", keras2.getAsJsonObject("config").get("output_layers")
			.toString());
		assertTrue(keras2.get("keras_version").getAsString().startsWith("2."));
	}

	@Test
	void aDotKerasKeepsEachLayersWeightsUnderItsClassNotItsName() {
		assertEquals("max_pooling2d", Keras3Config.snake("MaxPooling2D"));
		assertEquals("re_lu", Keras3Config.snake("ReLU"));
		assertEquals("batch_normalization", Keras3Config.snake("BatchNormalization"));
		final JsonObject tree = JsonParser.parseString("{\"class_name\": \"Sequential\", " +
			"\"config\": {\"layers\": [{\"class_name\": \"Conv2D\", \"config\": {\"name\": " +
			"\"conv2d_8\"}}, {\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_3\"}}, " +
			"{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"conv2d_9\"}}]}}")
			.getAsJsonObject();
		assertEquals(java.util.Map.of("conv2d_8", "conv2d", "dense_3", "dense", "conv2d_9",
			"conv2d_1"), Keras3Config.groups(tree));
	}

	private static void assertOneLine(final ModelException e) {
		assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("bug") || e
			.getMessage().contains("file an issue") || e.getMessage().contains(".."), e.getMessage());
	}
}
