package io.github.cnnclassifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import CNN Model and Export CNN Model through ./cnn-classifier: headless and in a macro. */
class SharingModelsIT {

	private static final Path ONNX = Paths.get("src", "test", "resources", "fixtures",
		"pytorch-lecture-cnn.onnx").toAbsolutePath();

	@TempDir
	Path tmp;

	@Test
	void headlessImportThenExportAsOnnx() throws Exception {
		final Path zip = tmp.resolve("pytorch model.zip"), onnx = tmp.resolve("again.onnx");
		final Launcher in = Launcher.run("--headless", "--run", "Import CNN Model", "model='" +
			ONNX + "',output='" + zip + "',labels='0,1,2,3,4,5,6,7,8,9',normalization='0/255'");
		assertEquals(0, in.exit, in.err);
		assertTrue(Files.size(zip) > 0);
		final Launcher out = Launcher.run("--headless", "--run", "Export CNN Model", "model='" +
			zip + "',output='" + onnx + "',format='onnx'");
		assertEquals(0, out.exit, out.err);
		assertTrue(Files.size(onnx) > 1000);
	}

	@Test
	void aMacroImportsAndExportsABioimageioPackage() throws Exception {
		final Path zip = tmp.resolve("imported.zip"), pkg = tmp.resolve("package.zip");
		final Path macro = tmp.resolve("share.ijm");
		Files.writeString(macro, "run(\"Import CNN Model\", \"model=[" + ONNX + "] output=[" + zip +
			"] labels=[zero,one,two,three,four,five,six,seven,eight,nine] normalization=0/255\");\n" +
			"run(\"Export CNN Model\", \"model=[" + zip + "] output=[" + pkg + "] format=bioimageio " +
			"authors=[Ann Author]\");\n", StandardCharsets.UTF_8);
		final Launcher r = Launcher.run("-batch", macro.toString());
		assertEquals(0, r.exit, r.err);
		try (ZipFile z = new ZipFile(pkg.toFile())) {
			final String rdf = new String(z.getInputStream(z.getEntry("rdf.yaml")).readAllBytes(),
				StandardCharsets.UTF_8);
			assertTrue(rdf.contains("\"zero\", \"one\""), rdf);
			assertTrue(rdf.contains("Ann Author"), rdf);
		}
	}

	@Test
	void anUnsupportedOnnxIsRefusedInOneLineWithExitStatusOne() throws Exception {
		final Path bad = tmp.resolve("bad.onnx");
		Files.writeString(bad, "not a model", StandardCharsets.UTF_8);
		final Launcher r = Launcher.run("--headless", "--run", "Import CNN Model", "model='" + bad +
			"',output='" + tmp.resolve("x.zip") + "'");
		assertEquals(1, r.exit, r.err);
		assertTrue(r.err.contains("is not an ONNX model"), r.err);
		assertFalse(r.err.contains("\tat "), r.err);
		assertFalse(Files.exists(tmp.resolve("x.zip")));
	}
}
