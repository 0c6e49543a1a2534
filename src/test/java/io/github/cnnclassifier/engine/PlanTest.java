package io.github.cnnclassifier.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.SgdMomentum;
import io.github.cnnclassifier.tensor.InputShape;

import java.util.List;
import java.util.Random;
import java.util.Set;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.GaussianDropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/** The engine computes what DL4J's layers compute, block kind by block kind, on the same weights. */
class PlanTest {

	private static final InputShape SMALL = new InputShape(12, 12, 2);
	private static final String NO_BN = "conv3x3x8 relu maxpool2 conv3x3x12 leakyrelu fc10 relu";
	private static final String LECTURE = "conv3x3x8 bn relu maxpool2 conv3x3x16 bn relu " +
		"maxpool2 conv3x3x32 bn relu";

	/** One spec per block kind and kernel path: fused and standalone stages, strides, residuals, dense, gap. */
	@ParameterizedTest
	@ValueSource(strings = { LECTURE,
		"conv3x3x20 bn leakyrelu avgpool2 conv5x5x24s2 bn relu",
		"conv1x1x8 relu conv3x3x8 bn relu gap fc16 bn relu fc12 leakyrelu",
		"conv3x3x8 bn relu res[conv3x3x8 bn relu conv3x3x8 bn] relu maxpool2 " +
			"res[conv3x3x16 bn relu conv3x3x16 bn] relu",
		"conv3x3x8s2 bn relu res[conv3x3x16s2 bn relu conv3x3x16 bn] relu",
		"maxpool3 conv3x3x8 bn maxpool2 relu",
		"conv3x3x40 bn relu conv3x3x48 relu avgpool3",
		"conv3x3x8 relu dropout0.5 fc8 relu" })
	void outputsAndOneStepMatchDl4j(final String spec) {
		final EngineReference r = new EngineReference(spec, SMALL);
		r.assertOutputsMatch(r.network(3), 2);
		// NB: dropout draws other masks than DL4J; dropoutZeroesItsShareAndScalesTheRest checks it.
		if (!spec.contains("dropout")) r.assertStepsMatch(3, 2, 1);
	}

	/**
	 * After training steps (so that batch norm's running statistics are not
	 * the initial ones), the plain loops give the vector kernels' values to the
	 * bit, on one thread and two.
	 */
	@ParameterizedTest
	@ValueSource(strings = { LECTURE, "conv3x3x20 bn leakyrelu avgpool2 conv5x5x24s2 bn relu",
		"conv1x1x8 relu conv3x3x8 bn relu gap fc16 bn relu fc12 leakyrelu",
		"conv3x3x8s2 bn relu res[conv3x3x16s2 bn relu conv3x3x16 bn] relu",
		"maxpool3 conv3x3x8 bn maxpool2 relu", "conv3x3x40 bn relu conv3x3x48 relu avgpool3",
		NO_BN })
	void thePlainLoopsGiveTheVectorKernelsValuesToTheBit(final String spec) {
		final EngineReference r = new EngineReference(spec, SMALL);
		for (final int threads : new int[] { 1, 2 }) {
			try (Plan plan = r.plan(r.network(5), threads)) {
				plan.optimizer(new Optimizer(plan.trainableParams(), 0));
				for (int s = 0; s < 3; s++) plan.fit(r.x.clone(), r.labels, r.n);
				final float[] vector = plan.output(r.x.clone(), r.n, false);
				assertArrayEquals(vector, plan.output(r.x.clone(), r.n, true), spec);
			}
		}
	}

	@Test
	void smallInferencesTakeThePlainLoopsUntilTheJvmHasInferredABillionOperations() {
		final EngineReference r = new EngineReference(LECTURE, new InputShape(28, 28, 1));
		try (Plan plan = r.plan(r.network(1), 1)) {
			// NB: one 28x28 image, as a macro's call classifies it, and a mini-batch of 128
			assertTrue(Plan.plain(plan.flops(), 0));
			assertFalse(Plan.plain(128 * plan.flops(), 0));
			assertTrue(Plan.plain(plan.flops(), 0.9e9));
			assertFalse(Plan.plain(plan.flops(), 1e9));
		}
	}

	@Test
	void aStepOnOneThreadMatchesToo() {
		new EngineReference(LECTURE, SMALL).assertStepsMatch(5, 1, 1);
	}

