package io.github.cnnclassifier.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class MetricsTest {

	/**
	 * n images of 3 classes: the predicted class gets probability {@code
	 * confidence} in [0.4, 1), drawn at random, and is right with probability
	 * {@code confidence - overconfidence}.
	 */
	private static Metrics metrics(final int n, final double overconfidence, final long seed) {
		final Random random = new Random(seed);
		final int[] truth = new int[n];
		final double[][] p = new double[n][3];
		for (int i = 0; i < n; i++) {
			truth[i] = random.nextInt(3);
			final double confidence = 0.4 + 0.6 * random.nextDouble() * 0.999;
			final boolean right = random.nextDouble() < confidence - overconfidence;
			final int predicted = right ? truth[i] : (truth[i] + 1 + random.nextInt(2)) % 3;
			for (int k = 0; k < 3; k++) p[i][k] = k == predicted ? confidence : (1 - confidence) / 2;
		}
		return Metrics.of(truth, p, 3);
	}

	@Test
	void bootstrapIntervalsContainThePointEstimateAndShrinkWithMoreImages() {
		double lastAccuracy = Double.POSITIVE_INFINITY, lastF1 = Double.POSITIVE_INFINITY;
		for (final int n : new int[] { 60, 600, 6000 }) {
			final Metrics m = metrics(n, 0, n);
			final java.util.List<Bootstrap.Interval> all = new java.util.ArrayList<>(m.recall());
			all.add(m.accuracy());
			all.add(m.macroF1());
			for (final Bootstrap.Interval i : all) {
				assertTrue(i.low() <= i.value() && i.value() <= i.high(), n + ": " + i);
				assertTrue(i.low() < i.high(), n + ": " + i);
			}
			final double accuracy = m.accuracy().high() - m.accuracy().low();
			final double f1 = m.macroF1().high() - m.macroF1().low();
			assertTrue(accuracy < lastAccuracy * 0.5 && f1 < lastF1 * 0.5, n + " images: widths " +
				accuracy + ", " + f1 + " after " + lastAccuracy + ", " + lastF1);
			lastAccuracy = accuracy;
			lastF1 = f1;
		}
	}

	@Test
	void theEceOfAPerfectlyCalibratedSetIsNearZeroAndOfAnOverconfidentOneLarge() {
		final double calibrated = metrics(20000, 0, 1).ece();
		final double overconfident = metrics(20000, 0.25, 2).ece();
		assertTrue(calibrated < 0.01, "calibrated: ECE " + calibrated);
		assertEquals(0.25, overconfident, 0.02, "25 points over-confident");
	}

	@Test
	void theBrierScoreIsTheMeanSquaredDistanceToTheTruth() {
		assertEquals(0, Metrics.of(new int[] { 0, 1 }, new double[][] { { 1, 0 }, { 0, 1 } }, 2)
			.brier(), 1e-12);
		assertEquals(2, Metrics.of(new int[] { 1 }, new double[][] { { 1, 0 } }, 2).brier(), 1e-12);
		// (0.5 - 1)^2 + 0.5^2, and (0.8 - 1)^2 + 0.2^2 + 0
		assertEquals((0.5 + 0.08) / 2, Metrics.of(new int[] { 0, 0 }, new double[][] { { 0.5,
			0.5, 0 }, { 0.8, 0.2, 0 } }, 3).brier(), 1e-12);
	}

	@Test
	void aClassWithoutImagesHasNoRecallAndTheOthersKeepTheirs() {
		final Metrics m = Metrics.of(new int[] { 0, 0, 1, 1 }, new double[][] { { 0.9, 0.05,
			0.05 }, { 0.9, 0.05, 0.05 }, { 0.1, 0.6, 0.3 }, { 0.1, 0.3, 0.6 } }, 3);
		assertEquals(1, m.recall().get(0).value());
		assertEquals(0.5, m.recall().get(1).value());
		assertTrue(Double.isNaN(m.recall().get(2).value()));
	}

	@Test
	void noImagesGiveNoFiguresButARecallPerClass() {
		final Metrics m = Metrics.of(new int[0], new double[0][], 4);
		assertEquals(4, m.recall().size());
		assertTrue(Double.isNaN(m.brier()) && Double.isNaN(m.recall().get(0).value()));
		assertEquals(0, m.ece());
	}

	@Test
	void theReliabilityBinsCountEveryImageAndASureOneFallsInTheLast() {
		final Reliability r = Reliability.of(new double[][] { { 1, 0 }, { 0.5, 0.5 }, { 0.3,
			0.7 } }, new int[] { 0, 1, 1 });
		assertEquals(3, r.images());
		assertEquals(1, r.count()[Reliability.BINS - 1]);
		assertEquals(1, r.count()[7], "0.5 is in the bin [7/15, 8/15)");
		assertEquals(0, r.accuracy()[7], "the first of a tie is predicted");
		assertEquals(0.7, r.confidence()[10], 1e-12);
	}

	@Test
	void theSummaryLineNamesEveryFigure() {
		final String line = metrics(300, 0, 3).summary();
		assertTrue(line.matches("accuracy=0\\.\\d{4} accuracy_ci95=0\\.\\d{4}-0\\.\\d{4} " +
			"macro_f1=0\\.\\d{4} macro_f1_ci95=0\\.\\d{4}-0\\.\\d{4} ece=0\\.\\d{4} " +
			"brier=0\\.\\d{4} images=300"), line);
	}
}
