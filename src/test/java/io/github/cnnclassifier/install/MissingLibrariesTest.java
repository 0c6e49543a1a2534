package io.github.cnnclassifier.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The errors of a missing jar become one message that names it and the install command. */
class MissingLibrariesTest {

	/** The plugin's libraries, as jar file names, with natives for this machine. */
	private static final Set<String> ALL = Artifact.runtime().stream().map(Artifact::fileName)
		.collect(Collectors.toSet());

	@Test
	void withEveryJarNothingIsMissing() {
		assertEquals(List.of(), MissingLibraries.missing(ALL));
	}

	@Test
	void aMissingJarIsNamedWhateverItsVersion() {
		final Set<String> jars = ALL.stream().filter(j -> !j.startsWith("scijava-common-") && !j
			.startsWith("gson-")).collect(Collectors.toSet());
		jars.add("gson-2.8.9.jar");
		assertEquals(List.of("scijava-common"), MissingLibraries.missing(jars).stream().map(
			Artifact::artifactId).toList());
	}

	@Test
	void aMissingClassNamesTheClassAndTheInstallCommand() {
		final String message = MissingLibraries.explain(new RuntimeException("wrapped",
			new NoClassDefFoundError("org/scijava/module/ModuleInfo")), "/opt/ImageJ/").orElseThrow();
		assertTrue(message.startsWith("A library is missing: class org.scijava.module." +
			"ModuleInfo was not found. "), message);
		assertTrue(message.endsWith("Install all libraries with: ./cnn-classifier install " +
			"/opt/ImageJ"), message);
	}

	@Test
	void missingNativeCodeNamesThePlatform() {
		final String message = MissingLibraries.explain(new ExecutionException(
			new UnsatisfiedLinkError("no jnind4jcpu in java.library.path: /usr/lib:/lib")), null)
			.orElseThrow();
		assertTrue(message.startsWith("ND4J's native code for " + Platform.current() +
			" did not load (no jnind4jcpu). "), message);
		assertTrue(message.endsWith("Install it with: ./cnn-classifier install --platform=" +
			Platform.current() + " /path/to/Fiji.app"), message);
		assertTrue(MissingLibraries.explain(new NoClassDefFoundError("Could not initialize " +
			"class org.nd4j.nativeblas.NativeOpsHolder"), null).orElseThrow().startsWith(
				"ND4J failed to start earlier in this session"));
	}

	@Test
	void tooOldAJavaIsSaid() {
		assertTrue(MissingLibraries.explain(new UnsupportedClassVersionError("class file " +
			"version 61.0"), null).orElseThrow().startsWith("CNN Classifier needs Java 17 or " +
				"newer; this ImageJ runs Java "));
	}

	@Test
	void otherErrorsAreNotOurs() {
		assertEquals(Optional.empty(), MissingLibraries.explain(new IllegalStateException(
			"something else"), null));
	}
}
