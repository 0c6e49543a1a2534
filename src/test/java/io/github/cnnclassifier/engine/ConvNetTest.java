package io.github.cnnclassifier.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.DatasetReader;
import io.github.cnnclassifier.data.ImageDataset;
import io.github.cnnclassifier.data.LabelledFolder;
import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.Nd4jBackend;
import io.github.cnnclassifier.model.SgdMomentum;
import io.github.cnnclassifier.tensor.InputShape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The vector engine computes what DL4J's layers compute, on the same weights. */
class ConvNetTest {

	private static final InputShape SHAPE = new InputShape(28, 28, 1);
	private static float[] x;
	private static int[] labels;
	private static final int N = 48;

	@BeforeAll
	static void readDigits() {
		final LabelledFolder folder = LabelledFolder.scan(TestModels.DIGITS);
		final List<io.github.cnnclassifier.data.LabelledImage> some = new ArrayList<>(folder
			.images());
		Collections.shuffle(some, new java.util.Random(3));
		final ImageDataset data = new DatasetReader(SHAPE, folder.labels(), BadFiles.STOP).read(
			some.subList(0, N), done -> {});
		x = new float[N * SHAPE.size()];
		labels = new int[N];
		for (int i = 0; i < N; i++) {
			data.fill(i, x, i * SHAPE.size());
			labels[i] = data.label(i);
		}
		for (int i = 0; i < x.length; i++) x[i] = (x[i] - 40) / 80;
	}

	@Test
	void theOutputMatchesDl4jOnATrainedModel() {
		final ModelBundle model = TestModels.digits();
		try (ConvNet engine = ConvNet.of(model.network(), SHAPE, 2)) {
			final float[] fast = engine.output(x.clone(), N);
			final float[] reference = model.network().output(Nd4j.create(x.clone(), new long[] { N,
				1, 28, 28 }, 'c'), false).dup('c').data().asFloat();
			assertArrayEquals(reference, fast, 1e-4f);
		}
	}

	@Test
	void oneTrainingStepMatchesDl4j() {
		assertStepMatches(2, 0.01, 1e-4);
	}

	@Test
	void oneTrainingStepMatchesDl4jOnOneThreadToo() {
		assertStepMatches(1, 0.05, 0);
	}

	@Test
	void exportWritesBackExactlyWhatWasImported() {
		final MultiLayerNetwork a = fresh(1);
		final MultiLayerNetwork b = fresh(2);
		try (ConvNet engine = ConvNet.of(a, SHAPE, 1)) {
			engine.exportTo(b);
		}
		assertArrayEquals(a.params().toFloatVector(), b.params().toFloatVector(), 1e-7f);
	}

	@Test
	void trainingLowersTheLoss() {
		final MultiLayerNetwork net = fresh(5);
		try (ConvNet engine = ConvNet.of(net, SHAPE, 2)) {
			engine.optimizer(Optimizer.Rule.SGDM, 0.01, 0.9, 0);
			final double first = engine.fit(x.clone(), labels, N)[0];
			double last = first;
			for (int i = 0; i < 30; i++) last = engine.fit(x.clone(), labels, N)[0];
			assertTrue(last < first / 4, first + " -> " + last);
			final double hits = engine.fit(x.clone(), labels, N)[1];
			assertEquals(N, hits, 2, "a batch it trained on");
		}
	}

	/** Parameters and running statistics after one step of DL4J and of the engine. */
	private static void assertStepMatches(final int threads, final double rate,
		final double l2)
	{
		final MultiLayerNetwork reference = fresh(7, rate, l2);
		final MultiLayerNetwork fast = fresh(7, rate, l2);
		assertArrayEquals(reference.params().toFloatVector(), fast.params().toFloatVector());
		final float[] y = new float[N * 10];
		for (int i = 0; i < N; i++) y[i * 10 + labels[i]] = 1;
		reference.fit(new DataSet(Nd4j.create(x.clone(), new long[] { N, 1, 28, 28 }, 'c'), Nd4j
			.create(y, new long[] { N, 10 }, 'c')));
		try (ConvNet engine = ConvNet.of(fast, SHAPE, threads)) {
			engine.optimizer(Optimizer.Rule.SGDM, rate, 0.9, l2);
			engine.fit(x.clone(), labels, N);
			engine.exportTo(fast);
		}
		final float[] r = reference.params().toFloatVector();
		final float[] f = fast.params().toFloatVector();
		final float[] before = fresh(7, rate, l2).params().toFloatVector();
		double maxDiff = 0, maxStep = 0;
		for (int i = 0; i < r.length; i++) {
			maxDiff = Math.max(maxDiff, Math.abs(r[i] - f[i]));
			maxStep = Math.max(maxStep, Math.abs(r[i] - before[i]));
		}
		assertTrue(maxStep > 1e-4, "the step moved the parameters: " + maxStep);
		assertTrue(maxDiff < 1e-5 + 1e-3 * maxStep, "max difference " + maxDiff +
			" for steps up to " + maxStep);
		assertFalse(Double.isNaN(maxDiff));
	}

	private static MultiLayerNetwork fresh(final long seed) {
		return fresh(seed, 0.01, 0);
	}

	private static MultiLayerNetwork fresh(final long seed, final double rate,
		final double l2)
	{
		Nd4jBackend.load();
		final MultiLayerNetwork net = new MultiLayerNetwork(Architectures.build(
			Architectures.LECTURE_CNN, SHAPE, 10, new SgdMomentum(rate, 0.9), l2, seed));
		net.init();
		return net;
	}
}
