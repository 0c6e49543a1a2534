package io.github.cnnclassifier.predict;

import io.github.cnnclassifier.api.CnnModel;
import io.github.cnnclassifier.api.Progress;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ij.IJ;
import ij.ImagePlus;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.engine.Runners;
import io.github.cnnclassifier.ij.ImageClassification;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelIO;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Models written before the vector engine load and classify as they did. */
class ModelCompatibilityTest {

	private static final Path FIXTURES = Paths.get("src", "test", "resources", "fixtures");

	@Test
	void aFoundationModelGivesTheProbabilitiesItGaveThen() throws Exception {
		final List<String> expected = Files.readAllLines(FIXTURES.resolve(
			"foundation-digits-stack.csv"), StandardCharsets.UTF_8);
		final ModelBundle model = ModelIO.load(FIXTURES.resolve("foundation-digits.zip"));
		final ImagePlus stack = IJ.openImage(TestModels.DIGITS_STACK.toString());
		final String engine;
		final List<Prediction> now;
		try (CnnModel cnn = CnnModel.of(model)) {
			engine = cnn.engine();
			now = ImageClassification.run(stack, cnn, 16, Progress.NONE).predictions();
		}
		assertEquals(Runners.vectorAvailable(), engine.startsWith("vector engine"), engine);
		assertEquals(41, expected.size());
		for (int i = 0; i < 40; i++) {
			final String[] then = expected.get(i + 1).split(",");
			assertEquals(then[1], now.get(i).label(), "slice " + (i + 1));
			for (int k = 0; k < 10; k++) {
				assertEquals(Float.parseFloat(then[3 + k]), now.get(i).probability(k), 1e-4,
					"slice " + (i + 1) + ", P_" + k);
			}
		}
	}
}
