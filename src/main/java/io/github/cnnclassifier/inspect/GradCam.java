package io.github.cnnclassifier.inspect;

import io.github.cnnclassifier.engine.Runner;
import io.github.cnnclassifier.tensor.InputShape;

import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * Grad-CAM (Selvaraju et al. 2017): the maps of a layer, each weighted by
 * the mean gradient of the class score over it, summed, negative parts cut,
 * and resized bilinearly to the input.
 */
final class GradCam {

	static final String NAME = "grad-cam";

	private GradCam() {}

	/** The map of one normalised sample {@code x} for class {@code target}, input-sized. */
	static float[] map(final Runner runner, final String layer, final float[] x,
		final int target, final InputShape input, final Layers.MapShape shape)
	{
		final float[][] ag;
		try {
			ag = runner.gradient(layer, x, 1, new int[] { target });
		}
		catch (final IllegalStateException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		}
		final float[] a = ag[0], g = ag[1];
		final int hw = shape.height() * shape.width();
		final float[] cam = new float[hw];
		for (int c = 0; c < shape.channels(); c++) {
			double alpha = 0;
			for (int i = 0; i < hw; i++) alpha += g[c * hw + i];
			alpha /= hw;
			for (int i = 0; i < hw; i++) cam[i] += (float) (alpha * a[c * hw + i]);
		}
		for (int i = 0; i < hw; i++) cam[i] = Math.max(0, cam[i]);
		if (shape.height() == input.height() && shape.width() == input.width()) return cam;
		final FloatProcessor fp = new FloatProcessor(shape.width(), shape.height(), cam);
		fp.setInterpolationMethod(ImageProcessor.BILINEAR);
		return (float[]) fp.resize(input.width(), input.height()).getPixels();
	}
}