	@Test
	void threeStepsOfEveryUpdaterWithL2MatchDl4j() {
		new EngineReference(LECTURE, SMALL, 3, 12, new SgdMomentum(0.05, 0.9), 1e-3, null)
			.assertStepsMatch(4, 2, 3);
		for (final IUpdater u : List.of(new SgdMomentum(0.05, 0.9), new Adam(0.01),
			new RmsProp(0.005, 0.9, 1e-8), new Nesterovs(0.05, 0.9), new Sgd(0.1)))
		{
			// NB: no batch norm: the bias before it has no gradient but rounding noise, which
			// adam and rmsprop scale up to whole steps.
			new EngineReference(NO_BN + " # " + u, SMALL, 3, 12, u, 1e-3, null).assertStepsMatch(4,
				2, 3);
		}
	}

	@Test
	void classWeightsWeighTheLossAsDl4jDoes() {
		new EngineReference(LECTURE, SMALL, 3, 12, new SgdMomentum(0.05, 0.9), 0, new double[] {
			0.5, 2, 1 }).assertStepsMatch(6, 2, 2);
	}

	@Test
	void frozenLayersStayAsTheyAreAndTheRestTrainsAsInDl4j() {
		final EngineReference r = new EngineReference(LECTURE, SMALL);
		final ComputationGraph reference = frozen(r.network(8));
		final ComputationGraph fast = frozen(r.network(8));
		final INDArray before = fast.getLayer("conv_1").getParam("W").dup();
		final INDArray mean = fast.getLayer("bn_1").getParam("mean").dup();
		r.assertStepsMatch(reference, fast, 2, 2);
		assertEquals(before, fast.getLayer("conv_1").getParam("W"));
		assertEquals(mean, fast.getLayer("bn_1").getParam("mean"), "frozen batch norm statistics");
	}

	private static ComputationGraph frozen(final ComputationGraph net) {
		return new TransferLearning.GraphBuilder(net).setFeatureExtractor("relu_1").build();
	}

	@Test
	void activationsOfAnyLayerEqualDl4jsFeedForward() {
		final EngineReference r = new EngineReference("conv3x3x8 bn relu res[conv3x3x8 bn] relu " +
			"maxpool2 conv3x3x16 bn relu gap fc8", SMALL);
		final ComputationGraph net = r.network(9);
		final Runner reference = new Dl4jRunner(net, SMALL, null);
		try (Runner runner = new VectorRunner(net, SMALL, 2)) {
			for (final String layer : List.of("conv_1", "bn_1", "relu_1", "res_1", "relu_2",
				"maxpool_1", "conv_3", "gap_1", "fc_1", Architectures.HEAD))
			{
				assertArrayEquals(reference.activations(layer, r.x.clone(), r.n), runner.activations(
					layer, r.x.clone(), r.n), 1e-4f, layer);
			}
			final float[] conv1 = reference.activations("conv_1", r.x.clone(), r.n);
			assertEquals(r.n * 8 * 12 * 12, conv1.length, "NCHW values of conv_1");
		}
		catch (final PlanBuilder.Unsupported e) {
			throw new AssertionError(e);
		}
	}

	@Test
	void dropoutIsComputedNotSkipped() {
		final EngineReference r = new EngineReference("conv3x3x8 relu dropout0.25 fc8", SMALL);
		try (Plan plan = r.plan(r.network(2), 1)) {
			assertTrue(plan.blocks.stream().anyMatch(b -> b instanceof DropoutBlock && b.name()
				.equals("dropout_1")), plan.blocks.toString());
		}
		// a convolution's own dropout applies to its input
		final ComputationGraph net = graph(conv().dropOut(0.5).build());
		try (Plan plan = r.plan(net, 1)) {
			assertTrue(plan.blocks.get(0) instanceof DropoutBlock, plan.blocks.toString());
		}
	}

