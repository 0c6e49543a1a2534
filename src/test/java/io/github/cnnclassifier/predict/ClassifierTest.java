package io.github.cnnclassifier.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ij.IJ;
import ij.ImagePlus;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.tensor.ImageSamples;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ClassifierTest {

	@Test
	void oneMiniBatchGivesWhatSeveralGive() {
		final ImagePlus stack = IJ.openImage(TestModels.DIGITS_STACK.toString());
		final ModelBundle model = TestModels.digits();
		final ImageSamples samples = new ImageSamples(stack, model.inputShape());
		final List<Integer> oneBatch = new ArrayList<>();
		final List<Integer> batches = new ArrayList<>();
		final List<Prediction> whole;
		final List<Prediction> split;
		try (Classifier classifier = new Classifier(model)) {
			whole = classifier.classify(samples, 128, oneBatch::add);
			split = classifier.classify(samples, 16, batches::add);
		}
		assertEquals(List.of(40), oneBatch, "progress once, at the end");
		assertEquals(List.of(16, 32, 40), batches);
		assertEquals(40, whole.size());
		for (int i = 0; i < 40; i++) {
			for (int k = 0; k < 10; k++) {
				assertEquals(split.get(i).probability(k), whole.get(i).probability(k), 1e-5f,
					"plane " + (i + 1) + ", class " + k);
			}
		}
		assertArrayEquals(split.stream().map(Prediction::label).toArray(), whole.stream().map(
			Prediction::label).toArray());
	}
}
