package io.github.cnnclassifier.engine;

import jdk.incubator.vector.FloatVector;

/**
 * The Vector API's preferred float vector width.
 * <p>
 * NB: the only class here that links against {@code jdk.incubator.vector};
 * touch it only when that module is present, or it fails with a
 * NoClassDefFoundError.
 * </p>
 */
public final class VectorWidth {

	private VectorWidth() {}

	/** Floats in one preferred-species vector (8 with AVX2, 16 with AVX-512). */
	public static int floats() {
		return FloatVector.SPECIES_PREFERRED.length();
	}
}
