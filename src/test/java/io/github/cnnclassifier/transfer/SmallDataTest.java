package io.github.cnnclassifier.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small version of {@link SmallDataBenchmark} on the shipped digits: a
 * network trained on 0-4 and transferred to 5-9 with 5 images per class
 * beats the same network trained from scratch on those images, over 3 seeds.
 */
class SmallDataTest {

	@TempDir
	Path tmp;

	@Test
	void transferBeatsTrainingFromScratchOnFiveImagesPerClass() {
		final List<String> log = new ArrayList<>();
		final List<SmallDataBenchmark.Run> runs = new SmallDataBenchmark(TestModels.DIGITS, tmp, 5,
			SmallDataBenchmark.baseOptions().build(), SmallDataBenchmark.transferOptions().build(),
			SmallDataBenchmark.scratchOptions().build(), log::add).run(1, 2, 3);
		assertEquals(6, runs.size());
		final double[] plain = SmallDataBenchmark.means(runs, false);
		assertTrue(plain[0] >= plain[1] + 0.03, "transferred " + plain[0] + ", from scratch " +
			plain[1] + "\n" + String.join("\n", log));
		final double[] augmented = SmallDataBenchmark.means(runs, true);
		assertTrue(augmented[0] > 0.7 && augmented[1] > 0.7, "with augmentation: transferred " +
			augmented[0] + ", from scratch " + augmented[1] + "\n" + String.join("\n", log));
	}
}
