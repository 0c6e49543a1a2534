package io.github.cnnclassifier.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.EpochRecord;

import org.junit.jupiter.api.Test;

/** Every solver learns the shipped digits. */
class SolversTest {

	@Test
	void adamLearns() {
		assertLearns(Solver.ADAM, 0.001);
	}

	@Test
	void rmspropLearns() {
		assertLearns(Solver.RMSPROP, 0.001);
	}

	private static void assertLearns(final Solver solver, final double rate) {
		final TrainingOptions o = TestModels.quick().solver(solver).initialLearnRate(rate)
			.maxEpochs(2).build();
		final EpochRecord last = new FolderTrainer(o, TrainingMonitor.SILENT).train(
			TestModels.DIGITS, null, null).metadata().history().get(1);
		assertTrue(last.validationAccuracy() >= 0.9, solver + ": " + last
			.validationAccuracy());
	}
}
