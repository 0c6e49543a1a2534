package io.github.cnnclassifier.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class UnsureTest {

	private static final List<String> LABELS = List.of("cat", "dog", "owl");

	private static Prediction of(final float... p) {
		return new Prediction(LABELS, p);
	}

	@Test
	void belowTheThresholdTheClassIsUnsureAndTheProbabilitiesStay() {
		final Unsure rule = new Unsure(0.6, "unsure");
		final Prediction doubtful = rule.apply(of(0.5f, 0.3f, 0.2f));
		assertTrue(doubtful.unsure());
		assertEquals("unsure", doubtful.label());
		assertEquals(0.5f, doubtful.confidence());
		assertEquals(0.3f, doubtful.probability(1));
		assertEquals(0, doubtful.classIndex(), "the most probable class is still known");
		final Prediction sure = rule.apply(of(0.1f, 0.8f, 0.1f));
		assertFalse(sure.unsure());
		assertEquals("dog", sure.label());
		assertEquals(List.of("cat", "dog", "owl", "unsure"), rule.classes(LABELS));
	}

	@Test
	void offLeavesEveryPredictionAsItIs() {
		final Prediction p = of(0.34f, 0.33f, 0.33f);
		assertSame(p, Unsure.OFF.apply(p));
		assertEquals(LABELS, Unsure.OFF.classes(LABELS));
	}

	@Test
	void aThresholdOutsideZeroToOneIsRefusedInOneLine() {
		for (final double bad : new double[] { 1, 1.5, -0.1, Double.NaN }) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> new Unsure(bad, "unsure"));
			assertEquals("unsure_below must be a confidence from 0 (off) up to, not including, 1, " +
				"e.g. 0.6; got " + bad + ".", e.getMessage());
		}
		assertThrows(IllegalArgumentException.class, () -> new Unsure(0.5, " "));
	}

	@Test
	void anUnsureLabelThatIsAModelClassIsRefused() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new Unsure(0.5, "Dog").checkAgainst(LABELS));
		assertEquals("unsure_label 'Dog' is a class of the model ('dog'): choose another name " +
			"for the predictions below unsure_below.", e.getMessage());
		assertEquals(new Unsure(0, "dog"), new Unsure(0, "dog").checkAgainst(LABELS),
			"off, the label is never used");
	}
}
