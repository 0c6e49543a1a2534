package io.github.cnnclassifier.interop;

import io.github.cnnclassifier.bioimageio.BioimageioExport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.tensor.ImageSamples;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bioimage.io packages open as models: ours round-tripped, and what is refused. */
class BioimageioImportTest {

	@TempDir
	Path tmp;

	@Test
	void ourPackageOpensWithItsLabelsNormalisationAndProbabilities() throws Exception {
		final ModelBundle model = TestModels.digits();
		final Path zip = tmp.resolve("digits-bioimageio.zip");
		BioimageioExport.write(model, new BioimageioExport.Description("", "", "", "", ""), zip);
		final ModelBundle back = ModelFiles.load(zip);
		assertEquals(model.labels(), back.labels());
		assertEquals(model.inputShape(), back.inputShape());
		assertEquals(model.normalization().mean(), back.normalization().mean(), 1e-9);
		assertEquals(model.normalization().std(), back.normalization().std(), 1e-9);
		final ImagePlus stack = IJ.openImage(TestModels.DIGITS_STACK.toString());
		final ImageSamples s = new ImageSamples(stack, model.inputShape());
		final float[] x = new float[40 * model.inputShape().size()];
		for (int i = 0; i < 40; i++) s.fill(i, x, i * model.inputShape().size());
		final float[] ours, theirs;
		try (Classifier a = new Classifier(model); Classifier b = new Classifier(back)) {
			ours = a.probabilities(x.clone(), 40);
			theirs = b.probabilities(x.clone(), 40);
		}
		double max = 0;
		for (int i = 0; i < ours.length; i++) max = Math.max(max, Math.abs(ours[i] - theirs[i]));
		assertTrue(max <= 1e-4, "max |dp| " + max);
		System.out.println("digits: ours -> bioimage.io -> ours, max |dp| = " + max);
	}

	@Test
	void weightsNamedOutsideThePackageAreRefused() throws Exception {
		final String m = refusal(Map.of("rdf.yaml", rdf("../../weights.onnx",
			"fixed_zero_mean_unit_variance")));
		assertTrue(m.contains("outside the package"), m);
	}

	@Test
	void preprocessingThatDependsOnEachImageIsRefused() throws Exception {
		final byte[] onnx = Files.readAllBytes(java.nio.file.Paths.get("src", "test", "resources",
			"fixtures", "pytorch-lecture-cnn.onnx"));
		final String m = refusal(Map.of("rdf.yaml", rdf("weights.onnx", "zero_mean_unit_variance"),
			"weights.onnx", onnx));
		assertTrue(m.contains("'zero_mean_unit_variance'"), m);
	}

	private static byte[] rdf(final String weights, final String preprocessing) {
		return ("format_version: 0.5.4\ntype: model\nname: x\ninputs:\n  - id: input\n" +
			"    preprocessing:\n      - id: " + preprocessing + "\n        kwargs: {mean: 0, std: 1}\n" +
			"weights:\n  onnx:\n    source: " + weights + "\n    opset_version: 13\n").getBytes(
				StandardCharsets.UTF_8);
	}

	private String refusal(final Map<String, byte[]> files) throws Exception {
		final Path zip = Files.createTempFile(tmp, "package", ".zip");
		try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(
			out))
		{
			for (final Map.Entry<String, byte[]> f : files.entrySet()) {
				z.putNextEntry(new ZipEntry(f.getKey()));
				z.write(f.getValue());
			}
		}
		final String m = assertThrows(ModelException.class, () -> ModelFiles.load(zip)).getMessage();
		assertTrue(m.startsWith(zip.toString()) && !m.contains("\n"), m);
		return m;
	}
}
