package io.github.cnnclassifier.train;

import io.github.cnnclassifier.model.SgdMomentum;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;

/** MATLAB's solvers, with MATLAB's default decay factors and epsilon. */
public enum Solver {
	/** Stochastic gradient descent with (classical) momentum. */
	SGDM,
	/** Adaptive moment estimation: gradient decay 0.9, squared gradient decay 0.999. */
	ADAM,
	/** Root mean square propagation: squared gradient decay 0.9. */
	RMSPROP;

	/** The name users write: sgdm, adam or rmsprop. */
	public String word() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	/** Parses {@link #word()}, ignoring case. */
	public static Solver of(final String word) {
		for (final Solver s : values()) {
			if (s.word().equalsIgnoreCase(word.trim())) return s;
		}
		throw new TrainingException("solver must be sgdm, adam or rmsprop, got '" + word + "'.");
	}

	/** DL4J's updater of this solver with a fixed learning rate (momentum only for sgdm). */
	public IUpdater updater(final double learnRate, final double momentum) {
		switch (this) {
			case ADAM:
				return new Adam(learnRate, 0.9, 0.999, 1e-8);
			case RMSPROP:
				return new RmsProp(learnRate, 0.9, 1e-8);
			default:
				return new SgdMomentum(learnRate, momentum);
		}
	}
}
