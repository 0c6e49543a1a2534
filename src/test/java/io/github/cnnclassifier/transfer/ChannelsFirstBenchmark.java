package io.github.cnnclassifier.transfer;

import io.github.cnnclassifier.engine.Runner;
import io.github.cnnclassifier.engine.Runners;
import io.github.cnnclassifier.model.ChannelsLastInput;
import io.github.cnnclassifier.model.Networks;
import io.github.cnnclassifier.tensor.InputShape;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The features of a transfer from a channels-last Keras base (the frozen
 * layers' output, as the feature cache computes it in batches of 64): as the
 * import was before (channels last behind {@link ChannelsLastInput}, DL4J's
 * layers) and converted to channels first. Run: {@code java -cp ...
 * io.github.cnnclassifier.transfer.ChannelsFirstBenchmark BASE.h5 [IMAGES]}
 * (bench/keras_nhwc_base.py writes a base).
 */
public final class ChannelsFirstBenchmark {

	private ChannelsFirstBenchmark() {}

	public static void main(final String[] args) throws Exception {
		final Path h5 = Path.of(args[0]);
		final int images = args.length > 1 ? Integer.parseInt(args[1]) : 1200;
		final BaseNetwork after = KerasNetworks.open(h5);
		final InputShape shape = after.input();
		final float[] x = new float[images * shape.size()];
		final Random random = new Random(1);
		for (int i = 0; i < x.length; i++) x[i] = random.nextFloat();
		for (int round = 1; round <= 2; round++) {
			time("before (channels last, as imported)", channelsLast(h5), shape, x, images, round);
			time("after (converted to channels first)", after.network(), shape, x, images, round);
		}
	}

	/** The Keras file's network as the import gave it before: its first layers permute NCHW input. */
	private static ComputationGraph channelsLast(final Path h5) throws Exception {
		final ComputationGraph imported = Networks.toGraph(KerasModelImport
			.importKerasSequentialModelAndWeights(h5.toString(), false));
		final ComputationGraphConfiguration conf = imported.getConfiguration().clone();
		final String input = conf.getNetworkInputs().get(0);
		for (final Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
			if (e.getValue().contains(input)) ((LayerVertex) conf.getVertices().get(e.getKey()))
				.setPreProcessor(new ChannelsLastInput());
		}
		final ComputationGraph net = new ComputationGraph(conf);
		net.init(imported.params().dup(), false);
		return net;
	}

	private static void time(final String what, final ComputationGraph base,
		final InputShape shape, final float[] x, final int images, final int round)
	{
		final Heads.Transfer t = Heads.replace(base, shape, 5, "", new Sgd(0.001), new Sgd(0.01), 0,
			1, null);
		final int size = shape.size();
		try (Runner runner = Runners.of(t.network(), shape)) {
			final long t0 = System.nanoTime();
			double sum = 0;
			for (int from = 0; from < images; from += 64) {
				final int n = Math.min(64, images - from);
				final float[] batch = java.util.Arrays.copyOfRange(x, from * size, (from + n) * size);
				for (final float f : runner.activations(t.featureLayer(), batch, n)) sum += f;
			}
			System.out.printf(Locale.ROOT, "round %d, %s: features (%s) of %d images in %.2f s " +
				"(checksum %.4g) with %s%n", round, what, t.featureLayer(), images, (System
					.nanoTime() - t0) / 1e9, sum, runner.description());
		}
	}
}
