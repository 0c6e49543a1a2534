package io.github.cnnclassifier.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a model file runs no code of its author's, allocates only what a model needs, and refuses poison. */
class ModelFileSafetyTest {

	@TempDir
	Path tmp;

	private static Path good;

	@BeforeAll
	static void aGoodModel() {
		good = TestModels.digitsFile();
	}

	private ModelException refused(final Path file) {
		final ModelException e = assertThrows(ModelException.class, () -> ModelIO.load(file));
		assertEquals(1, e.getMessage().split("\n").length, e.getMessage());
		assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
		return e;
	}

	@Test
	void javaSerialisedEntriesAreRefusedUnread() throws IOException {
		for (final String entry : new String[] { "preprocessor.bin", "normalizer.bin",
			"objects/key" })
		{
			CraftedModels.canaryDeserialised = false;
			final Path file = CraftedModels.from(good).put(entry, CraftedModels.canary()).write(tmp
				.resolve(entry.replace('/', '_') + ".zip"));
			final ModelException e = refused(file);
			assertTrue(e.getMessage().contains("'" + entry + "'") && e.getMessage().contains(
				"could run code"), e.getMessage());
			assertFalse(CraftedModels.canaryDeserialised, "deserialised " + entry);
		}
	}

	@Test
	void anyOtherEntryIsRefusedToo() throws IOException {
		final ModelException e = refused(CraftedModels.from(good).put("readme.txt", new byte[3])
			.write(tmp.resolve("extra.zip")));
		assertTrue(e.getMessage().contains("'readme.txt'") && e.getMessage().contains(
			"never has"), e.getMessage());
	}

	@Test
	void anEntryThatInflatesBeyondItsBoundIsStoppedEarly() throws IOException {
		final Runtime rt = Runtime.getRuntime();
		final long before = rt.totalMemory() - rt.freeMemory();
		for (final String entry : new String[] { "configuration.json", "coefficients.bin",
			"cnn-classifier.json", "updaterState.bin" })
		{
			final CraftedModels m = CraftedModels.from(good);
			final Path file = m.write(tmp.resolve("bomb-" + entry + ".zip"), entry, entry.equals(
				"coefficients.bin") || entry.equals("updaterState.bin") ? 8L << 20 : 24L << 20);
			final ModelException e = refused(file);
			assertTrue(e.getMessage().contains("inflates to more than"), entry + ": " + e
				.getMessage());
		}
		// NB: what was read is bounded by the limits (16 MB of JSON), not by the entries.
		final long after = rt.totalMemory() - rt.freeMemory();
		assertTrue(after - before < 100L << 20, "heap grew by " + ((after - before) >> 20) + " MB");
	}

	@Test
	void aConfigurationNamingAnyOtherClassIsRefusedBeforeItLoads() throws IOException {
		for (final String evil : new String[] { "java.net.URL",
			"org.apache.commons.io.FileCleaningTracker", "io.github.cnnclassifier.model.CraftedModels$Canary",
			"org.deeplearning4j.util.ModelSerializer" })
		{
			final Path file = CraftedModels.from(good).edit(ModelZip.CONFIGURATION, json -> json
				.replaceFirst("\"org\\.deeplearning4j\\.nn\\.conf\\.layers\\.ConvolutionLayer\"", java.util
					.regex.Matcher.quoteReplacement("\"" + evil + "\""))).write(tmp.resolve("class.zip"));
			final ModelException e = refused(file);
			assertTrue(e.getMessage().contains("'" + evil + "'") && e.getMessage().contains(
				"not a Deeplearning4j network part"), e.getMessage());
		}
	}

	@Test
	void deeplyNestedJsonIsRefusedBeforeParsing() throws IOException {
		final String deep = "[".repeat(100_000) + "]".repeat(100_000);
		for (final String entry : new String[] { ModelZip.CONFIGURATION, ModelIO.METADATA_ENTRY }) {
			final Path file = CraftedModels.from(good).edit(entry, json -> json.replaceFirst("\\{",
				"{\"x\": " + deep + ",")).write(tmp.resolve("deep.zip"));
			assertTrue(refused(file).getMessage().contains("nests deeper"), entry);
		}
	}

