package io.github.cnnclassifier.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.ModelBundle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

	/** Images beyond the cache are decoded again each epoch, to the same values. */
	@Test
	void aSmallCacheTrainsTheSameNetworkAsAFullOne() {
		final ModelBundle cached = new FolderTrainer(TestModels.quick().maxEpochs(1).build(),
			TrainingMonitor.SILENT).train(TestModels.DIGITS, null, null);
		final List<String> messages = new ArrayList<>();
		final ModelBundle streamed = new FolderTrainer(TestModels.quick().maxEpochs(1)
			.cacheMegabytes(1).build(), new TrainingMonitor() {

				@Override
				public void message(final String text) {
					messages.add(text);
				}
			}).train(TestModels.DIGITS, null, null);
		assertTrue(messages.stream().anyMatch(m -> m.startsWith("Holding 334 of 900 training")),
			messages.toString());
		assertArrayEquals(cached.network().params().toFloatVector(), streamed.network().params()
			.toFloatVector());
	}

	private static ModelBundle train(final TrainingOptions options) {
		return new FolderTrainer(options, TrainingMonitor.SILENT).train(TestModels.CELLS,
			null, null);
	}
}
