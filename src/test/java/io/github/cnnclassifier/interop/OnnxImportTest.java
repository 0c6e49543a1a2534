package io.github.cnnclassifier.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.model.Normalization;
import io.github.cnnclassifier.predict.Classifier;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import onnx.Onnx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX classifiers become our models: ours round-tripped, PyTorch's lecture CNN, and what is refused. */
class OnnxImportTest {

	private static final Path FIXTURES = Paths.get("src", "test", "resources", "fixtures");
	private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7",
		"8", "9");

	@TempDir
	Path tmp;

	@Test
	void theDigitsModelThroughOnnxAndBackGivesTheSameClassesAndProbabilities() throws Exception {
		final ModelBundle model = TestModels.digits();
		final Path file = tmp.resolve("digits.onnx");
		OnnxExport.write(model, file);
		final ModelBundle back = OnnxImport.read(file, model.labels(), model.normalization());
		assertEquals(model.labels(), back.labels());
		assertEquals(model.inputShape(), back.inputShape());
		final ImagePlus stack = IJ.openImage(TestModels.DIGITS_STACK.toString());
		final float[] x = RoundTrips.samples(stack, model.inputShape());
		final double diff = RoundTrips.compare(probabilities(model, x, 40), rows(probabilities(
			back, x, 40), 40, 10), 10);
		System.out.println("digits: ours -> ONNX -> ours, max |dp| = " + diff);
	}

	@Test
	void anRgbResnetThroughOnnxAndBackGivesTheSameClassesAndProbabilities() throws Exception {
		final ModelBundle model = RoundTrips.randomRgb("resnet-small", 32, 40, 3);
		final Path file = tmp.resolve("resnet.onnx");
		OnnxExport.write(model, file);
		final ModelBundle back = OnnxImport.read(file, null, null);
		assertEquals(List.of("class_1", "class_2", "class_3"), back.labels());
		final float[] x = RoundTrips.noise(model.inputShape(), 6, 3);
		final double diff = RoundTrips.compare(probabilities(model, x, 6), rows(probabilities(back,
			x, 6), 6, 3), 3);
		System.out.println("resnet-small RGB: ours -> ONNX -> ours, max |dp| = " + diff);
	}

	@Test
	void pytorchsLectureCnnClassifiesTheStackAsPyTorchDid() throws Exception {
		final ModelBundle model = OnnxImport.read(FIXTURES.resolve("pytorch-lecture-cnn.onnx"),
			DIGITS, new Normalization(0, 255));
		final List<String> expected = Files.readAllLines(FIXTURES.resolve(
			"pytorch-lecture-cnn-digits-stack.csv"), StandardCharsets.UTF_8);
		final ImagePlus stack = IJ.openImage(TestModels.DIGITS_STACK.toString());
		final float[] p = probabilities(model, RoundTrips.samples(stack, model.inputShape()), 40);
		final float[][] theirs = new float[40][10];
		for (int i = 0; i < 40; i++) {
			final String[] row = expected.get(i + 1).split(",");
			for (int k = 0; k < 10; k++) theirs[i][k] = Float.parseFloat(row[2 + k]);
			assertEquals(row[1], DIGITS.get(RoundTrips.argmax(p, i * 10, 10)), "plane " + (i + 1));
		}
		final double diff = RoundTrips.compare(p, theirs, 10);
		System.out.println("PyTorch lecture CNN: ours vs PyTorch, 40/40 planes, max |dp| = " + diff);
	}

	/**
	 * As tf2onnx writes a Keras network: an NHWC input transposed to NCHW, and
	 * the feature maps transposed back to NHWC and reshaped before the dense head.
	 */
	@Test
	void aTf2onnxStyleGraphWithItsTransposePairsGivesTheSameProbabilities() throws Exception {
		final ModelBundle model = TestModels.digits();
		final Onnx.ModelProto.Builder b = exported();
		final Onnx.GraphProto.Builder g = b.getGraphBuilder();
		final var dims = g.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder()
			.getShapeBuilder();
		final long c = dims.getDim(1).getDimValue(), h = dims.getDim(2).getDimValue();
		dims.getDimBuilder(1).setDimValue(h);
		dims.getDimBuilder(2).setDimValue(dims.getDim(3).getDimValue());
		dims.getDimBuilder(3).setDimValue(c);
		g.getInputBuilder(0).setName("input_nhwc");
		final List<Onnx.NodeProto> nodes = new java.util.ArrayList<>(g.getNodeList());
		nodes.add(0, transpose("input_nhwc", "input", 0, 3, 1, 2));
		final int flatten = nodes.indexOf(nodes.stream().filter(n -> n.getOpType().equals(
			"Flatten")).findFirst().orElseThrow());
		final Onnx.NodeProto f = nodes.get(flatten);
		final String maps = f.getInput(0);
		nodes.set(flatten, transpose(maps, maps + "_nhwc", 0, 2, 3, 1));
		nodes.add(flatten + 1, Onnx.NodeProto.newBuilder().setOpType("Reshape").setName(
			"reshape").addInput(maps + "_nhwc").addInput("flat_shape").addOutput(f.getOutput(0))
			.build());
		g.clearNode().addAllNode(nodes);
		// NB: the head's weights are those of a pixel-by-pixel flatten now.
		final int wi = java.util.stream.IntStream.range(0, g.getInitializerCount()).filter(i -> g
			.getInitializer(i).getName().equals(Architectures.HEAD + "_W")).findFirst().orElseThrow();
		final Onnx.TensorProto w = g.getInitializer(wi);
		final int rows = (int) w.getDims(0), classes = (int) w.getDims(1), fh = 7, fw = 7,
			fc = rows / (fh * fw);
		final java.nio.FloatBuffer old = w.getRawData().asReadOnlyByteBuffer().order(
			java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
		final java.nio.ByteBuffer nhwc = java.nio.ByteBuffer.allocate(rows * classes * 4).order(
			java.nio.ByteOrder.LITTLE_ENDIAN);
		for (int y = 0; y < fh; y++) for (int x = 0; x < fw; x++) for (int ch = 0; ch < fc; ch++) {
			for (int k = 0; k < classes; k++) {
				nhwc.putFloat(((((y * fw) + x) * fc + ch) * classes + k) * 4, old.get(((ch * fh + y) *
					fw + x) * classes + k));
			}
		}
		g.setInitializer(wi, w.toBuilder().setRawData(org.nd4j.shade.protobuf.ByteString.copyFrom(
			nhwc.array())));
		final java.nio.ByteBuffer shape = java.nio.ByteBuffer.allocate(16).order(
			java.nio.ByteOrder.LITTLE_ENDIAN).putLong(-1).putLong(rows);
		g.addInitializer(Onnx.TensorProto.newBuilder().setName("flat_shape").setDataType(
			Onnx.TensorProto.DataType.INT64.getNumber()).addDims(2).setRawData(
				org.nd4j.shade.protobuf.ByteString.copyFrom(shape.array())));
		final Path file = tmp.resolve("tf2onnx-style.onnx");
		Files.write(file, b.build().toByteArray());
		final ModelBundle back = OnnxImport.read(file, model.labels(), model.normalization());
		assertEquals(model.inputShape(), back.inputShape());
		final float[] x = RoundTrips.samples(IJ.openImage(TestModels.DIGITS_STACK.toString()),
			model.inputShape());
		final double diff = RoundTrips.compare(probabilities(model, x, 40), rows(probabilities(
			back, x, 40), 40, 10), 10);
		System.out.println("tf2onnx-style transposes: max |dp| = " + diff);
	}

	private static Onnx.NodeProto transpose(final String in, final String out,
		final long... perm)
	{
		final Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName("perm")
			.setType(Onnx.AttributeProto.AttributeType.INTS);
		for (final long p : perm) a.addInts(p);
		return Onnx.NodeProto.newBuilder().setOpType("Transpose").setName("transpose_" + out)
			.addInput(in).addOutput(out).addAttribute(a).build();
	}

	@Test
	void aTransposeOtherThanAnExportersPairIsRefused() throws Exception {
		final Onnx.ModelProto.Builder b = exported();
		final Onnx.GraphProto.Builder g = b.getGraphBuilder();
		final List<Onnx.NodeProto> nodes = new java.util.ArrayList<>(g.getNodeList());
		final Onnx.NodeProto first = nodes.get(0);
		nodes.set(0, first.toBuilder().setInput(0, "swapped").build());
		nodes.add(0, transpose("input", "swapped", 0, 1, 3, 2));
		g.clearNode().addAllNode(nodes);
		final String m = refusal(b);
		assertTrue(m.contains("transposes [0, 1, 3, 2]"), m);
	}

	@Test
	void pytorchsLectureCnnOpensInTheNetworkSummaryAndShowsItsFilters() {
		final ModelBundle model = OnnxImport.read(FIXTURES.resolve("pytorch-lecture-cnn.onnx"),
			DIGITS, new Normalization(0, 255));
		final var rows = io.github.cnnclassifier.inspect.NetworkSummary.of(model).rows();
		// NB: PyTorch folds batch norm into the convolutions when it exports in eval mode.
		assertEquals(10, rows.size(), rows.toString());
		assertEquals("Convolution", rows.get(1).type());
		final String conv = model.metadata().layerNames().get(0);
		final var filters = io.github.cnnclassifier.inspect.Filters.of(model, conv);
		assertEquals(8, filters.filters());
		assertEquals(3, filters.height());
	}

	@Test
	void anOpOutsideTheSetIsRefusedNamingTheOpAndTheNode() throws Exception {
		final Onnx.ModelProto.Builder b = exported();
		final int i = indexOf(b, "Relu");
		b.getGraphBuilder().getNodeBuilder(i).setOpType("Elu");
		final String name = b.getGraph().getNode(i).getName();
		final String m = refusal(b);
		assertTrue(m.contains("op Elu") && m.contains("node " + name), m);
	}

	@Test
	void weightsInAnExternalFileAreRefused() throws Exception {
		final Onnx.ModelProto.Builder b = exported();
		b.getGraphBuilder().getInitializerBuilder(0).setDataLocation(
			Onnx.TensorProto.DataLocation.EXTERNAL).addExternalData(Onnx.StringStringEntryProto
				.newBuilder().setKey("location").setValue("../../etc/passwd"));
		assertTrue(refusal(b).contains("external file"), refusal(b));
	}

	@Test
	void aTensorDeclaringMoreValuesThanItHoldsIsRefusedBeforeAllocation() throws Exception {
		final Onnx.ModelProto.Builder b = exported();
		b.getGraphBuilder().getInitializerBuilder(0).setDims(0, 1L << 40);
		final String m = refusal(b);
		assertTrue(m.contains("impossible size") || m.contains("holds"), m);
	}

	@Test
	void aHugeDeclaredInputIsRefusedBeforeAnythingIsBuilt() throws Exception {
		final Onnx.ModelProto.Builder b = exported();
		b.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder()
			.getShapeBuilder().getDimBuilder(2).setDimValue(1L << 40);
		assertTrue(refusal(b).contains("declares the input size"), refusal(b));
	}

	@Test
	void anOpsetOutsideElevenToTwentyOneIsRefused() throws Exception {
		final Onnx.ModelProto.Builder b = exported();
		b.getOpsetImportBuilder(0).setVersion(7);
		assertTrue(refusal(b).contains("opset 7"), refusal(b));
	}

	@Test
	void aGraphThatIsNotAClassifierIsRefused() throws Exception {
		final Onnx.ModelProto.Builder b = exported();
		// NB: the output becomes the first convolution's feature maps.
		final String conv = b.getGraph().getNode(indexOf(b, "Conv")).getOutput(0);
		b.getGraphBuilder().getOutputBuilder(0).setName(conv);
		assertTrue(refusal(b).contains("not a classifier"), refusal(b));
	}

	@Test
	void aFileThatIsNotOnnxIsRefusedInOneLine() throws Exception {
		final Path f = tmp.resolve("model.onnx");
		Files.write(f, "this is not a protobuf".getBytes(StandardCharsets.UTF_8));
		final String m = assertThrows(ModelException.class, () -> OnnxImport.read(f, null, null))
			.getMessage();
		assertTrue(m.contains("not an ONNX model") && !m.contains("\n"), m);
	}

	private static Onnx.ModelProto.Builder exported() throws Exception {
		return Onnx.ModelProto.parseFrom(OnnxExport.toBytes(TestModels.digits())).toBuilder();
	}

	private static int indexOf(final Onnx.ModelProto.Builder b, final String op) {
		for (int i = 0; i < b.getGraph().getNodeCount(); i++) {
			if (b.getGraph().getNode(i).getOpType().equals(op)) return i;
		}
		throw new AssertionError(op);
	}

	private String refusal(final Onnx.ModelProto.Builder b) throws Exception {
		final Path f = Files.createTempFile(tmp, "crafted", ".onnx");
		Files.write(f, b.build().toByteArray());
		final String m = assertThrows(ModelException.class, () -> OnnxImport.read(f, null, null))
			.getMessage();
		assertFalse(m.contains("\n"), m);
		assertTrue(m.startsWith(f.toString()), m);
		return m;
	}

	private static float[] probabilities(final ModelBundle model, final float[] x,
		final int count)
	{
		try (Classifier c = new Classifier(model)) {
			return c.probabilities(x.clone(), count);
		}
	}

	private static float[][] rows(final float[] p, final int n, final int classes) {
		final float[][] r = new float[n][classes];
		for (int i = 0; i < n; i++) System.arraycopy(p, i * classes, r[i], 0, classes);
		return r;
	}
}