	@Test
	void arrayHeadersThatLieAreRefusedBeforeAllocating() throws IOException {
		final CraftedModels m = CraftedModels.from(good);
		final int params = (int) TestModels.digits().network().numParams();
		// a header claiming 2^40 values, followed by four bytes
		final Path huge = m.put(ModelZip.COEFFICIENTS, coefficients(params, 1L << 40, 1)).write(tmp
			.resolve("huge.zip"));
		assertTrue(refused(huge).getMessage().contains("claims 1099511627776 values"));
		final Path fewer = CraftedModels.from(good).put(ModelZip.COEFFICIENTS, coefficients(
			params - 1, params - 1, params - 1)).write(tmp.resolve("fewer.zip"));
		assertTrue(refused(fewer).getMessage().contains("the network needs " + params));
		final Path cut = CraftedModels.from(good).put(ModelZip.COEFFICIENTS, java.util.Arrays
			.copyOf(m.get(ModelZip.COEFFICIENTS), 100)).write(tmp.resolve("cut.zip"));
		assertTrue(refused(cut).getMessage().contains("not a valid array"));
	}

	/** ND4J's format for a [1, shapeCount] float array: a header claiming {@code claimed} values, then {@code real} values. */
	private static byte[] coefficients(final long shapeCount, final long claimed, final int real)
		throws IOException
	{
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeUTF("MIXED_DATA_TYPES");
			out.writeLong(8);
			out.writeUTF("LONG");
			for (final long v : new long[] { 2, 1, shapeCount, shapeCount, 1, 0, 1, 99 }) out
				.writeLong(v);
			out.writeUTF("MIXED_DATA_TYPES");
			out.writeLong(claimed);
			out.writeUTF("FLOAT");
			for (int i = 0; i < real; i++) out.writeFloat(0.5f);
		}
		return bytes.toByteArray();
	}

	@Test
	void poisonedMetadataIsRefused() throws IOException {
		assertPoison("\"mean\": [-0-9.eE]+", "\"mean\": NaN", "normalisation");
		assertPoison("\"std\": [-0-9.eE]+", "\"std\": 0.0", "normalisation");
		assertPoison("\"std\": [-0-9.eE]+", "\"std\": Infinity", "normalisation");
		assertPoison("\"height\": 28", "\"height\": 0", "input size");
		assertPoison("\"height\": 28", "\"height\": 2000000", "input size");
		assertPoison("\"channels\": 1", "\"channels\": 3", "cannot take");
		assertPoison("\"0\",", "\"1\",", "repeated");
		assertPoison("\"9\"", "\"9\", \"10\"", "10 outputs but 11 labels");
		assertPoison("\\{", "[", "damaged");
	}

	private void assertPoison(final String regex, final String replacement, final String says)
		throws IOException
	{
		final Path file = CraftedModels.from(good).edit(ModelIO.METADATA_ENTRY, json -> {
			final String changed = json.replaceFirst(regex, replacement);
			assertFalse(changed.equals(json), "the pattern " + regex + " is in the metadata");
			return changed;
		}).write(tmp.resolve("poison.zip"));
		final ModelException e = assertThrows(ModelException.class, () -> ModelIO.load(file),
			replacement);
		assertTrue(e.getMessage().contains(says), says + ": " + e.getMessage());
	}

	@Test
	void aZipWithAnEntryTwiceIsRefused() throws IOException {
		final Path file = CraftedModels.from(good).writeWithDuplicate(tmp.resolve("twice.zip"),
			ModelZip.COEFFICIENTS);
		assertTrue(refused(file).getMessage().contains("twice"));
	}

	@Test
	void theUnchangedModelStillOpens() throws IOException {
		final Path file = CraftedModels.from(good).write(tmp.resolve("same.zip"));
		assertEquals(TestModels.digits().labels(), ModelIO.load(file).labels());
	}
}
