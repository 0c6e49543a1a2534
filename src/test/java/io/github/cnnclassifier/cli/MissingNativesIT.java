package io.github.cnnclassifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without ND4J's native code (a platform we did not install for), classifying works and a
 * command that needs it says so in one line.
 */
class MissingNativesIT {

	@TempDir
	Path tmp;

	/** NB: the vector engine classifies a saved model without ND4J at all (model.FlatParams). */
	@Test
	void classifyingNeedsNoNativeCode() throws Exception {
		final Path csv = tmp.resolve("out.csv");
		final Run r = withoutNatives("Classify with CNN", "image='" + TestModels.DIGITS_STACK
			.toAbsolutePath() + "',model='" + Paths.get(
				"src/test/resources/fixtures/foundation-digits.zip").toAbsolutePath() + "',results='" +
			csv + "'");
		assertEquals(0, r.exit, r.out);
		assertEquals(41, Files.readAllLines(csv).size(), r.out);
	}

	@Test
	void trainingWithoutNativesNamesWhatIsMissingAndHowToInstallIt() throws Exception {
		final Run r = withoutNatives("Train CNN Classifier", "data='" + Paths.get(
			"test-images/digits").toAbsolutePath() + "',model='" + tmp.resolve("m.zip") +
			"',max_epochs=1");
		assertEquals(1, r.exit, r.out);
		final List<String> errors = r.out.lines().filter(l -> l.startsWith("[ERROR]")).collect(
			Collectors.toList());
		assertEquals(1, errors.size(), r.out);
		assertTrue(errors.get(0).contains("ND4J's native code") && errors.get(0).contains(
			"nd4j-native-1.0.0-M2.1-") && errors.get(0).contains("install --platform="), r.out);
		assertFalse(r.out.contains("\tat ") || r.out.contains("Exception"), r.out);
		assertFalse(Files.exists(tmp.resolve("m.zip")));
	}

	private record Run(int exit, String out) {}

	/** Runs a command headless with the class path without ND4J's native jars. */
	private Run withoutNatives(final String command, final String arguments) throws Exception {
		final String jar;
		try (java.util.stream.Stream<Path> files = Files.list(Paths.get("target"))) {
			jar = files.map(Path::toString).filter(p -> p.matches(".*CNN_Classifier-[^/]*\\.jar") &&
				!p.endsWith("-tests.jar")).findFirst().orElseThrow();
		}
		final String classpath = Arrays.stream(Files.readString(Paths.get("target",
			"classpath.txt")).trim().split(File.pathSeparator)).filter(p -> !p.matches(
				".*(nd4j-native|openblas)-[^/]*-(linux|macosx|windows)-[^/]*\\.jar")).collect(
					Collectors.joining(File.pathSeparator));
		final Path err = tmp.resolve("err");
		final Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin",
			"java").toString(), "--add-opens=java.base/java.lang=ALL-UNNAMED",
			"--add-modules=jdk.incubator.vector", "-Djava.awt.headless=true", "-cp", jar +
				File.pathSeparator + classpath, Main.class.getName(), "--headless", "--run",
			command, arguments).redirectErrorStream(true).redirectOutput(err.toFile()).start();
		assertTrue(p.waitFor(3, TimeUnit.MINUTES));
		return new Run(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
	}
}
