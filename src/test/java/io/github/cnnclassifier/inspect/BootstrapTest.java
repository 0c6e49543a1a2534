package io.github.cnnclassifier.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class BootstrapTest {

	/** n images of 3 classes, predicted right with probability 0.8. */
	private static int[][] evaluation(final int n, final long seed) {
		final Random random = new Random(seed);
		final int[] truth = new int[n], predicted = new int[n];
		for (int i = 0; i < n; i++) {
			truth[i] = random.nextInt(3);
			predicted[i] = random.nextDouble() < 0.8 ? truth[i] : (truth[i] + 1 + random.nextInt(
				2)) % 3;
		}
		return new int[][] { truth, predicted };
	}

	@Test
	void intervalsContainThePointEstimateAndShrinkWithMoreImages() {
		double lastWidth = Double.POSITIVE_INFINITY;
		for (final int n : new int[] { 50, 500, 5000 }) {
			final int[][] e = evaluation(n, n);
			for (final Bootstrap.Interval i : new Bootstrap.Interval[] { Bootstrap.of(e[0], e[1],
				7, Bootstrap::accuracy), Bootstrap.of(e[0], e[1], 7, Bootstrap::macroF1) })
			{
				assertTrue(i.low() <= i.value() && i.value() <= i.high(), n + ": " + i);
			}
			final Bootstrap.Interval accuracy = Bootstrap.of(e[0], e[1], 7, Bootstrap::accuracy);
			final double width = accuracy.high() - accuracy.low();
			assertTrue(width < lastWidth * 0.5, n + " images: width " + width + " after " +
				lastWidth);
			lastWidth = width;
		}
	}

	@Test
	void theSameSeedGivesTheSameInterval() {
		final int[][] e = evaluation(300, 1);
		assertEquals(Bootstrap.of(e[0], e[1], 5, Bootstrap::accuracy), Bootstrap.of(e[0], e[1],
			5, Bootstrap::accuracy));
	}

	@Test
	void macroF1AveragesTheClassesF1() {
		// class 0: tp 1, fn 1 -> F1 2/3; class 1: tp 1, fp 1 -> F1 2/3; class 2: tp 2 -> 1
		assertEquals((2 / 3.0 + 2 / 3.0 + 1) / 3, Bootstrap.macroF1(new int[] { 0, 0, 1, 2, 2 },
			new int[] { 0, 1, 1, 2, 2 }), 1e-12);
	}
}
