package io.github.cnnclassifier.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.cnnclassifier.tensor.InputShape;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ModelMetadataTest {

	@Test
	void settingAValueGivesAChangedCopyAndLeavesTheOriginalAsItWas() {
		final ModelMetadata made = new ModelMetadata(List.of("a", "b"), new InputShape(2, 2, 1),
			new Normalization(0, 1), "custom", 7);
		final ModelMetadata trained = made.stopped("completed").training(Map.of("max_epochs", 4))
			.data(new DataInfo("/data", null, 10, "f", 8, 2, List.of()));
		assertEquals("", made.stopped());
		assertEquals(Map.of(), made.training());
		assertNull(made.data());
		assertEquals("completed", trained.stopped());
		assertEquals(Map.of("max_epochs", 4), trained.training());
		assertEquals("/data", trained.data().folder());
		assertEquals(made.labels(), trained.labels());
		assertEquals(7, trained.seed());
	}

	@Test
	void theCropGeometryIsSetOnACopyAndKeptByLaterCopies() {
		final ModelMetadata made = new ModelMetadata(List.of("a", "b"), new InputShape(2, 2, 1),
			new Normalization(0, 1), "custom", 7);
		final CropInfo crops = new CropInfo(32, 2, true, List.of("ROI file"));
		final ModelMetadata recorded = made.crops(crops).stopped("completed").calibration(null);
		assertNull(made.crops());
		assertEquals(crops, recorded.crops());
	}

	@Test
	void aTrainingRunsRecordKeepsTheModelAndDropsTheOldCalibration() {
		final ModelMetadata before = new ModelMetadata(List.of("a", "b"), new InputShape(2, 2, 1),
			new Normalization(0, 1), "custom", 7).layers("fc2", List.of("fc_1")).data(new DataInfo(
				"/data", null, 10, "f", 8, 2, List.of())).calibration(new CalibrationInfo(1.5, 20,
					0.1, 0.05, 0.4, 0.3)).stopped("completed");
		final ModelMetadata after = before.trained(9, Map.of("max_epochs", 2), List.of(),
			"stopped by validation_patience");
		assertEquals(List.of(9L, "fc2", List.of("fc_1"), "/data", Map.of("max_epochs", 2),
			"stopped by validation_patience"), List.of(after.seed(), after.layers(), after
				.layerNames(), after.data().folder(), after.training(), after.stopped()));
		assertNull(after.calibration(), "fitted to the weights before");
		assertEquals(Versions.all(), after.versions());
		assertEquals(false, after.created().isEmpty());
		assertEquals("completed", before.stopped());
	}
}
