package io.github.cnnclassifier.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.model.SgdMomentum;
import io.github.cnnclassifier.tensor.InputShape;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** New heads on the zoo's architectures, initialised without weights: shapes and frozen layers. */
class HeadsTest {

	private static BaseNetwork zoo(final String name, final InputShape input) {
		return new ZooWeights(null, "").open(ZooArchitecture.of(name), TransferOptions.NO_WEIGHTS,
			false, 7, input, s -> {});
	}

	@ParameterizedTest
	@CsvSource({ "simplecnn, 48, layer29, 'layer32,layer31,layer30', true, true",
		"alexnet, 224, ffn2, output, false, false", "vgg16, 64, 19, 20, false, true",
		"resnet50, 224, avgpool, output, false, false",
		"squeezenet, 227, drop9, 'loss,softmax,avg_pool,conv10_act,conv10', true, true" })
	void replacesTheClassifierAndFreezesAllElse(final String name, final int size,
		final String feature, final String removed, final boolean pooled, final boolean forward)
	{
		final BaseNetwork base = zoo(name, new InputShape(size, size, 3));
		final Heads.Transfer t = Heads.replace(base.network(), base.input(), 4, "", new SgdMomentum(
			0.01, 0.9), new SgdMomentum(0.01, 0.9), 1e-4, 3, null);
		final ComputationGraph net = t.network();
		assertEquals(feature, t.featureLayer());
		assertEquals(List.of(removed.split(",")), t.removed());
		assertEquals(pooled ? List.of(Heads.POOL, Architectures.HEAD) : List.of(Architectures.HEAD),
			t.head());
		assertEquals(List.of(Architectures.HEAD), net.getConfiguration().getNetworkOutputs());
		final OutputLayer head = (OutputLayer) net.getOutputLayer(0).conf().getLayer();
		assertEquals(4, head.getNOut());
		if (base.network().getLayer(removed.split(",")[0]).conf()
			.getLayer() instanceof FeedForwardLayer old && !pooled)
		{
			assertEquals(old.getNIn(), head.getNIn(), "the new head takes what the old one took");
		}
		// Everything but the new head is frozen, and keeps the base's weights.
		final List<String> expected = new ArrayList<>(base.network().getConfiguration()
			.getVertexInputs().keySet());
		expected.removeAll(t.removed());
		assertEquals(expected, t.frozen());
		for (final String layer : t.frozen()) {
			if (net.getLayer(layer) != null && net.getLayer(layer).numParams() > 0) {
				assertEquals(base.network().getLayer(layer).params(), net.getLayer(layer).params(),
					layer);
			}
		}
		// NB: DL4J's random weights of AlexNet and ResNet50 (normal, std 0.5) overflow; too slow here too.
		if (forward) {
			final float[] values = new float[2 * 3 * size * size];
			final Random random = new Random(1);
			for (int i = 0; i < values.length; i++) values[i] = random.nextFloat();
			final INDArray x = Nd4j.create(values, new long[] { 2, 3, size, size }, 'c');
			final INDArray p = net.outputSingle(x);
			assertEquals(List.of(2L, 4L), List.of(p.size(0), p.size(1)));
			assertEquals(1, p.getRow(0).sumNumber().doubleValue(), 1e-4);
		}
	}

	@Test
	void freezesUpToTheNamedLayerOrNothing() {
		final BaseNetwork base = zoo("simplecnn", new InputShape(48, 48, 3));
		final Heads.Transfer partial = Heads.replace(base.network(), base.input(), 3, "layer6",
			new SgdMomentum(0.01, 0.9), new SgdMomentum(0.01, 0.9), 0, 3, null);
		assertEquals(List.of("image_array", "layer1", "layer2", "layer3", "layer4", "layer5",
			"layer6"), partial.frozen());
		final Heads.Transfer none = Heads.replace(base.network(), base.input(), 3,
			TransferOptions.NOTHING, new SgdMomentum(0.01, 0.9), new SgdMomentum(0.01, 0.9), 0, 3, null);
		assertEquals(List.of(), none.frozen());
		final ModelException e = assertThrows(ModelException.class, () -> Heads.replace(base
			.network(), base.input(), 3, "conv_99", new SgdMomentum(0.01, 0.9), new SgdMomentum(0.01, 0.9), 0, 3, null));
		assertTrue(e.getMessage().startsWith("freeze: the base network has no layer 'conv_99'") &&
			e.getMessage().contains("image_array, layer1"), e.getMessage());
	}

	@Test
	void unfreezingKeepsEveryWeightAndFreezesNothing() {
		final BaseNetwork base = zoo("simplecnn", new InputShape(48, 48, 3));
		final Heads.Transfer t = Heads.replace(base.network(), base.input(), 3, "", new SgdMomentum(
			0.01, 0.9), new SgdMomentum(0.01, 0.9), 0, 3, null);
		final ComputationGraph all = Heads.unfreeze(t.network(), new SgdMomentum(0.001, 0.9),
			new SgdMomentum(0.01, 0.9));
		assertEquals(List.of(), Heads.frozen(all));
		assertEquals(t.network().params(), all.params());
		assertEquals(0.001, ((SgdMomentum) ((org.deeplearning4j.nn.conf.layers.BaseLayer) all
			.getLayer("image_array").conf().getLayer()).getIUpdater()).getLearningRate());
	}

	@Test
	void theNewHeadLearnsAtItsOwnRateBeforeAndAfterUnfreezing() {
		final BaseNetwork base = zoo("simplecnn", new InputShape(48, 48, 3));
		final Heads.Transfer t = Heads.replace(base.network(), base.input(), 3, "none",
			new SgdMomentum(0.001, 0.9), new SgdMomentum(0.01, 0.9), 0, 3, null);
		assertEquals(0.001, rate(t.network(), "image_array"));
		assertEquals(0.01, rate(t.network(), "fc_softmax"));
		assertEquals(0.01, bias(t.network(), "fc_softmax"));
		final ComputationGraph all = Heads.unfreeze(t.network(), new SgdMomentum(0.0001, 0.9),
			new SgdMomentum(0.001, 0.9));
		assertEquals(0.0001, rate(all, "image_array"));
		assertEquals(0.001, rate(all, "fc_softmax"));
		assertEquals(0.001, bias(all, "fc_softmax"));
	}

	private static double rate(final ComputationGraph net, final String layer) {
		return ((SgdMomentum) ((org.deeplearning4j.nn.conf.layers.BaseLayer) net.getLayer(layer)
			.conf().getLayer()).getIUpdater()).getLearningRate();
	}

	private static double bias(final ComputationGraph net, final String layer) {
		return ((SgdMomentum) ((org.deeplearning4j.nn.conf.layers.BaseLayer) net.getLayer(layer)
			.conf().getLayer()).getBiasUpdater()).getLearningRate();
	}
}
