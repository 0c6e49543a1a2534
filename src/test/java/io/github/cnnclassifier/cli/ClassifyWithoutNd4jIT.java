package io.github.cnnclassifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classifying with a saved model on the vector engine starts neither ND4J
 * nor a DL4J network: the JVM's log of class initialisations (-Xlog:class+init)
 * never names ND4J's factory, from the command line and from a macro.
 */
class ClassifyWithoutNd4jIT {

	private static final Path MODEL = Paths.get("src/test/resources/fixtures/foundation-digits.zip")
		.toAbsolutePath();
	private static final String ND4J = "Initializing 'org/nd4j/linalg/factory/Nd4j'";
	private static final String ENGINE = "Initializing 'io/github/cnnclassifier/engine/VectorRunner'";

	@TempDir
	Path tmp;

	@Test
	void classifyWithCnnOnASavedModelNeverStartsNd4j() throws Exception {
		final Path log = tmp.resolve("init.log");
		final Launcher r = Launcher.run(Map.of("JAVA_OPTS", "-Xlog:class+init=info:file=" + log),
			"--headless", "--run", "Classify with CNN", "image='" + TestModels.DIGITS_STACK
				.toAbsolutePath() + "',model='" + MODEL + "'");
		assertEquals(0, r.exit, r.toString());
		assertClassifiedWithoutNd4j(log);
	}

	@Test
	void aMacroClassifyingImageAfterImageNeverStartsNd4j() throws Exception {
		final Path log = tmp.resolve("init.log");
		final Path macro = tmp.resolve("calls.ijm");
		Files.writeString(macro, "setBatchMode(true);\nopen(\"" + TestModels.DIGITS_STACK
			.toAbsolutePath() + "\");\nfor (i = 0; i < 3; i++) run(\"Classify with CNN\", " +
			"\"model=[" + MODEL + "]\");\nprint(\"rows \" + nResults);\n", StandardCharsets.UTF_8);
		final Launcher r = Launcher.run(Map.of("JAVA_OPTS", "-Xlog:class+init=info:file=" + log),
			"-batch", macro.toString());
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.out.contains("rows 40") || r.err.contains("rows 40"), r.toString());
		assertClassifiedWithoutNd4j(log);
	}

	private static void assertClassifiedWithoutNd4j(final Path log) throws Exception {
		final String classes = Files.readString(log, StandardCharsets.UTF_8);
		assertTrue(classes.contains(ENGINE), "the vector engine computed (and the log works)");
		assertFalse(classes.contains(ND4J), "ND4J was started");
	}
}
