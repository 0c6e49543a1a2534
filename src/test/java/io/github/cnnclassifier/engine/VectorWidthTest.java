package io.github.cnnclassifier.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine assumes no vector width: with 4 floats a vector (NEON, SSE), 8
 * (AVX2) and 16 (AVX-512) it computes the same outputs, activations and
 * training steps within 1e-5. Each width needs its own JVM (the width is a
 * constant the JIT compiles in).
 */
class VectorWidthTest {

	@TempDir
	Path tmp;

	@Test
	void fourEightAndSixteenLanesAgree() throws Exception {
		final List<float[][]> results = new ArrayList<>();
		for (final int lanes : new int[] { 4, 8, 16 }) results.add(probe(lanes));
		for (int k = 1; k < results.size(); k++) {
			for (int part = 0; part < 3; part++) {
				final float[] a = results.get(0)[part], b = results.get(k)[part];
				assertEquals(a.length, b.length);
				for (int i = 0; i < a.length; i++) {
					assertEquals(a[i], b[i], 1e-5, "part " + part + " value " + i + ", 4 against " + (k *
						8) + " lanes");
				}
			}
		}
	}

	private float[][] probe(final int lanes) throws IOException, InterruptedException {
		final Path file = tmp.resolve("lanes" + lanes);
		final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		final Process p = new ProcessBuilder(java, "--add-modules=jdk.incubator.vector",
			"-Dcnnclassifier.lanes=" + lanes, "-cp", System.getProperty("java.class.path"),
			LanesProbe.class.getName(), file.toString()).redirectErrorStream(true).redirectOutput(
				tmp.resolve("log" + lanes).toFile()).start();
		if (!p.waitFor(5, TimeUnit.MINUTES)) p.destroyForcibly();
		assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("log" + lanes)));
		try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
			assertEquals(lanes, in.readInt(), "the JVM computed with " + lanes + " lanes");
			final float[][] parts = new float[3][];
			for (int part = 0; part < 3; part++) {
				parts[part] = new float[in.readInt()];
				for (int i = 0; i < parts[part].length; i++) parts[part][i] = in.readFloat();
			}
			return parts;
		}
	}
}
