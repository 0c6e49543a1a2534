package io.github.cnnclassifier.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.predict.Prediction;
import io.github.cnnclassifier.tensor.ImageSamples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lecture CNN evaluated on the shipped digits. */
class EvaluationTest {

	@TempDir
	Path tmp;

	private final ModelBundle model = TestModels.digits();
	private static Evaluation digits;

	/** The evaluation of the digits model on its own folder, made once. */
	private static synchronized Evaluation digits() {
		if (digits == null) {
			try (Classifier c = new Classifier(TestModels.digits())) {
				digits = Evaluation.of(c, TestModels.DIGITS, BadFiles.SKIP, 64, done -> {});
			}
		}
		return digits;
	}

	@Test
	void theCountsSumToTheImagesAndTheDiagonalIsTheAccuracy() {
		final Evaluation e = digits();
		final ConfusionMatrix m = e.confusion();
		assertEquals(1200, m.total());
		int diagonal = 0, all = 0;
		for (int t = 0; t < 10; t++) {
			assertEquals(120, m.support(t), "images of " + t);
			diagonal += m.counts()[t][t];
			for (int p = 0; p < 10; p++) all += m.counts()[t][p];
		}
		assertEquals(1200, all);
		assertEquals(diagonal / 1200.0, m.accuracy(), 1e-12);
		assertEquals(1200 - diagonal, e.misclassified().size());
		assertTrue(m.accuracy() > 0.9, "accuracy " + m.accuracy());
		for (int k = 0; k < 10; k++) {
			assertEquals((double) m.counts()[k][k] / m.predicted(k), m.precision(k), 1e-12);
			assertEquals(m.counts()[k][k] / 120.0, m.recall(k), 1e-12);
			final double p = m.precision(k), r = m.recall(k);
			assertEquals(2 * p * r / (p + r), m.f1(k), 1e-12);
		}
	}

	/** Each listed image is what the classifier says of it on its own. */
	@Test
	void theMisclassifiedFilesAreThoseTheClassifierGetsWrong() {
		final Evaluation e = digits();
		assertTrue(!e.misclassified().isEmpty(), "4 epochs leave a few digits wrong");
		try (Classifier c = new Classifier(model)) {
			for (final Evaluation.Misclassified m : e.misclassified()) {
				final Prediction p = c.classify(new ImageSamples(IJ.openImage(m.file().toString()),
					model.inputShape()), 1, done -> {}).get(0);
				assertEquals(p.label(), m.predicted());
				assertEquals(m.file().getParent().getFileName().toString(), m.truth());
				assertTrue(!m.truth().equals(m.predicted()));
			}
		}
		final String[] csv = e.misclassifiedCsv(TestModels.DIGITS).split("\n");
		assertEquals("File,True,Predicted,Confidence", csv[0]);
		assertEquals(e.misclassified().size() + 1, csv.length);
		final Evaluation.Misclassified first = e.misclassified().get(0);
		assertTrue(csv[1].startsWith(first.truth() + "/" + first.file().getFileName() + "," +
			first.truth() + "," + first.predicted() + ","), csv[1]);
	}

	@Test
	void theCsvFilesHaveOneRowPerClass() {
		final ConfusionMatrix m = digits().confusion();
		final String[] counts = m.csv().split("\n");
		assertEquals("True,0,1,2,3,4,5,6,7,8,9", counts[0]);
		assertEquals(11, counts.length);
		assertTrue(counts[8].startsWith("7," + m.counts()[7][0] + ","), counts[8]);
		final String[] metrics = digits().metricsCsv().split("\n");
		assertEquals("Class,Precision,Recall,Recall_CI95_Low,Recall_CI95_High,F1,Support",
			metrics[0]);
		assertTrue(metrics[1].startsWith("0,") && metrics[1].endsWith(",120"), metrics[1]);
	}

	@Test
	void aClassTheModelDoesNotKnowIsNamed() throws Exception {
		for (final String label : List.of("3", "cat")) {
			Files.createDirectories(tmp.resolve(label));
			Files.copy(TestModels.DIGITS.resolve("3/digit_3_001.png"), tmp.resolve(label).resolve(
				"a.png"));
		}
		final DataException e;
		try (Classifier c = new Classifier(model)) {
			e = assertThrows(DataException.class, () -> Evaluation.of(c, tmp, BadFiles.SKIP, 64,
				done -> {}));
		}
		assertEquals("Folder " + tmp + " has classes the model does not know: [cat]. The model " +
			"classifies [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]; name the sub-folders after those classes.",
			e.getMessage());
	}

	@Test
	void aFolderWithSomeClassesCountsOnlyThose() throws Exception {
		for (final String label : List.of("1", "7")) {
			Files.createDirectories(tmp.resolve(label));
			for (int i = 1; i <= 5; i++) {
				final String name = String.format("digit_%s_%03d.png", label, i);
				Files.copy(TestModels.DIGITS.resolve(label).resolve(name), tmp.resolve(label).resolve(
					name));
			}
		}
		Files.writeString(tmp.resolve("7").resolve("broken.png"), "not an image");
		final Evaluation e;
		try (Classifier c = new Classifier(model)) {
			e = Evaluation.of(c, tmp, BadFiles.SKIP, 4, done -> {});
		}
		assertEquals(10, e.confusion().total());
		assertEquals(5, e.confusion().support(1));
		assertEquals(0, e.confusion().support(3));
		assertTrue(Double.isNaN(e.confusion().recall(3)));
		assertEquals(1, e.skipped().size());
		assertTrue(e.skipped().get(0).contains("broken.png"), e.skipped().get(0));
	}
}