	@Test
	void dropoutZeroesItsShareAndScalesTheRest() {
		final Tensor in = new Tensor(0, "in", 4, 4, 16, Kernels.lanes(16));
		final Tensor out = new Tensor(1, "out", 4, 4, 16, Kernels.lanes(16));
		final DropoutBlock block = new DropoutBlock(List.of("dropout_1"), in, out, 0.75, 1);
		try (Workers workers = new Workers(2)) {
			final Batch batch = new Batch(workers, List.of(in, out), new boolean[] { true, true });
			batch.ensure(50);
			block.allocate(50);
			java.util.Arrays.fill(batch.act(in), 1);
			block.forward(batch, 50, true);
			int zeros = 0, kept = 0;
			for (int i = 0; i < 50; i++) {
				for (int p = 0; p < 16 * 16; p++) {
					final float v = batch.act(out)[out.at(i) + p];
					if (v == 0) zeros++;
					else {
						assertEquals(1 / 0.75f, v, 1e-6f);
						kept++;
					}
				}
			}
			assertEquals(0.25, (double) zeros / (zeros + kept), 0.02);
			java.util.Arrays.fill(batch.grad(out), 2);
			batch.newBackward();
			block.backward(batch, 50);
			for (int p = 0; p < 50 * 256; p++) {
				assertEquals(batch.act(out)[p] * 2, batch.grad(in)[p], 1e-6f, "the mask routes the gradient");
			}
			block.forward(batch, 50, false);
			assertArrayEquals(batch.act(in), batch.act(out), "inference passes values unchanged");
		}
	}

	@Test
	void settingsTheEngineDoesNotModelMakeItFallBackNamingTheLayer() {
		assertNull(PlanBuilder.unsupported(new EngineReference(LECTURE, SMALL).network(1), SMALL));
		final String noise = PlanBuilder.unsupported(graph(conv().weightNoise(new DropConnect(0.5))
			.build()), SMALL);
		assertTrue(noise != null && noise.contains("conv") && noise.contains("weight noise"),
			noise);
		final String gaussian = PlanBuilder.unsupported(graph(conv().dropOut(new GaussianDropout(0.5))
			.build()), SMALL);
		assertTrue(gaussian != null && gaussian.contains("GaussianDropout"), gaussian);
		final String schedule = PlanBuilder.unsupported(graph(conv().updater(new Adam(new ExponentialSchedule(
				ScheduleType.ITERATION, 0.01, 0.9))).build()), SMALL);
		assertTrue(schedule != null && schedule.contains("schedule"), schedule);
		final String dilated = PlanBuilder.unsupported(graph(conv().dilation(2, 2).build()), SMALL);
		assertTrue(dilated != null && dilated.contains("dilated"), dilated);
		try (Runner runner = Runners.of(graph(conv().weightNoise(new DropConnect(0.5)).build()),
			SMALL))
		{
			assertTrue(runner.description().startsWith("DL4J layers") && runner.description()
				.contains("weight noise"), runner.description());
		}
	}

	private static ConvolutionLayer.Builder conv() {
		return new ConvolutionLayer.Builder(3, 3).nOut(4).convolutionMode(ConvolutionMode.Same)
			.activation(Activation.IDENTITY);
	}

