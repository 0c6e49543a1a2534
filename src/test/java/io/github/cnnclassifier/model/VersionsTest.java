package io.github.cnnclassifier.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VersionsTest {

	@Test
	void imageJsReleasesAreNamedAsImageJNamesThem() {
		// NB: IJ.getFullVersion() gives "1.53t99" for the release 1.53t.
		assertEquals("1.53t", Versions.imagej("1.53t", "1.53t99"));
		assertEquals("1.54q (daily build 05)", Versions.imagej("1.54q", "1.54q05"));
		assertEquals(ij.IJ.getVersion(), Versions.all().get("imagej"));
	}
}
