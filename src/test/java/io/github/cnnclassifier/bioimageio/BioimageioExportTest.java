package io.github.cnnclassifier.bioimageio;

import io.github.cnnclassifier.interop.Npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.interop.OnnxRuntimeOracle;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelMetadata;
import io.github.cnnclassifier.model.Normalization;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.yaml.snakeyaml.Yaml;

/**
 * The bioimage.io package: every field the 0.5 model spec requires, checked
 * one by one, and test tensors that ONNX Runtime reproduces.
 */
class BioimageioExportTest {

	private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]*";

	@TempDir
	Path tmp;

	@Test
	void theDigitsPackageHasEveryFieldTheSpecRequiresAndTestTensorsOnnxRuntimeReproduces()
		throws Exception
	{
		final ModelBundle model = TestModels.digits();
		final Path zip = tmp.resolve("digits-bioimageio.zip");
		BioimageioExport.write(model, new BioimageioExport.Description("", "", "Ann; Bo", "",
			""), zip);
		final Map<String, byte[]> files = read(zip);
		final Map<String, Object> rdf = new Yaml().load(new String(files.get("rdf.yaml"),
			StandardCharsets.UTF_8));
		assertTrue(((String) rdf.get("format_version").toString()).startsWith("0.5."));
		assertEquals("model", rdf.get("type"));
		assertFalse(((String) rdf.get("name")).isBlank());
		assertFalse(((String) rdf.get("description")).isBlank());
		assertEquals(List.of("Ann", "Bo"), list(rdf, "authors").stream().map(a -> ((Map<?, ?>) a)
			.get("name")).toList());
		final Map<?, ?> cite = (Map<?, ?>) list(rdf, "cite").get(0);
		assertNotNull(cite.get("text"));
		assertTrue(cite.get("url") != null || cite.get("doi") != null);
		assertEquals("CC-BY-4.0", rdf.get("license"));
		assertTrue(files.containsKey((String) rdf.get("documentation")));
		assertTrue(files.containsKey((String) list(rdf, "covers").get(0)));

		final Map<?, ?> input = (Map<?, ?>) list(rdf, "inputs").get(0);
		assertTrue(input.get("id").toString().matches(IDENTIFIER));
		final List<?> inAxes = (List<?>) input.get("axes");
		assertEquals(List.of("batch", "channel", "space", "space"), inAxes.stream().map(a ->
			((Map<?, ?>) a).get("type")).toList());
		assertEquals(List.of("gray"), ((Map<?, ?>) inAxes.get(1)).get("channel_names"));
		assertEquals(28, ((Map<?, ?>) inAxes.get(2)).get("size"));
		assertEquals("y", ((Map<?, ?>) inAxes.get(2)).get("id"));
		assertEquals(28, ((Map<?, ?>) inAxes.get(3)).get("size"));
		final Map<?, ?> pre = (Map<?, ?>) ((List<?>) input.get("preprocessing")).get(0);
		assertEquals("fixed_zero_mean_unit_variance", pre.get("id"));
		final Map<?, ?> kwargs = (Map<?, ?>) pre.get("kwargs");
		assertEquals(model.normalization().mean(), ((Number) kwargs.get("mean")).doubleValue(),
			1e-9);
		assertEquals(model.normalization().std(), ((Number) kwargs.get("std")).doubleValue(), 1e-9);

		final Map<?, ?> output = (Map<?, ?>) list(rdf, "outputs").get(0);
		final List<?> outAxes = (List<?>) output.get("axes");
		assertEquals(List.of("batch", "channel"), outAxes.stream().map(a -> ((Map<?, ?>) a).get(
			"type")).toList());
		final List<?> names = (List<?>) ((Map<?, ?>) outAxes.get(1)).get("channel_names");
		assertEquals(10, names.size());
		for (final Object n : names) assertTrue(n.toString().matches(IDENTIFIER), n.toString());
		assertTrue(output.get("postprocessing") == null);

		final Map<?, ?> onnx = (Map<?, ?>) ((Map<?, ?>) rdf.get("weights")).get("onnx");
		assertEquals(13, onnx.get("opset_version"));
		for (final Map<?, ?> f : List.of(onnx, (Map<?, ?>) input.get("test_tensor"),
			(Map<?, ?>) output.get("test_tensor")))
		{
			final byte[] bytes = files.get((String) f.get("source"));
			assertNotNull(bytes, f.toString());
			assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
				bytes)), f.get("sha256"));
		}
		final Map<?, ?> config = (Map<?, ?>) rdf.get("config");
		assertEquals(false, ((Map<?, ?>) config.get("deepimagej")).get("allow_tiling"));
		assertEquals(model.labels(), ((Map<?, ?>) config.get("cnn_classifier")).get("labels"));

		// NB: as the bioimage.io validator runs it: preprocessing, then the weights.
		final float[] x = Npy.read(files.get("test_input.npy"));
		final float[] expected = Npy.read(files.get("test_output.npy"));
		model.normalization().apply(x, 0, x.length);
		final float[][] theirs = OnnxRuntimeOracle.run(files.get("weights.onnx"), x, 1, model
			.inputShape());
		double max = 0;
		for (int k = 0; k < 10; k++) {
			assertEquals(expected[k], theirs[0][k], 1e-4, "class " + k);
			max = Math.max(max, Math.abs(expected[k] - theirs[0][k]));
		}
		System.out.println("bioimage.io test tensors: ONNX Runtime vs test_output.npy, max |dp| = " +
			max);
	}

	@Test
	void perChannelNormalisationIsDeclaredPerChannel() throws Exception {
		final ModelBundle digits = TestModels.digits();
		final ModelBundle model = new ModelBundle(digits.network(), new ModelMetadata(digits
			.labels(), digits.inputShape(), Normalization.perChannel(new double[] { 12.5 },
				new double[] { 60 }, digits.inputShape()), "lecture-cnn", 1));
		final Map<String, Object> rdf = new Yaml().load(new String(BioimageioExport.files(model,
			new BioimageioExport.Description("", "", "", "", "")).get("rdf.yaml"),
			StandardCharsets.UTF_8));
		final Map<?, ?> kwargs = (Map<?, ?>) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) list(rdf,
			"inputs").get(0)).get("preprocessing")).get(0)).get("kwargs");
		assertEquals("channel", kwargs.get("axis"));
		assertEquals(List.of(12.5), kwargs.get("mean"));
		assertEquals(List.of(60.0), kwargs.get("std"));
	}

	@Test
	void labelsBecomeIdentifiersAndStayDistinct() {
		assertEquals(List.of("T_shirt_top", "_0", "a_b", "a_b_2", "_"), BioimageioExport
			.identifiers(List.of("T-shirt top", "0", "a b", "a-b", "")));
	}

	@Test
	void labelsThatArePythonKeywordsGetATrailingUnderscore() {
		// NB: the spec's validator refuses keywords as channel names; "None" is a likely class.
		assertEquals(List.of("None_", "class_", "in_", "None__2", "x"), BioimageioExport
			.identifiers(List.of("None", "class", "in", "None_", "x")));
	}

	@Test
	void whatTheSpecRefusesInANameAuthorOrLicenseIsRefusedInOneLineAndNothingIsWritten() {
		final Path zip = tmp.resolve("package.zip");
		for (final BioimageioExport.Description bad : List.of(new BioimageioExport.Description(
			"Zähler, v2", "", "", "", ""), new BioimageioExport.Description("Net", "", "", "", ""),
			new BioimageioExport.Description("", "", "Ann; A/B Lab", "", ""),
			new BioimageioExport.Description("", "", "", "my own license", ""),
			new BioimageioExport.Description("", "x".repeat(1025), "", "", "")))
		{
			final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
				IllegalArgumentException.class, () -> BioimageioExport.write(TestModels.digits(), bad,
					zip));
			assertFalse(e.getMessage().contains("\n"), e.getMessage());
			assertFalse(java.nio.file.Files.exists(zip), e.getMessage());
		}
	}

	@Test
	void theDefaultDescriptionOfManyClassesStaysWithinTheSpecsLimit() {
		final List<String> labels = new java.util.ArrayList<>();
		for (int i = 0; i < 300; i++) labels.add("category_number_" + i);
		final String d = BioimageioExport.description(labels);
		assertTrue(d.length() <= 1024, d.length() + "");
		assertTrue(d.startsWith("Image classifier into 300 classes (category_number_0, ") && d
			.endsWith(" more), trained with CNN Classifier for Fiji."), d);
	}

	@Test
	void theReadmeHasTheValidationSectionTheSpecAsksFor() {
		final String readme = new String(BioimageioExport.files(TestModels.digits(),
			new BioimageioExport.Description("", "", "", "", "")).get("README.md"),
			java.nio.charset.StandardCharsets.UTF_8);
		assertTrue(readme.contains("\n## Validation\n"), readme);
	}

	@Test
	void npyHasTheHeaderNumPyReads() {
		final byte[] npy = Npy.write(new float[] { 1, 2, 3, 4, 5, 6 }, 1, 2, 3);
		final String header = new String(npy, 10, npy.length - 10 - 24, StandardCharsets.US_ASCII);
		assertEquals(0, (10 + header.length()) % 64);
		assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3), }"),
			header);
		assertTrue(header.endsWith("\n"));
		assertEquals(6, Npy.read(npy).length);
		assertEquals(6f, Npy.read(npy)[5]);
	}

	private static List<?> list(final Map<String, Object> rdf, final String key) {
		final Object v = rdf.get(key);
		assertTrue(v instanceof List<?> l && !l.isEmpty(), key + ": " + v);
		return (List<?>) v;
	}

	private static Map<String, byte[]> read(final Path zip) throws IOException {
		final Map<String, byte[]> files = new LinkedHashMap<>();
		try (ZipFile z = new ZipFile(zip.toFile())) {
			for (final ZipEntry e : java.util.Collections.list(z.entries())) {
				try (InputStream in = z.getInputStream(e)) {
					files.put(e.getName(), in.readAllBytes());
				}
			}
		}
		return files;
	}
}
