package io.github.cnnclassifier.engine;

import jdk.incubator.vector.FloatVector;

/** Loops over the interior pixels of one image of two tensors of the same height, width and channel stride. */
final class Pixelwise {

	private Pixelwise() {}

	/** {@code to = from} (or {@code to += from} with {@code add}), image i of each. */
	static void copy(final Tensor a, final float[] from, final Tensor b, final float[] to,
		final int i, final boolean add)
	{
		final int cs = a.cs;
		for (int y = 0; y < a.h; y++) {
			for (int x = 0; x < a.w; x++) {
				final int s = a.at(i) + a.pixel(y, x), d = b.at(i) + b.pixel(y, x);
				for (int cb = 0; cb < cs; cb += Kernels.L) {
					FloatVector v = FloatVector.fromArray(Kernels.S, from, s + cb);
					if (add) v = v.add(FloatVector.fromArray(Kernels.S, to, d + cb));
					v.intoArray(to, d + cb);
				}
			}
		}
	}
}
