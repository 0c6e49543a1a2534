package io.github.cnnclassifier.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.LayerSpec;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelMetadata;
import io.github.cnnclassifier.model.Normalization;
import io.github.cnnclassifier.tensor.InputShape;

import java.util.List;
import java.util.stream.Collectors;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Sgd;

/** MATLAB's analyzeNetwork table for the lecture CNN and a residual network. */
class NetworkSummaryTest {

	@Test
	void theLectureCnnHasMatlabsSizesAndLearnables() {
		final NetworkSummary s = NetworkSummary.of(TestModels.digits());
		assertEquals(List.of("input", "conv_1", "bn_1", "relu_1", "maxpool_1", "conv_2", "bn_2",
			"relu_2", "maxpool_2", "conv_3", "bn_3", "relu_3", "fc_softmax"), s.rows().stream().map(
				NetworkSummary.Row::name).collect(Collectors.toList()));
		final NetworkSummary.Row conv1 = s.row("conv_1");
		assertEquals("Convolution", conv1.type());
		assertEquals("8 3×3×1 convolutions with stride [1 1] and padding 'same'", conv1
			.description());
		assertEquals("28×28×8", conv1.activations());
		assertEquals(80, conv1.learnables());
		assertEquals("Weights 3×3×1×8, Bias 1×1×8", conv1.learnableSizes());
		assertEquals(16, s.row("bn_1").learnables(), "gamma and beta, not the running statistics");
		assertEquals("Offset 1×1×8, Scale 1×1×8", s.row("bn_1").learnableSizes());
		assertEquals("14×14×8", s.row("maxpool_1").activations());
		assertEquals("2×2 max pooling with stride [2 2]", s.row("maxpool_1").description());
		assertEquals(3 * 3 * 8 * 16 + 16, s.row("conv_2").learnables());
		assertEquals(3 * 3 * 16 * 32 + 32, s.row("conv_3").learnables());
		assertEquals("7×7×32", s.row("relu_3").activations());
		assertEquals("ReLU", s.row("relu_3").type());
		final NetworkSummary.Row head = s.row("fc_softmax");
		assertEquals("1×1×10", head.activations());
		assertEquals(7 * 7 * 32 * 10 + 10, head.learnables());
		assertEquals("Weights 10×1568, Bias 10×1", head.learnableSizes());
		assertEquals("28×28×1", s.row("input").activations());
		final long runningStatistics = 2 * (8 + 16 + 32);
		assertEquals(TestModels.digits().network().numParams() - runningStatistics, s
			.totalLearnables());
		assertEquals(80 + 16 + 1168 + 32 + 4640 + 64 + 15690, s.totalLearnables());
		final String[] csv = s.csv().split("\n");
		assertEquals("Name,Type,Activations,Learnables,Learnable_sizes,Description,Inputs", csv[0]);
		assertEquals("conv_1,Convolution,28×28×8,80,\"Weights 3×3×1×8, Bias 1×1×8\",8 3×3×1 " +
			"convolutions with stride [1 1] and padding 'same',input", csv[2]);
		assertEquals("Total,,,21690,,12 layers,", csv[csv.length - 1]);
	}

	@Test
	void aResidualBlockIsAnAdditionOfItsBodyAndItsShortcut() {
		final LayerSpec spec = LayerSpec.parse("conv3x3x8 bn relu res[conv3x3x16 bn relu " +
			"conv3x3x16 bn] relu dropout0.25 gap fc32 relu");
		final InputShape input = new InputShape(32, 32, 3);
		final ComputationGraphConfiguration conf = Architectures.build(spec, input, 3, new Sgd(
			0.01), 0, 1, null);
		final ComputationGraph net = new ComputationGraph(conf);
		net.init();
		final ModelBundle model = new ModelBundle(net, new ModelMetadata(List.of("a", "b", "c"),
			input, new Normalization(0, 1), "custom", 1).layers(spec.toString(), Architectures
				.layerNames(conf)));
		final NetworkSummary s = NetworkSummary.of(model);
		final NetworkSummary.Row res = s.row("res_1");
		assertEquals("Addition", res.type());
		assertEquals("Element-wise addition of 2 inputs", res.description());
		assertEquals(List.of("bn_3", "res_1_shortcut"), res.inputs());
		assertEquals(List.of("relu_1"), s.row("res_1_shortcut").inputs());
		assertEquals(8 * 16 + 16, s.row("res_1_shortcut").learnables(), "a 1x1 projection");
		assertEquals("32×32×16", res.activations());
		assertEquals("25% dropout", s.row("dropout_1").description());
		assertEquals("Global Average Pooling", s.row("gap_1").type());
		assertEquals("1×1×16", s.row("gap_1").activations());
		assertEquals("Fully Connected", s.row("fc_1").type());
		assertEquals(16 * 32 + 32, s.row("fc_1").learnables());
		assertEquals("Weights 32×16, Bias 32×1", s.row("fc_1").learnableSizes());
		assertEquals("32×32×3 images with 'zscore' normalization", s.row("input").description());
		assertTrue(s.row("fc_softmax").description().startsWith("3 fully connected outputs, " +
			"softmax"), s.row("fc_softmax").description());
	}
}
