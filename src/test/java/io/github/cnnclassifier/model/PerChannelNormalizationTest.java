package io.github.cnnclassifier.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.tensor.InputShape;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A base network's own per-channel normalisation (ImageNet's mean) is kept in model files and applied again. */
class PerChannelNormalizationTest {

	private static final InputShape RGB = new InputShape(2, 2, 3);

	@TempDir
	Path tmp;

	@Test
	void eachChannelPlaneGetsItsOwnMeanAndStd() {
		final Normalization n = Normalization.perChannel(new double[] { 10, 20, 30 },
			new double[] { 1, 2, 5 }, RGB);
		final float[] x = { 10, 11, 12, 13, 20, 22, 24, 26, 30, 35, 40, 45, 11, 11, 11, 11, 20, 20,
			20, 20, 30, 30, 30, 30 };
		n.apply(x, 0, x.length);
		assertArrayEquals(new float[] { 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 1, 1, 1, 1, 0, 0, 0, 0,
			0, 0, 0, 0 }, x, 1e-6f);
		assertEquals("per channel: mean 10.00, 20.00, 30.00; std 1.000, 2.000, 5.000", n
			.toString());
		final Normalization one = Normalization.perChannel(new double[] { 5 }, new double[] { 2 },
			RGB);
		assertArrayEquals(new double[] { 5, 5, 5 }, one.channelMean());
	}

	@Test
	void aModelFileKeepsItAndRefusesItDamaged() throws IOException {
		final ComputationGraph net = new ComputationGraph(Architectures.build(Architectures.spec(
			"conv3x3x4 bn relu"), RGB, 2, new SgdMomentum(0.01, 0.9), 0, 1, null));
		net.init();
		final Normalization n = Normalization.perChannel(new double[] { 123.68, 116.779,
			103.939 }, new double[] { 1 }, RGB);
		final Path file = tmp.resolve("rgb.zip");
		ModelIO.save(new ModelBundle(net, new ModelMetadata(List.of("a", "b"), RGB, n, "custom",
			1)), file);
		final Normalization read = ModelIO.load(file).normalization();
		assertEquals(Normalization.PER_CHANNEL, read.method());
		assertArrayEquals(n.channelMean(), read.channelMean());
		assertArrayEquals(n.channelStd(), read.channelStd());
		for (final String[] poison : new String[][] { { "1\\.0,\\s*1\\.0\\s*\\]", "1.0, 0.0 ]" },
			{ "123\\.68", "NaN" }, { "\"per-channel\"", "\"histogram\"" } })
		{
			final Path bad = CraftedModels.from(file).edit(ModelIO.METADATA_ENTRY, json -> json
				.replaceFirst(poison[0], poison[1])).write(tmp.resolve("bad.zip"));
			final ModelException e = assertThrows(ModelException.class, () -> ModelIO.load(bad));
			assertTrue(e.getMessage().contains("normalisation (") && e.getMessage().contains(
				"unusable"), e.getMessage());
		}
	}
}
