package io.github.cnnclassifier.objects;

import io.github.cnnclassifier.api.CnnModel;
import io.github.cnnclassifier.api.Progress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.measure.Calibration;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.ij.ImageClassification;
import io.github.cnnclassifier.predict.Prediction;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Objects of a synthetic 16-bit field classify as the same digits classified as images. */
class ObjectClassificationTest {

	@Test
	void objectsOfALabelImageAndOfRoisGiveTheClassesOfTheSameDigitsAsImages() {
		final Fields fields = new Fields(1);
		try (CnnModel cnn = CnnModel.of(TestModels.digits())) {
			final List<Prediction> asImages = ImageClassification.run(fields.stack, cnn, 16,
				Progress.NONE).predictions();
			final ObjectSet fromLabels = Objects.fromLabels(fields.labels, fields.field);
			final ObjectSet fromRois = Objects.fromRois(fields.rois, fields.field);
			assertEquals(40, fromLabels.objects().size());
			for (final CropGeometry g : List.of(new CropGeometry(28, 0, false), new CropGeometry(
				0, 0, false)))
			{
				final List<Prediction> a = ObjectClassification.run(fields.field, fromLabels
					.objects(), g, cnn, 16, Progress.NONE).predictions();
				final List<Prediction> b = ObjectClassification.run(fields.field, fromRois
					.objects(), g, cnn, 7, Progress.NONE).predictions();
				for (int i = 0; i < 40; i++) {
					assertEquals(asImages.get(i).label(), a.get(i).label(), "object " + i);
					assertEquals(asImages.get(i).confidence(), a.get(i).confidence(), 1e-4);
					assertEquals(a.get(i).label(), b.get(i).label());
				}
			}
			long right = 0;
			for (int i = 0; i < 40; i++) {
				if (asImages.get(i).label().equals(fields.truth(i))) right++;
			}
			assertTrue(right >= 36, right + " of 40");
		}
	}

	@Test
	void rowsHaveTheIssuesColumnsAndCalibratedCentroids() {
		final Fields fields = new Fields(2);
		final Calibration cal = new Calibration();
		cal.pixelWidth = 0.5;
		cal.pixelHeight = 0.5;
		cal.setUnit("um");
		fields.field.setCalibration(cal);
		try (CnnModel cnn = CnnModel.of(TestModels.digits())) {
			final ObjectClassification c = ObjectClassification.run(fields.field, Objects
				.fromRois(fields.rois, fields.field).objects(), new CropGeometry(28, 0, false),
				cnn, 32, Progress.NONE);
			final List<String> labels = cnn.labels();
			final List<String> h = c.headings(labels);
			assertEquals(List.of("Object", "Slice", "Class", "Confidence", "P_0"), h.subList(0,
				5));
			assertEquals(List.of("X", "Y", "X_cal", "Y_cal", "Area"), h.subList(h.size() - 5, h
				.size()));
			final String[] first = c.csv(labels).split("\n")[1].split(",");
			assertEquals("d1", first[0]);
			assertEquals("20.0", first[h.indexOf("X")]);
			assertEquals("10.0", first[h.indexOf("X_cal")]);
			assertEquals("784", first[h.indexOf("Area")]);
			assertEquals(40, c.counts().total());
		}
	}
}
