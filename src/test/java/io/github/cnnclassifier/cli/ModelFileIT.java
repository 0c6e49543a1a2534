package io.github.cnnclassifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.CraftedModels;
import io.github.cnnclassifier.model.ModelIO;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crafted model files through the launcher: status 1, one line naming the file and the fault, nothing written. */
class ModelFileIT {

	@TempDir
	Path tmp;

	@Test
	void craftedModelFilesAreRefusedInOneLine() throws Exception {
		final Path good = TestModels.digitsFile();
		final Path serialised = CraftedModels.from(good).put("normalizer.bin", CraftedModels
			.canary()).write(tmp.resolve("serialised.zip"));
		final Path bomb = CraftedModels.from(good).write(tmp.resolve("bomb.zip"),
			"configuration.json", 24L << 20);
		final Path nan = CraftedModels.from(good).edit(ModelIO.METADATA_ENTRY, j -> j
			.replaceFirst("\"mean\": [-0-9.eE]+", "\"mean\": NaN")).write(tmp.resolve("nan.zip"));
		final Path huge = CraftedModels.from(good).edit(ModelIO.METADATA_ENTRY, j -> j
			.replaceFirst("\"height\": 28", "\"height\": 90000")).write(tmp.resolve("huge.zip"));
		for (final List<Object> c : List.<List<Object>> of(List.of(serialised, "'normalizer.bin'"),
			List.of(bomb, "inflates to more than"), List.of(nan, "normalisation"), List.of(huge,
				"input size")))
		{
			final Path model = (Path) c.get(0);
			final Path csv = tmp.resolve("out.csv");
			final Launcher r = Launcher.run("--headless", "--run", "Classify with CNN", "image='" +
				TestModels.DIGITS_STACK.toAbsolutePath() + "',model='" + model + "',results='" + csv +
				"'");
			assertEquals(1, r.exit, r.toString());
			final List<String> errors = r.errorLines();
			assertEquals(1, errors.size(), r.toString());
			assertTrue(errors.get(0).contains(model.toString()) && errors.get(0).contains((String) c
				.get(1)), r.toString());
			assertFalse(r.err.contains("\tat ") || r.err.contains("Exception"), r.toString());
			assertFalse(Files.exists(csv));
		}
	}
}
