package io.github.cnnclassifier.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.Augmentation;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.model.ModelMetadata;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training with augmentation: the same seed trains the same network, and the model file says how. */
class AugmentedTrainingTest {

	@TempDir
	Path tmp;

	private static ModelBundle train(final long seed, final Augmentation a, final Path file) {
		return new FolderTrainer(TestModels.quick().maxEpochs(2).seed(seed).augmentation(a)
			.build(), TrainingMonitor.SILENT).train(TestModels.CELLS, null, file);
	}

	@Test
	void theSameSeedTrainsTheSameNetworkAndTheFileRecordsTheAugmentation() {
		final Augmentation a = Augmentation.of("-180,180", true, true, "2", "0.9,1.1");
		final Path file = tmp.resolve("augmented.zip");
		final ModelBundle first = train(3, a, file);
		assertEquals(first.network().params(), train(3, a, null).network().params());
		assertNotEquals(first.network().params(), train(3, Augmentation.NONE, null).network()
			.params(), "augmentation changes what is learnt");
		final ModelMetadata saved = ModelIO.readMetadata(file);
		assertEquals("-180,180", saved.training().get("augment_rotation"));
		assertEquals(true, saved.training().get("augment_x_reflection"));
		assertEquals("-2,2", saved.training().get("augment_translation"));
		assertEquals("0.9,1.1", saved.training().get("augment_scale"));
	}
}
