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

/** Without ND4J's native code (a platform we did not install for), a command says so in one line. */
class MissingNativesIT {

	@TempDir
	Path tmp;

	@Test
	void classifyingWithoutNativesNamesWhatIsMissingAndHowToInstallIt() throws Exception {
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
			"Classify with CNN", "image='" + TestModels.DIGITS_STACK.toAbsolutePath() +
				"',model='" + Paths.get("src/test/resources/fixtures/foundation-digits.zip")
					.toAbsolutePath() + "',results='" + tmp.resolve("out.csv") + "'")
						.redirectErrorStream(true).redirectOutput(err.toFile()).start();
		assertTrue(p.waitFor(3, TimeUnit.MINUTES));
		final String out = Files.readString(err, StandardCharsets.UTF_8);
		assertEquals(1, p.exitValue(), out);
		final List<String> errors = out.lines().filter(l -> l.startsWith("[ERROR]")).collect(
			Collectors.toList());
		assertEquals(1, errors.size(), out);
		assertTrue(errors.get(0).contains("ND4J's native code") && errors.get(0).contains(
			"nd4j-native-1.0.0-M2.1-") && errors.get(0).contains("install --platform="), out);
		assertFalse(out.contains("\tat ") || out.contains("Exception"), out);
	}
}
