package io.github.cnnclassifier.engine;

import org.nd4j.linalg.learning.config.IUpdater;

/**
 * One parameter array of a block with its gradient, as the optimiser updates
 * it: {@code size} values of the engine's layout (zero lanes included), the
 * L2 factor DL4J applies to it (0 for biases and batch norm), the updater
 * its layer is configured with (null when frozen), and how its values map
 * to DL4J's parameter {@code key} of {@code layer}.
 */
record Param(String layer, String key, float[] value, float[] grad, int size, double l2,
	IUpdater updater, Layout layout)
{

	/** How a parameter's values are laid out in the engine and in DL4J. */
	interface Layout {

		/** The same values in their order: biases, batch norm. */
		Layout SAME = new Layout() {

			@Override
			public void toEngine(final float[] dl4j, final float[] engine) {
				System.arraycopy(dl4j, 0, engine, 0, dl4j.length);
			}

			@Override
			public void toDl4j(final float[] engine, final float[] dl4j) {
				System.arraycopy(engine, 0, dl4j, 0, dl4j.length);
			}
		};

		/** Copies DL4J's values (row-major, in DL4J's shape) into the engine's layout. */
		void toEngine(float[] dl4j, float[] engine);

		/** Copies the engine's values into DL4J's (row-major, in DL4J's shape). */
		void toDl4j(float[] engine, float[] dl4j);
	}
}
