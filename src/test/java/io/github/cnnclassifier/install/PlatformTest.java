package io.github.cnnclassifier.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Platform names: Fiji's folders, ND4J's classifiers, and what the user may type. */
class PlatformTest {

	@Test
	void foldersAreTheImageJUpdatersPlatformsAndClassifiersAreJavaCpps() {
		assertEquals(List.of("linux64", "linux-arm64", "macos64", "macos-arm64", "win64"), Stream
			.of(Platform.values()).map(Platform::folder).toList());
		assertEquals(List.of("linux-x86_64", "linux-arm64", "macosx-x86_64", "macosx-arm64",
			"windows-x86_64"), Stream.of(Platform.values()).map(Platform::classifier).toList());
	}

	@Test
	void namesParseEitherWayAndAllMeansEveryPlatform() {
		assertEquals(EnumSet.allOf(Platform.class), Platform.parse("all"));
		assertEquals(EnumSet.of(Platform.WIN64, Platform.MACOS_ARM64), Platform.parse(
			"win64, macosx-arm64"));
		final InstallException e = assertThrows(InstallException.class, () -> Platform.parse(
			"win32"));
		assertEquals("Unknown platform 'win32': use all or linux64, linux-arm64, macos64, " +
			"macos-arm64, win64 (or ND4J's names, e.g. windows-x86_64).", e.getMessage());
	}

	@Test
	void javasOsNameAndArchitectureName() {
		assertEquals(Platform.LINUX64, Platform.of("Linux", "amd64"));
		assertEquals(Platform.LINUX_ARM64, Platform.of("Linux", "aarch64"));
		assertEquals(Platform.MACOS64, Platform.of("Mac OS X", "x86_64"));
		assertEquals(Platform.MACOS_ARM64, Platform.of("Mac OS X", "aarch64"));
		assertEquals(Platform.WIN64, Platform.of("Windows 11", "amd64"));
		assertNull(Platform.of("Windows 11", "aarch64"));
		assertNull(Platform.of("Linux", "ppc64le"));
		assertEquals(Platform.of(System.getProperty("os.name"), System.getProperty("os.arch")),
			Platform.current());
	}
}
