package io.github.cnnclassifier.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.ModelBundle;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Same data and seed: same split, same network, same predictions. */
class TrainerDeterminismTest {

	@Test
	void theSameSeedGivesTheSameNetwork() {
		final TrainingOptions options = TestModels.quick().maxEpochs(2).build();
		final ModelBundle a = train(options);
		final ModelBundle b = train(options);
		assertEquals(a.metadata().history().get(1).validationAccuracy(), b.metadata()
			.history().get(1).validationAccuracy());
		assertArrayEquals(a.network().params().toFloatVector(), b.network().params()
			.toFloatVector());
	}

	@Test
	void anotherSeedGivesAnotherNetwork() {
		final ModelBundle a = train(TestModels.quick().maxEpochs(1).seed(1).build());
		final ModelBundle b = train(TestModels.quick().maxEpochs(1).seed(2).build());
		assertFalse(Arrays.equals(a.network().params().toFloatVector(), b.network().params()
			.toFloatVector()));
	}

	private static ModelBundle train(final TrainingOptions options) {
		return new FolderTrainer(options, TrainingMonitor.SILENT).train(TestModels.CELLS,
			null, null);
	}
}
