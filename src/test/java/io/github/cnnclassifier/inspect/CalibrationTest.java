package io.github.cnnclassifier.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class CalibrationTest {

	/**
	 * Logits of a calibrated 3-class model (each image's class drawn from the
	 * softmax of its logits) multiplied by {@code overconfidence}.
	 */
	private static float[][] logits(final int n, final long seed, final double overconfidence,
		final int[] labels)
	{
		final Random random = new Random(seed);
		final float[][] z = new float[n][3];
		for (int i = 0; i < n; i++) {
			for (int k = 0; k < 3; k++) z[i][k] = (float) (2 * random.nextGaussian());
			final double[] p = Calibration.probabilities(z[i], 1);
			final double u = random.nextDouble();
			labels[i] = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
			for (int k = 0; k < 3; k++) z[i][k] *= (float) overconfidence;
		}
		return z;
	}

	@Test
	void temperatureScalingLowersTheEceOfAnOverconfidentModelOnSeparateImages() {
		final int[] validationLabels = new int[4000], testLabels = new int[4000];
		final float[][] validation = logits(4000, 1, 3, validationLabels);
		final float[][] test = logits(4000, 2, 3, testLabels);
		final double t = Calibration.fitTemperature(validation, validationLabels);
		assertEquals(3, t, 0.3, "the over-confidence undone");
		final double before = Calibration.ece(test, testLabels, 1);
		final double after = Calibration.ece(test, testLabels, t);
		assertTrue(before > 0.1, "over-confident: ECE " + before);
		assertTrue(after < before / 3, "ECE " + before + " -> " + after);
		assertTrue(Calibration.nll(test, testLabels, t) < Calibration.nll(test, testLabels, 1));
	}

	@Test
	void theModelFilesTemperatureGivesTheSoftmaxOfTheScaledLogits() {
		final float[] z = { 2.5f, -1, 0.3f };
		final float[] p = new float[3];
		final double[] raw = Calibration.probabilities(z, 1);
		for (int k = 0; k < 3; k++) p[k] = (float) raw[k];
		new io.github.cnnclassifier.model.CalibrationInfo(2.2, 1, 0, 0, 0, 0).apply(p, 3);
		final double[] expected = Calibration.probabilities(z, 2.2);
		for (int k = 0; k < 3; k++) assertEquals(expected[k], p[k], 1e-6);
	}

	@Test
	void aCalibratedModelKeepsATemperatureNearOne() {
		final int[] labels = new int[4000];
		final float[][] z = logits(4000, 3, 1, labels);
		assertEquals(1, Calibration.fitTemperature(z, labels), 0.1);
	}

	@Test
	void theEceOfPerfectlyConfidentRightAnswersIsZero() {
		assertEquals(0, Calibration.ece(new double[][] { { 1, 0 }, { 0, 1 } }, new int[] { 0,
			1 }), 1e-12);
		assertEquals(1, Calibration.ece(new double[][] { { 1, 0 }, { 0, 1 } }, new int[] { 1,
			0 }), 1e-12);
	}
}