	/** {@code conv} (named "conv") and a softmax output on {@link #SMALL}. */
	private static ComputationGraph graph(final ConvolutionLayer conv) {
		final ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1)
			.updater(new SgdMomentum()).graphBuilder().addInputs("input").addLayer("conv", conv,
				"input").addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
					.nOut(3).activation(Activation.SOFTMAX).build(), "conv").setOutputs("out")
			.setInputTypes(InputType.convolutional(SMALL.height(), SMALL.width(), SMALL
				.channels())).build();
		final ComputationGraph net = new ComputationGraph(conf);
		net.init();
		return net;
	}

	@Test
	void exportWritesBackExactlyWhatWasImported() {
		final EngineReference r = new EngineReference("conv3x3x8 bn relu res[conv3x3x8 bn] gap " +
			"fc8 bn relu", SMALL);
		final ComputationGraph a = r.network(1), b = r.network(2);
		try (Plan plan = r.plan(a, 1)) {
			plan.exportTo(b);
		}
		assertArrayEquals(a.params().toFloatVector(), b.params().toFloatVector(), 1e-6f);
	}

	@Test
	void trainingLowersTheLoss() {
		final EngineReference r = new EngineReference(LECTURE, SMALL);
		try (Plan plan = r.plan(r.network(5), 2)) {
			plan.optimizer(new Optimizer(plan.trainableParams(), 0));
			final double first = plan.fit(r.x.clone(), r.labels, r.n)[0];
			double last = first;
			for (int i = 0; i < 30; i++) last = plan.fit(r.x.clone(), r.labels, r.n)[0];
			assertTrue(last < first / 4, first + " -> " + last);
			assertEquals(r.n, plan.fit(r.x.clone(), r.labels, r.n)[1], 1, "a batch it trained on");
		}
	}

	@Test
	void theOptimiserStateGoesIntoTheNetworkAndBack() {
		final EngineReference r = new EngineReference(NO_BN, SMALL, 3, 12, new Adam(0.01), 0,
			null);
		final ComputationGraph continuous = r.network(4), resumed = r.network(4);
		try (Runner a = Runners.of(continuous, SMALL)) {
			for (int i = 0; i < 4; i++) a.fit(r.x.clone(), r.labels, r.n, false);
		}
		try (Runner b = Runners.of(resumed, SMALL)) {
			for (int i = 0; i < 2; i++) b.fit(r.x.clone(), r.labels, r.n, false);
		}
		assertEquals(2, resumed.getConfiguration().getIterationCount());
		final ComputationGraph copy = resumed.clone();
		// NB: clone() forgets the count that a model file keeps (Adam's bias correction needs it).
		copy.getConfiguration().setIterationCount(2);
		try (Runner c = Runners.of(copy, SMALL)) {
			for (int i = 0; i < 2; i++) c.fit(r.x.clone(), r.labels, r.n, false);
		}
		assertArrayEquals(continuous.params().toFloatVector(), copy.params().toFloatVector(),
			1e-6f);
		assertNotNull(copy.getUpdater().getStateViewArray());
	}

	@Test
	void classScoreGradientsAgreeWithFiniteDifferences() throws PlanBuilder.Unsupported {
		final EngineReference r = new EngineReference("conv3x3x8 bn relu res[conv3x3x8 bn] relu " +
			"maxpool2 conv3x3x16s2 bn leakyrelu dropout0.5 fc8 relu", SMALL, 3, 2,
			new SgdMomentum(), 0, null);
		final ComputationGraph net = r.network(13);
		// NB: d log p_c / dx = g_c - sum_k p_k g_k, with g_k the gradient of logit k.
		final float[][] g = new float[3][];
		try (Runner runner = new VectorRunner(net, SMALL, 2)) {
			for (int k = 0; k < 3; k++) g[k] = runner.gradient("input", r.x.clone(), 2, new int[] { k,
				k })[1];
			final float[][] relu = runner.gradient("relu_2", r.x.clone(), 2, new int[] { 0, 1 });
			assertArrayEquals(runner.activations("relu_2", r.x.clone(), 2), relu[0], 1e-6f);
			assertTrue(java.util.Arrays.stream(box(relu[1])).anyMatch(v -> v != 0));
		}
		try (Plan plan = r.plan(net, 1)) {
			final float[] p = plan.output(r.x.clone(), 2);
			final Random random = new Random(3);
			for (int trial = 0; trial < 12; trial++) {
				final int j = random.nextInt(SMALL.size());
				final double analytic = g[0][j] - (p[0] * g[0][j] + p[1] * g[1][j] + p[2] * g[2][j]);
				final float[] up = r.x.clone(), down = r.x.clone();
				up[j] += 1e-2f;
				down[j] -= 1e-2f;
				final double numeric = (Math.log(plan.output(up, 2)[0]) - Math.log(plan.output(down,
					2)[0])) / 2e-2;
				assertEquals(numeric, analytic, 2e-3 + 2e-2 * Math.abs(numeric), "pixel " + j);
			}
		}
	}

	private static Float[] box(final float[] a) {
		final Float[] b = new Float[a.length];
		for (int i = 0; i < a.length; i++) b[i] = a[i];
		return b;
	}

	@Test
	void gradientsNeedTheEngine() {
		final EngineReference r = new EngineReference(LECTURE, SMALL);
		final IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(
			IllegalStateException.class, () -> new Dl4jRunner(r.network(1), SMALL,
				"layer x (Y)").gradient("conv_1", r.x, 1, new int[] { 0 }));
		assertTrue(e.getMessage().contains("occlusion"), e.getMessage());
	}

	@Test
	void aPlanKeepsTheOutputsItIsAskedFor() {
		final EngineReference r = new EngineReference(LECTURE, SMALL);
		try (Plan fused = r.plan(r.network(1), 1)) {
			assertTrue(fused.has("maxpool_1") && !fused.has("conv_1") && !fused.has("bn_2"));
		}
		try {
			try (Plan kept = PlanBuilder.build(r.network(1), SMALL, 1, Set.of("conv_1"))) {
				assertTrue(kept.has("conv_1") && kept.has("maxpool_1"));
			}
		}
		catch (final PlanBuilder.Unsupported e) {
			throw new AssertionError(e);
		}
	}
}
