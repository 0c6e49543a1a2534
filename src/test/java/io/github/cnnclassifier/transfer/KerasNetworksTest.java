package io.github.cnnclassifier.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.DatasetReader;
import io.github.cnnclassifier.data.ImageDataset;
import io.github.cnnclassifier.data.LabelledFolder;
import io.github.cnnclassifier.engine.Runner;
import io.github.cnnclassifier.engine.Runners;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.model.TransferInfo;
import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.tensor.InputShape;
import io.github.cnnclassifier.train.TrainingMonitor;
import io.github.cnnclassifier.train.TrainingOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keras .h5 files (made by src/test/resources/keras/make_fixtures.py, which
 * writes Keras's layout with h5py and records what Keras computes) import
 * and predict as Keras does; files that are not models are refused in one line.
 */
class KerasNetworksTest {

	static final Path KERAS = Paths.get("src", "test", "resources", "keras");

	@TempDir
	Path tmp;

	@ParameterizedTest
	@ValueSource(strings = { "sequential", "functional", "gap-end", "flat-input" })
	void importsAndPredictsAsKerasDoes(final String name) throws IOException {
		final BaseNetwork base = KerasNetworks.open(KERAS.resolve(name + ".h5"));
		assertEquals("keras", base.source());
		assertEquals(BaseNetworks.sha256(KERAS.resolve(name + ".h5")), base.sha256());
		assertPredictsAsRecorded(base, KERAS.resolve(name + ".json"));
	}

	@ParameterizedTest
	@CsvSource({ "sequential, dense, 'conv2d,conv2d_1'", "functional, global_average_pooling2d, " +
		"'conv2d,batch_normalization,conv2d_1'", "flat-input, dense, dense" })
	void aKerasNetworkTransfersSavesAndClassifiesAsTrained(final String name,
		final String feature, final String frozenWithWeights) throws IOException
	{
		final Path file = tmp.resolve(name + ".zip");
		final Path h5 = KERAS.resolve(name + ".h5");
		final BaseNetwork base = KerasNetworks.open(h5);
		final ModelBundle m = new TransferTrainer(TrainingOptions.builder().maxEpochs(2)
			.miniBatchSize(16).initialLearnRate(0.01).seed(3).build(), TransferOptions.of(h5
				.toString()).normalizing("data").freezing("").pace(1, 0), TrainingMonitor.SILENT).train(
					TestModels.CELLS, null, file);
		final TransferInfo info = m.metadata().transfer();
		assertEquals("keras", info.source());
		assertEquals(feature, info.featureLayer());
		assertTrue(info.featureCache());
		assertEquals(base.input(), m.inputShape());
		for (final String layer : frozenWithWeights.split(",")) {
			assertEquals(base.network().getLayer(layer).params(), m.network().getLayer(layer)
				.params(), layer);
		}
		final ModelBundle loaded = ModelIO.load(file);
		final ImageDataset cells = new DatasetReader(m.inputShape(), m.labels(), BadFiles.STOP)
			.read(LabelledFolder.scan(TestModels.CELLS).images(), done -> {});
		final int size = m.inputShape().size();
		final float[] x = new float[6 * size];
		for (int i = 0; i < 6; i++) cells.fill(i * 11, x, i * size);
		try (Classifier now = new Classifier(m); Classifier later = new Classifier(loaded)) {
			assertArrayEquals(now.probabilities(x.clone(), 6), later.probabilities(x.clone(), 6),
				1e-6f);
		}
	}

	@Test
	void aChannelsLastBaseEndingInGlobalPoolingGetsAHeadThatPoolsOverHeightAndWidth() {
		final Path h5 = KERAS.resolve("gap-end.h5");
		final ModelBundle m = new TransferTrainer(TrainingOptions.builder().maxEpochs(1)
			.miniBatchSize(16).seed(3).build(), TransferOptions.of(h5.toString()).normalizing("data")
				.pace(1, 0), TrainingMonitor.SILENT).train(TestModels.CELLS, null, null);
		assertEquals(java.util.List.of(Heads.POOL, "fc_softmax"), m.metadata().transfer().head());
		final InputShape shape = m.inputShape();
		final float[] x = new float[2 * shape.size()];
		for (int i = 0; i < x.length; i++) x[i] = (i * 37 % 101) / 50f - 1;
		try (Runner runner = Runners.of(m.network(), shape)) {
			// NB: the features (5 x 8 x 8: channels first once imported) averaged over height and width.
			final float[] features = runner.activations("conv2d", x.clone(), 2);
			final float[] pooled = runner.activations(Heads.POOL, x.clone(), 2);
			assertEquals(2 * 5, pooled.length);
			for (int i = 0; i < 2; i++) {
				for (int k = 0; k < 5; k++) {
					double mean = 0;
					for (int p = 0; p < 64; p++) mean += features[i * 320 + k * 64 + p] / 64.0;
					assertEquals(mean, pooled[i * 5 + k], 1e-5, "image " + i + ", channel " + k);
				}
			}
		}
	}

	@Test
	void aFileThatIsNotHdf5IsRefusedBeforeHdf5ReadsIt() throws IOException {
		final Path fake = Files.writeString(tmp.resolve("model.h5"), "not a model");
		final ModelException e = assertThrows(ModelException.class, () -> KerasNetworks.open(
			fake));
		assertTrue(e.getMessage().contains(fake + " is not a Keras model: it is not an HDF5 " +
			"file"), e.getMessage());
	}

	@Test
	void weightsWithoutAModelAreRefusedWithWhatToDo() {
		final Path file = KERAS.resolve("weights-only.h5");
		final ModelException e = assertThrows(ModelException.class, () -> KerasNetworks.open(
			file));
		assertTrue(e.getMessage().contains("only weights") && e.getMessage().contains(
			"model.save"), e.getMessage());
	}

	@Test
	void weightsTheFileCannotHoldAreRefusedBeforeAnythingIsAllocated() {
		final Path file = KERAS.resolve("lying.h5");
		final ModelException e = assertThrows(ModelException.class, () -> KerasNetworks.open(
			file));
		assertTrue(e.getMessage().contains("declares 40000000") && e.getMessage().contains(
			"damaged or crafted"), e.getMessage());
		assertFalse(e.getMessage().contains("\n"));
	}

	@Test
	void aSequentialFileOfKeras21WithTheLayerListDirectlyInConfigImports() throws IOException {
		final BaseNetwork current = KerasNetworks.open(CraftedKeras.SEQUENTIAL);
		final BaseNetwork old = KerasNetworks.open(CraftedKeras.layerListSequential(tmp.resolve(
			"keras-2.1.h5")));
		assertEquals(current.input(), old.input());
		assertEquals(current.network().params(), old.network().params());
	}

	@Test
	void anH5FileWithKeras3sBatchShapeImportsAsTheKeras2FileDoes() throws IOException {
		final BaseNetwork keras2 = KerasNetworks.open(CraftedKeras.FUNCTIONAL);
		final BaseNetwork keras3 = KerasNetworks.open(CraftedKeras.keras3(tmp.resolve(
			"keras3.h5")));
		assertEquals(keras2.input(), keras3.input());
		assertEquals(keras2.network().params(), keras3.network().params());
	}

	@Test
	void deeplearning4jsRequestToFileAnIssueIsNotPassedOn() {
		assertEquals("Unsupported keras layer type Foo", KerasNetworks.reason(new RuntimeException(
			"Unsupported keras layer type Foo. Please file an issue at " +
				"https://github.com/eclipse/deeplearning4j/issues.")));
		assertEquals("Invalid input shape", KerasNetworks.reason(new IllegalStateException(
			"Invalid input shape. This is a bug, see\nmore")));
	}

	@Test
	void aChannelsFirstModelThatCannotImportIsRefusedInOneLineNamingTheFile() throws IOException {
		final Path file = CraftedKeras.channelsFirst(tmp.resolve("theano.h5"));
		final ModelException e = assertThrows(ModelException.class, () -> KerasNetworks.open(
			file));
		assertTrue(e.getMessage().startsWith("Deeplearning4j cannot import the Keras model " +
			file + ": "), e.getMessage());
		assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("bug") || e
			.getMessage().contains("issue") || e.getMessage().contains(".."), e.getMessage());
	}

	/**
	 * Fails unless {@code base} gives the outputs recorded in {@code json} for
	 * its inputs (recorded NHWC), within 1e-5.
	 */
	static void assertPredictsAsRecorded(final BaseNetwork base, final Path json)
		throws IOException
	{
		final JsonObject recorded = JsonParser.parseString(Files.readString(json,
			StandardCharsets.UTF_8)).getAsJsonObject();
		final JsonArray hwc = recorded.getAsJsonArray("input_nhwc");
		final InputShape shape = new InputShape(hwc.get(0).getAsInt(), hwc.get(1).getAsInt(), hwc
			.get(2).getAsInt());
		assertEquals(shape, base.input());
		final JsonArray inputs = recorded.getAsJsonArray("inputs");
		final JsonArray outputs = recorded.getAsJsonArray("outputs");
		final int n = inputs.size(), size = shape.size();
		final int h = shape.height(), w = shape.width(), c = shape.channels();
		// NB: recorded as NHWC (Keras's layout); our networks take NCHW.
		final float[] x = new float[n * size];
		for (int i = 0; i < n; i++) {
			final JsonArray values = inputs.get(i).getAsJsonArray();
			for (int y = 0; y < h; y++) {
				for (int xx = 0; xx < w; xx++) {
					for (int k = 0; k < c; k++) {
						x[i * size + k * h * w + y * w + xx] = values.get((y * w + xx) * c + k)
							.getAsFloat();
					}
				}
			}
		}
		final String last = base.network().getConfiguration().getNetworkOutputs().get(0);
		try (Runner runner = Runners.of(base.network(), shape)) {
			final float[] p = runner.activations(last, x, n);
			final int classes = outputs.get(0).getAsJsonArray().size();
			assertEquals(n * classes, p.length);
			for (int i = 0; i < n; i++) {
				for (int k = 0; k < classes; k++) {
					assertEquals(outputs.get(i).getAsJsonArray().get(k).getAsDouble(), p[i * classes +
						k], 1e-5, json.getFileName() + " output " + i + "," + k);
				}
			}
		}
	}
}
