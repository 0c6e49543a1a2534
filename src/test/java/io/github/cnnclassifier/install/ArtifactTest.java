package io.github.cnnclassifier.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Coordinates from Maven's dependency list, and which file names hold which artifact. */
class ArtifactTest {

	private static final Artifact SCIJAVA = new Artifact("org.scijava", "scijava-common",
		"2.99.0", null);
	private static final Artifact ND4J_LINUX = new Artifact("org.nd4j", "nd4j-native",
		"1.0.0-M2.1", "linux-x86_64");

	@Test
	void mavensListParses() {
		assertEquals(List.of(SCIJAVA, ND4J_LINUX, new Artifact("org.javassist", "javassist",
			"3.30.2-GA", null)), Artifact.parse(List.of("", "The following files have been resolved:",
				"   org.scijava:scijava-common:jar:2.99.0:compile -- module org.scijava [auto]",
				"   org.nd4j:nd4j-native:jar:linux-x86_64:1.0.0-M2.1:compile -- module nd4j.cpu.binary",
				"   org.javassist:javassist:jar:3.30.2-GA:compile", "   some:pom:pom:1:compile")));
	}

	@Test
	void theBuildListsTheRuntimeLibrariesWithThisMachinesNatives() {
		final List<Artifact> runtime = Artifact.runtime();
		assertTrue(runtime.stream().anyMatch(a -> a.artifactId().equals("scijava-common")),
			runtime.toString());
		for (final String natives : List.of("nd4j-native", "nd4j-native-preset", "openblas",
			"javacpp"))
		{
			assertTrue(runtime.stream().anyMatch(a -> a.artifactId().equals(natives) && a
				.platform() == Platform.current()), natives + " in " + runtime);
		}
		assertTrue(runtime.stream().noneMatch(a -> a.artifactId().startsWith("junit")), runtime
			.toString());
	}

	@Test
	void fileNamesAreMavens() {
		assertEquals("scijava-common-2.99.0.jar", SCIJAVA.fileName());
		assertEquals("nd4j-native-1.0.0-M2.1-linux-x86_64.jar", ND4J_LINUX.fileName());
		assertEquals("nd4j-native-1.0.0-M2.1-windows-x86_64.jar", ND4J_LINUX.on(Platform.WIN64)
			.fileName());
		assertEquals("org.nd4j:nd4j-native:1.0.0-M2.1:jar:linux-x86_64", ND4J_LINUX
			.coordinates());
	}

	@Test
	void anyVersionOfTheSameArtifactAndClassifierMatches() {
		assertEquals("2.97.1", SCIJAVA.versionIn("scijava-common-2.97.1.jar"));
		assertEquals("1.0.0-beta7", ND4J_LINUX.versionIn("nd4j-native-1.0.0-beta7-linux-x86_64.jar"));
		assertEquals("3.30.2-GA", new Artifact("g", "javassist", "3.30.2-GA", null).versionIn(
			"javassist-3.30.2-GA.jar"));
		assertEquals("1.54f", new Artifact("net.imagej", "ij", "1.54p", null).versionIn(
			"ij-1.54f.jar"));
	}

	@Test
	void otherArtifactsAndClassifiersDoNot() {
		assertNull(new Artifact("net.imglib2", "imglib2", "7.1.2", null).versionIn(
			"imglib2-algorithm-0.15.0.jar"));
		assertNull(new Artifact("net.imagej", "ij", "1.54p", null).versionIn(
			"ij1-patcher-1.2.8.jar"));
		assertNull(new Artifact("net.java.dev.jna", "jna", "5.14.0", null).versionIn(
			"jna-platform-5.14.0.jar"));
		assertNull(ND4J_LINUX.versionIn("nd4j-native-1.0.0-M2.1.jar"));
		assertNull(ND4J_LINUX.versionIn("nd4j-native-1.0.0-M2.1-linux-x86_64-avx2.jar"));
		assertNull(ND4J_LINUX.versionIn("nd4j-native-preset-1.0.0-M2.1-linux-x86_64.jar"));
		assertNull(new Artifact("org.nd4j", "nd4j-native", "1.0.0-M2.1", null).versionIn(
			"nd4j-native-1.0.0-M2.1-windows-x86_64.jar"));
	}
}
