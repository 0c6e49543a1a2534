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
	void aMacroClassifiesWithABareOnnxGivingItsLabelsAndNormalization() throws Exception {
		final Path folder = Files.createDirectories(tmp.resolve("images"));
		for (final String d : java.util.List.of("3", "7")) {
			Files.copy(Paths.get("test-images", "digits", d, "digit_" + d + "_001.png")
				.toAbsolutePath(), folder.resolve(d + ".png"));
		}
		final Path csv = tmp.resolve("classes.csv"), macro = tmp.resolve("classify.ijm");
		// NB: commas and spaces inside [...]: one value, as the macro recorder writes it.
		final String options = "model=[" + ONNX + "] labels=[zero, one, two, three, four, " +
			"five, six, seven, eight, nine] normalization=0/255";
		Files.writeString(macro, "run(\"Classify Folder with CNN\", \"folder=[" + folder +
			"] results=[" + csv + "] " + options + "\");\n" +
			"open(\"" + folder.resolve("7.png") + "\");\n" +
			"run(\"Classify with CNN\", \"" + options + "\");\n" +
			"print(\"class: \" + getResultString(\"Class\", 0));\n", StandardCharsets.UTF_8);
		final Launcher r = Launcher.run("-batch", macro.toString());
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.out.contains("class: seven"), r.toString());
		final String rows = Files.readString(csv, StandardCharsets.UTF_8);
		assertTrue(rows.contains(",P_zero,P_one,") && rows.contains("3.png,1,three,") && rows
			.contains("7.png,1,seven,"), rows);
	}

	@Test
	void headlessAWrongCountOfLabelsIsOneLineWithExitStatusOne() throws Exception {
		final Path csv = tmp.resolve("classes.csv");
		final Launcher r = Launcher.run("--headless", "--run", "Classify Folder with CNN",
			"folder='" + Paths.get("test-images", "digits", "3").toAbsolutePath() + "',model='" +
				ONNX + "',labels='cat,dog',normalization='0/255',results='" + csv + "'");
		assertEquals(1, r.exit, r.toString());
		assertTrue(r.err.contains("gives 10 class scores but 2 labels were given (cat,dog)"), r
			.err);
		assertFalse(r.err.contains("\tat "), r.err);
		assertFalse(Files.exists(csv));
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
