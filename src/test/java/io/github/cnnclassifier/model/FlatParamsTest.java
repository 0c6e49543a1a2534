package io.github.cnnclassifier.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.tensor.InputShape;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The values {@link FlatParams} reads from a model file's flat vector are,
 * parameter by parameter, what DL4J's own {@code getParam} gives: the layout
 * it states is DL4J's, checked here against DL4J itself.
 */
class FlatParamsTest {

	private static final InputShape SHAPE = new InputShape(16, 16, 2);
	private static final List<String> KEYS = List.of("W", "b", "gamma", "beta", "mean", "var",
		"log10stdev");

	@TempDir
	Path tmp;

	/** Every preset, and the layers they lack: global pooling, dense, dropout, residual adds. */
	static Stream<String> specs() {
		final List<String> specs = new ArrayList<>(Architectures.names());
		specs.add("conv1x1x8 relu conv3x3x8 bn relu gap fc16 bn relu dropout0.5 fc12 leakyrelu");
		specs.add("conv3x3x8s2 bn relu res[conv3x3x8 bn relu conv3x3x8 bn] relu avgpool2 fc10");
		return specs.stream();
	}

	@ParameterizedTest
	@MethodSource("specs")
	void flatValuesAreDl4jsParamsOfEveryLayer(final String spec) {
		final ComputationGraph net = scrambled(new ComputationGraph(Architectures.build(
			Architectures.spec(spec), SHAPE, 3, new SgdMomentum(), 1e-4, 5, null)));
		assertSameParams(net, new FlatParams(net.getConfiguration(), net.params().data()
			.asFloat()));
	}

	@Test
	void batchNormWithAndWithoutLogStdAndWithLockedGammaBeta() {
		final ComputationGraph net = scrambled(new ComputationGraph(new NeuralNetConfiguration
			.Builder().graphBuilder().addInputs("in").addLayer("conv", new ConvolutionLayer.Builder(
				3, 3).nOut(4).hasBias(false).build(), "in").addLayer("log", new BatchNormalization
					.Builder().useLogStd(true).build(), "conv").addLayer("var", new BatchNormalization
						.Builder().useLogStd(false).build(), "log").addLayer("locked",
							new BatchNormalization.Builder().lockGammaBeta(true).build(), "var").addLayer(
								"out", new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
									LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX)
										.build(), "locked").setOutputs("out").setInputTypes(InputType
											.convolutional(6, 6, 2)).build()));
		final FlatParams flat = new FlatParams(net.getConfiguration(), net.params().data()
			.asFloat());
		assertSameParams(net, flat);
		assertNull(flat.values("conv", "b"));
		assertNull(flat.values("log", "var"));
		assertNull(flat.values("var", "log10stdev"));
		assertNull(flat.values("locked", "gamma"));
	}

	@Test
	void aTrainedModelReadFromItsFileHasItsNetworksValues() {
		final ModelBundle loaded = ModelIO.load(TestModels.digitsFile());
		final ParamSource flat = loaded.params();
		assertInstanceOf(FlatParams.class, flat, "a model read from a file holds its values");
		assertSameParams(TestModels.digits().network(), flat);
		assertSameParams(loaded.network(), flat);
	}

	@Test
	void aTransferredModelWithFrozenLayersAndANewHeadToo() {
		final ComputationGraph base = scrambled(new ComputationGraph(Architectures.build(
			Architectures.spec(Architectures.LECTURE_CNN), SHAPE, 3, new SgdMomentum(), 0, 5,
			null)));
		final ComputationGraph transferred = scrambled(new TransferLearning.GraphBuilder(base)
			.fineTuneConfiguration(new FineTuneConfiguration.Builder().build()).setFeatureExtractor(
				"maxpool_2").removeVertexKeepConnections(Architectures.HEAD).addLayer(
					Architectures.HEAD, Architectures.head(5, null).nIn(32).build(), "relu_3")
			.setOutputs(Architectures.HEAD).build());
		final Path file = tmp.resolve("transferred.zip");
		ModelIO.save(new ModelBundle(transferred, metadata(5)), file, true);
		final ModelBundle loaded = ModelIO.load(file);
		assertSameParams(transferred, loaded.params());
		assertSameParams(loaded.network(), new FlatParams(transferred.getConfiguration(),
			transferred.params().data().asFloat()));
	}

	@Test
	void aModelOfOldVersionsStoredAsAStackIsReadAsTheGraphOfItsLayers() throws IOException {
		final MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).list()
			.layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
			.layer(new BatchNormalization.Builder().build()).layer(new DenseLayer.Builder().nOut(6)
				.activation(Activation.RELU).build()).layer(Architectures.head(2, null).build())
			.setInputType(InputType.convolutional(8, 8, 1)).build();
		final MultiLayerNetwork stack = new MultiLayerNetwork(conf);
		stack.init();
		stack.setParams(Nd4j.rand(new long[] { 1, stack.numParams() }));
		final Path file = tmp.resolve("stack.zip");
		ModelSerializer.writeModel(stack, file.toFile(), false);
		try (FileSystem zip = FileSystems.newFileSystem(file, (ClassLoader) null)) {
			Files.write(zip.getPath(ModelIO.METADATA_ENTRY), ModelIO.toJson(new ModelMetadata(List
				.of("a", "b"), new InputShape(8, 8, 1), new Normalization(0, 1), "custom", 3))
				.getBytes(StandardCharsets.UTF_8));
		}
		final ModelBundle loaded = ModelIO.load(file);
		assertInstanceOf(FlatParams.class, loaded.params());
		final ComputationGraph graph = Networks.toGraph(stack);
		assertSameParams(graph, loaded.params());
		final INDArray x = Nd4j.rand(new long[] { 3, 1, 8, 8 });
		assertEquals(stack.output(x), loaded.network().outputSingle(x));
	}

	/** Every parameter of every layer of {@code net} equals {@code source}'s, and no other key is there. */
	static void assertSameParams(final ComputationGraph net, final ParamSource source) {
		final ParamSource dl4j = ParamSource.of(net);
		long values = 0;
		for (final String name : net.getConfiguration().getVertices().keySet()) {
			final Layer layer = net.getLayer(name);
			if (layer == null) continue;
			final Map<String, INDArray> table = layer.paramTable();
			for (final String key : KEYS) {
				if (!table.containsKey(key)) {
					assertNull(source.values(name, key), name + " " + key);
					continue;
				}
				final float[] expected = dl4j.values(name, key);
				assertArrayEquals(expected, source.values(name, key), name + " " + key);
				values += expected.length;
			}
		}
		assertEquals(net.numParams(), values, "every parameter compared");
	}

	/** {@code net} initialised with distinct values everywhere (statistics included). */
	private static ComputationGraph scrambled(final ComputationGraph net) {
		if (net.params() == null || net.params().isEmpty()) net.init();
		final float[] v = new float[(int) net.numParams()];
		for (int i = 0; i < v.length; i++) v[i] = 0.5f + i * 1e-3f;
		net.setParams(Nd4j.create(v, new long[] { 1, v.length }, 'c'));
		return net;
	}

	private static ModelMetadata metadata(final int classes) {
		final List<String> labels = new ArrayList<>();
		for (int k = 0; k < classes; k++) labels.add("c" + k);
		return new ModelMetadata(labels, SHAPE, new Normalization(0, 1), "custom", 5);
	}
}
