package io.github.cnnclassifier.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.engine.Runner;
import io.github.cnnclassifier.engine.Runners;
import io.github.cnnclassifier.model.ChannelsLastInput;
import io.github.cnnclassifier.model.Networks;
import io.github.cnnclassifier.tensor.InputShape;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Channels-last networks (Keras's, as DL4J imports them) converted to
 * channels first compute what they computed, and then run on the vector engine.
 */
class ChannelsFirstTest {

	@ParameterizedTest
	@ValueSource(strings = { "sequential", "functional", "gap-end" })
	void aChannelsLastKerasFixtureConvertedComputesWhatItsImportComputes(final String name)
		throws Exception
	{
		final Path h5 = KerasNetworksTest.KERAS.resolve(name + ".h5");
		final ComputationGraph imported = name.equals("sequential") ? Networks.toGraph(
			KerasModelImport.importKerasSequentialModelAndWeights(h5.toString(), false))
			: KerasModelImport.importKerasModelAndWeights(h5.toString(), false);
		assertSameOutputs(imported, converted(imported), KerasNetworks.open(h5).input(), Map.of());
	}

	@ParameterizedTest
	@ValueSource(strings = { "sequential", "functional", "gap-end" })
	void aChannelsLastKerasBaseWithANewHeadRunsOnTheVectorEngine(final String name) {
		final BaseNetwork base = KerasNetworks.open(KerasNetworksTest.KERAS.resolve(name + ".h5"));
		final Heads.Transfer t = Heads.replace(base.network(), base.input(), 2, "", new Sgd(0.01),
			new Sgd(0.01), 0, 1, null);
		try (Runner runner = Runners.of(t.network(), base.input())) {
			assertTrue(runner.description().startsWith("vector engine"), runner.description());
		}
	}

	/**
	 * Every layer kind the conversion knows, channels last with random
	 * weights (DL4J's own, not Keras's), computes the same channels first:
	 * so each keeps its parameters' layout.
	 */
	@Test
	void everyLayerKindItConvertsComputesTheSameChannelsFirst() {
		final CNN2DFormat f = CNN2DFormat.NHWC;
		final ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(5)
			.dataType(DataType.FLOAT).updater(new Sgd(0.1)).convolutionMode(ConvolutionMode.Same)
			.graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(9, 10, 3, f))
			.addLayer("pad", new ZeroPaddingLayer.Builder(1, 0, 2, 1).dataFormat(f).build(), "in")
			.addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(5).stride(2, 1).dataFormat(f)
				.activation(Activation.RELU).build(), "pad")
			.addLayer("bn", new BatchNormalization.Builder().dataFormat(f).build(), "conv")
			.addLayer("depthwise", new DepthwiseConvolution2D.Builder(3, 3).depthMultiplier(2)
				.dataFormat(f).build(), "bn")
			.addLayer("separable", new SeparableConvolution2D.Builder(3, 3).nOut(5).dataFormat(f)
				.build(), "depthwise")
			.addVertex("concat", new MergeVertex(), "bn", "separable")
			.addLayer("pool", new SubsamplingLayer.Builder(PoolingType.AVG, new int[] { 2, 2 })
				.dataFormat(f).build(), "concat")
			.addLayer("up", new Upsampling2D.Builder(2).dataFormat(f).build(), "pool")
			.addLayer("crop", new Cropping2D.Builder(1, 0, 0, 1).dataFormat(f).build(), "up")
			.addLayer("act", new ActivationLayer(Activation.TANH), "crop")
			// NB: a flatten (5 x 13 x 10) as Keras's import writes one, then a layer before the dense.
			.addVertex("flatten", new PreprocessorVertex(new CnnToFeedForwardPreProcessor(5, 13, 10,
				f)), "act")
			.addLayer("drop", new DropoutLayer(0.5), "flatten")
			.addLayer("dense", new DenseLayer.Builder().nOut(7).activation(Activation.TANH).build(),
				"drop")
			.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).poolingDimensions(1, 2)
				.build(), "act")
			.addLayer("gapDense", new DenseLayer.Builder().nOut(7).build(), "gap")
			.addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "dense", "gapDense")
			.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4)
				.activation(Activation.SOFTMAX).build(), "sum")
			.setOutputs("out").build();
		final ComputationGraph nhwc = new ComputationGraph(conf);
		nhwc.init();
		// NB: batch-norm statistics other than 0 and 1, so that a wrong axis shows.
		nhwc.getLayer("bn").setParam("mean", Nd4j.rand(DataType.FLOAT, 1, 5));
		nhwc.getLayer("bn").setParam("var", Nd4j.rand(DataType.FLOAT, 1, 5).addi(0.5));
		final InputShape flat = new InputShape(5, 13, 10);
		assertSameOutputs(nhwc, converted(nhwc), new InputShape(9, 10, 3), Map.of("flatten",
			flat, "drop", flat));
	}

	/** Keras's Concatenate imports with its axis (-1 by default, or 3); DL4J's default is 1. */
	@ParameterizedTest
	@ValueSource(ints = { 1, 3, -1 })
	void aConcatenationOfChannelsByAnyOfItsAxisNumbersComputesTheSameConverted(final int axis) {
		final CNN2DFormat f = CNN2DFormat.NHWC;
		final MergeVertex concat = new MergeVertex();
		concat.setMergeAxis(axis);
		final ComputationGraph nhwc = new ComputationGraph(new NeuralNetConfiguration.Builder()
			.seed(4).dataType(DataType.FLOAT).graphBuilder().addInputs("in").setInputTypes(
				InputType.convolutional(5, 7, 2, f))
			.addLayer("a", new ConvolutionLayer.Builder(3, 3).nOut(3).dataFormat(f).build(), "in")
			.addLayer("b", new ConvolutionLayer.Builder(1, 1).nOut(4).dataFormat(f).build(), "a")
			.addVertex("concat", concat, "a", "b")
			.addLayer("c", new ConvolutionLayer.Builder(1, 1).nOut(2).dataFormat(f).build(), "concat")
			.addVertex("flatten", new PreprocessorVertex(new CnnToFeedForwardPreProcessor(3, 5, 2,
				f)), "c")
			.addLayer("out", new OutputLayer.Builder().nOut(3).activation(Activation.SOFTMAX)
				.build(), "flatten")
			.setOutputs("out").build());
		nhwc.init();
		assertSameOutputs(nhwc, converted(nhwc), new InputShape(5, 7, 2), Map.of("flatten",
			new InputShape(3, 5, 2)));
	}

	@Test
	void aTransposedConvolutionWhoseConversionIsUntestedIsNamed() {
		final CNN2DFormat f = CNN2DFormat.NHWC;
		final ComputationGraph nhwc = new ComputationGraph(new NeuralNetConfiguration.Builder()
			.graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(4, 4, 2, f))
			.addLayer("up", new Deconvolution2D.Builder(2, 2).stride(2, 2).nOut(3).dataFormat(f)
				.build(), "in")
			.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).poolingDimensions(1, 2)
				.build(), "up")
			.addLayer("out", new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX)
				.build(), "gap")
			.setOutputs("out").build());
		nhwc.init();
		assertEquals("vertex up (Deconvolution2D)", assertThrows(IllegalArgumentException.class,
			() -> ChannelsFirst.of(nhwc.getConfiguration())).getMessage());
	}

	@Test
	void aLayerItDoesNotKnowIsNamedOnceAndTheNetworkStaysAsItWas() {
		final ComputationGraph nhwc = unconvertible(null);
		final List<String> log = new ArrayList<>();
		final String before = nhwc.getConfiguration().toJson();
		assertNull(ChannelsFirst.wherePossible(nhwc.getConfiguration(), Path.of("dir", "lrn.h5"),
			log::add));
		assertEquals(before, nhwc.getConfiguration().toJson());
		assertEquals(List.of("lrn.h5 computes channels last, on Deeplearning4j's layers (slower " +
			"than the vector engine): there is no channels-first form of its vertex lrn " +
			"(LocalResponseNormalization)."), log);
	}

	@Test
	void aKerasFileWithALayerWithoutAChannelsFirstFormStaysChannelsLastAndSaysWhyOnce(
		@TempDir final Path tmp) throws Exception
	{
		final Path file = CraftedKeras.spatialDropout(tmp.resolve("spatial.h5"));
		final List<String> log = new ArrayList<>();
		final BaseNetwork base = KerasNetworks.open(file, log::add);
		assertEquals(List.of("spatial.h5 computes channels last, on Deeplearning4j's layers " +
			"(slower than the vector engine): there is no channels-first form of its layer " +
			"activation (dropout SpatialDropout)."), log);
		final Heads.Transfer t = Heads.replace(base.network(), base.input(), 2, "", new Sgd(0.01),
			new Sgd(0.01), 0, 1, null);
		try (Runner runner = Runners.of(t.network(), base.input())) {
			assertTrue(runner.description().startsWith("DL4J layers"), runner.description());
			assertEquals(2 * 2, runner.output(new float[2 * base.input().size()], 2).length);
		}
	}

	@Test
	void aBaseThatStaysChannelsLastGetsAHeadThatPoolsOverHeightAndWidth() {
		final InputShape shape = new InputShape(6, 6, 2);
		final Heads.Transfer t = Heads.replace(unconvertible(new ChannelsLastInput()), shape, 2, "", new Sgd(0.01),
			new Sgd(0.01), 0, 1, null);
		assertEquals(List.of(Heads.POOL, "fc_softmax"), t.head());
		final float[] x = new float[2 * shape.size()];
		for (int i = 0; i < x.length; i++) x[i] = (i * 37 % 101) / 50f - 1;
		try (Runner runner = Runners.of(t.network(), shape)) {
			// NB: the features (4 x 4 x 3, channels last) averaged over height and width: 3 each.
			final float[] features = runner.activations("lrn", x.clone(), 2);
			final float[] pooled = runner.activations(Heads.POOL, x.clone(), 2);
			assertEquals(2 * 3, pooled.length);
			for (int i = 0; i < 2; i++) {
				for (int k = 0; k < 3; k++) {
					double mean = 0;
					for (int p = 0; p < 16; p++) mean += features[i * 48 + p * 3 + k] / 16.0;
					assertEquals(mean, pooled[i * 3 + k], 1e-5, "image " + i + ", channel " + k);
				}
			}
		}
	}

	/**
	 * {@code nhwc} converted as the import converts a network: its configuration,
	 * then its parameters reordered.
	 */
	private static ComputationGraph converted(final ComputationGraph nhwc) {
		final ChannelsFirst.Conversion conversion = ChannelsFirst.of(nhwc.getConfiguration());
		final ComputationGraph nchw = new ComputationGraph(conversion.conf());
		nchw.init(nhwc.params().dup(), false);
		conversion.reorder(nchw);
		return nchw;
	}

	/**
	 * A channels-last network with a layer the conversion does not know,
	 * ending as Keras's SqueezeNet does (1x1 convolution, global pooling, softmax).
	 *
	 * @param input what its first layer takes the input through (null: channels last as it is)
	 */
	private static ComputationGraph unconvertible(final InputPreProcessor input) {
		final CNN2DFormat f = CNN2DFormat.NHWC;
		final ComputationGraph nhwc = new ComputationGraph(new NeuralNetConfiguration.Builder()
			.seed(3).graphBuilder().addInputs("in")
			.addLayer("conv", new ConvolutionLayer.Builder(3, 3).nIn(2).nOut(3).dataFormat(f)
				.activation(Activation.RELU).build(), input, "in")
			.addLayer("lrn", new LocalResponseNormalization.Builder().dataFormat(f).build(), "conv")
			.addLayer("scores", new ConvolutionLayer.Builder(1, 1).nIn(3).nOut(2).dataFormat(f)
				.build(), "lrn")
			.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).poolingDimensions(1, 2)
				.build(), "scores")
			.addLayer("softmax", new ActivationLayer(Activation.SOFTMAX), "gap")
			.setOutputs("softmax").build());
		nhwc.init();
		return nhwc;
	}

	/**
	 * Every vertex of {@code nhwc} and {@code nchw} gives the same values for
	 * the same random images (images channels last in one, first in the other).
	 *
	 * @param flattened the vertices that hold flattened images, each of its shape
	 */
	private static void assertSameOutputs(final ComputationGraph nhwc, final ComputationGraph nchw,
		final InputShape shape, final Map<String, InputShape> flattened)
	{
		Nd4j.getRandom().setSeed(11);
		final INDArray x = Nd4j.rand(DataType.FLOAT, 3, shape.channels(), shape.height(), shape
			.width()).muli(2).subi(1);
		final Map<String, INDArray> expected = nhwc.feedForward(x.permute(0, 2, 3, 1).dup('c'),
			false);
		final Map<String, INDArray> actual = nchw.feedForward(x.dup('c'), false);
		assertEquals(expected.keySet(), actual.keySet());
		for (final String v : expected.keySet()) {
			final InputShape f = flattened.get(v);
			final INDArray e = f != null ? expected.get(v).reshape('c', 3, f.height(), f.width(), f
				.channels()).permute(0, 3, 1, 2).reshape('c', 3, f.size()) : expected.get(v)
					.rank() == 4 ? expected.get(v).permute(0, 3, 1, 2) : expected.get(v);
			assertArrayEquals(e.shape(), actual.get(v).shape(), v);
			final float[] want = e.dup('c').data().asFloat(), got = actual.get(v).dup('c').data()
				.asFloat();
			for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-5, v + " " + i);
		}
	}
}
