package io.github.cnnclassifier.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.HeldOutDigits;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.ImageHash;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.predict.Classifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** A model evaluated on digits it never saw, as a paper's held-out evaluation. */
class HeldOutEvaluationTest {

	private static Evaluation evaluate(final ModelBundle m, final Path folder) {
		try (Classifier c = new Classifier(m)) {
			return Evaluation.of(c, folder, BadFiles.STOP, 64, done -> {});
		}
	}

	private static List<Path> files(final Path folder) throws IOException {
		try (Stream<Path> s = Files.walk(folder)) {
			return s.filter(Files::isRegularFile).sorted().toList();
		}
	}

	@Test
	void temperatureScalingLowersTheEceOfAnOverconfidentModelOnASeparateFolder() {
		final ModelBundle calibrated = HeldOutDigits.model();
		assertTrue(calibrated.metadata().calibration().temperature() > 1, "over-confident: " +
			calibrated.metadata().calibration());
		final Evaluation before = evaluate(new ModelBundle(calibrated.network(), calibrated
			.metadata().calibration(null)), HeldOutDigits.heldOut());
		final Evaluation after = evaluate(calibrated, HeldOutDigits.heldOut());
		assertEquals(500, after.metrics().images());
		assertEquals(before.confusion().correct(), after.confusion().correct(), "the same answers");
		assertTrue(after.metrics().ece() < before.metrics().ece() * 0.8, "ECE " + before
			.metrics().ece() + " -> " + after.metrics().ece());
		assertTrue(after.metrics().brier() < before.metrics().brier(), "Brier " + before
			.metrics().brier() + " -> " + after.metrics().brier());
	}

	@Test
	void theImagesTheModelTrainedOnAreFoundAndADisjointFolderHasNone() throws IOException {
		final ModelBundle model = HeldOutDigits.model();
		final Evaluation own = evaluate(model, HeldOutDigits.training());
		final int trained = model.metadata().data().trainingImages();
		assertEquals(trained, model.metadata().trainingHashes().size());
		assertEquals(trained, own.overlap().exact(), "every training image, by its pixels");
		assertTrue(own.overlap().files().stream().allMatch(f -> f.startsWith(HeldOutDigits
			.training())));
		assertEquals(0, evaluate(model, HeldOutDigits.disjoint()).overlap().images());
	}

	/** The near copies among the held-out digits are those within 2 bits of a training (not validation) digit. */
	@Test
	void heldOutLookAlikesOfTrainingImagesAreNearCopies() throws IOException {
		final ModelBundle model = HeldOutDigits.model();
		final Set<String> validation = Set.copyOf(model.metadata().data().validation());
		final List<Long> training = files(HeldOutDigits.training()).stream().filter(f -> !validation
			.contains(HeldOutDigits.training().relativize(f).toString().replace('\\', '/'))).map(
				f -> HeldOutDigits.hash(f).near()).toList();
		final List<Path> near = files(HeldOutDigits.heldOut()).stream().filter(f -> {
			final long bits = HeldOutDigits.hash(f).near();
			return training.stream().anyMatch(t -> Long.bitCount(t ^ bits) <= ImageHash.NEAR_BITS);
		}).toList();
		final TrainingOverlap overlap = evaluate(model, HeldOutDigits.heldOut()).overlap();
		assertEquals(0, overlap.exact());
		assertEquals(near, overlap.files());
		assertEquals(near.size(), overlap.near());
	}

	@Test
	void aModelWithoutTrainingHashesIsNotChecked() {
		final ModelBundle old = new ModelBundle(HeldOutDigits.model().network(), HeldOutDigits
			.model().metadata().trainingHashes(null));
		assertNull(evaluate(old, HeldOutDigits.disjoint()).overlap());
	}
}
