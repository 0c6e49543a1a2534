package io.github.cnnclassifier.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import io.github.cnnclassifier.TestModels;
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
