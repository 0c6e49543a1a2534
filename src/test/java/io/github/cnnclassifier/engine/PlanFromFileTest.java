package io.github.cnnclassifier.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.FlatParams;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.model.ModelMetadata;
import io.github.cnnclassifier.model.Normalization;
import io.github.cnnclassifier.tensor.InputShape;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine's plan of a model read from a file, made from its configuration
 * and flat parameters without building the DL4J network, computes bit for
 * bit what the plan made from the network computes.
 */
class PlanFromFileTest {

	private static final InputShape SHAPE = new InputShape(16, 16, 2);

	@TempDir
	Path tmp;

	static Stream<String> specs() {
		final List<String> specs = new ArrayList<>(Architectures.names());
		specs.add("conv1x1x8 relu conv3x3x8 bn relu gap fc16 bn relu dropout0.5 fc12 leakyrelu");
		return specs.stream();
	}

	@ParameterizedTest
	@MethodSource("specs")
	void aModelFileIsClassifiedWithoutItsNetworkBitForBit(final String spec) {
		final EngineReference r = new EngineReference(spec, SHAPE);
		final ComputationGraph net = r.network(7);
		// NB: a few training steps, so that batch norm's statistics are not their initial 0 and 1.
		try (Runner runner = Runners.of(net, SHAPE)) {
			for (int i = 0; i < 3; i++) runner.fit(r.x.clone(), r.labels, r.n, false);
		}
		final Path file = tmp.resolve("model.zip");
		ModelIO.save(new ModelBundle(net, new ModelMetadata(List.of("a", "b", "c"), SHAPE,
			new Normalization(0, 1), "custom", 7)), file, true);
		assertSameOutputs(ModelIO.load(file), net, r.x, r.n);
	}

	@Test
	void aTrainedModelFileToo() {
		final ModelBundle trained = TestModels.digits();
		final InputShape shape = trained.inputShape();
		final Random random = new Random(3);
		final float[] x = new float[20 * shape.size()];
		for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
		assertSameOutputs(ModelIO.load(TestModels.digitsFile()), trained.network(), x, 20);
	}

	@Test
	void aModelFileOfAnEarlierVersionHoldingAStackToo() {
		final Path file = Paths.get("src/test/resources/fixtures/foundation-digits.zip");
		final ModelBundle built = ModelIO.load(file);
		final InputShape shape = built.inputShape();
		final Random random = new Random(5);
		final float[] x = new float[20 * shape.size()];
		for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
		assertSameOutputs(ModelIO.load(file), built.network(), x, 20);
	}

	private static void assertSameOutputs(final ModelBundle loaded, final ComputationGraph net,
		final float[] x, final int n)
	{
		final float[] fromFile, fromNetwork;
		try (Runner runner = Runners.of(loaded, loaded.inputShape())) {
			assertTrue(runner.id().startsWith("vector"), runner.description());
			fromFile = runner.output(x.clone(), n);
		}
		assertInstanceOf(FlatParams.class, loaded.params(), "the network was never built");
		try (Runner runner = Runners.of(net, loaded.inputShape())) {
			fromNetwork = runner.output(x.clone(), n);
		}
		assertArrayEquals(fromNetwork, fromFile);
	}
}
