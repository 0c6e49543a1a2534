package io.github.cnnclassifier.data;

import io.github.cnnclassifier.tensor.InputShape;

import java.util.SplittableRandom;

/**
 * Applies an {@link Augmentation} to samples (channel planes one after
 * another), one random transform per image and epoch: the same seed, epoch
 * and image index give the same transform whatever the thread or order, so
 * training stays reproducible. Labels are not touched. Thread-safe.
 * <p>
 * The transform maps each output pixel back into the image (inverse
 * mapping) and interpolates bilinearly; pixels that come from outside the
 * image take the value of the nearest edge pixel, so no artificial black
 * border appears around rotated or shrunken images.
 * </p>
 */
public final class Augmenter {

	private final Augmentation augmentation;
	private final InputShape shape;
	private final long seed;

	public Augmenter(final Augmentation augmentation, final InputShape shape, final long seed) {
		this.augmentation = augmentation;
		this.shape = shape;
		this.seed = seed;
	}

	/** Transforms the sample at {@code offset} of {@code values} in place, as drawn for {@code epoch} and {@code index}. */
	public void apply(final float[] values, final int offset, final int epoch, final int index) {
		final SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch *
			0xC2B2AE3D27D4EB4FL + index);
		final Augmentation a = augmentation;
		final double angle = Math.toRadians(uniform(random, a.minRotation(), a.maxRotation()));
		final boolean flipX = a.xReflection() && random.nextBoolean();
		final boolean flipY = a.yReflection() && random.nextBoolean();
		final double tx = uniform(random, a.minTranslation(), a.maxTranslation());
		final double ty = uniform(random, a.minTranslation(), a.maxTranslation());
		final double scale = uniform(random, a.minScale(), a.maxScale());
		final int h = shape.height(), w = shape.width(), plane = h * w;
		final double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
		// NB: the inverse of output = centre + shift + scale * rotate(flip(input - centre)).
		final double cos = Math.cos(angle) / scale, sin = Math.sin(angle) / scale;
		final float[] source = new float[plane];
		for (int c = 0; c < shape.channels(); c++) {
			final int at = offset + c * plane;
			System.arraycopy(values, at, source, 0, plane);
			for (int y = 0; y < h; y++) {
				final double dy = y - cy - ty;
				for (int x = 0; x < w; x++) {
					final double dx = x - cx - tx;
					double sx = cos * dx + sin * dy, sy = -sin * dx + cos * dy;
					if (flipX) sx = -sx;
					if (flipY) sy = -sy;
					values[at + y * w + x] = bilinear(source, w, h, sx + cx, sy + cy);
				}
			}
		}
	}

	private static double uniform(final SplittableRandom random, final double min,
		final double max)
	{
		return min == max ? min : min + (max - min) * random.nextDouble();
	}

	/** The plane's value at (x, y), interpolated, with coordinates clamped to the image. */
	private static float bilinear(final float[] p, final int w, final int h, final double x,
		final double y)
	{
		final double cx = Math.min(Math.max(x, 0), w - 1), cy = Math.min(Math.max(y, 0), h - 1);
		final int x0 = (int) cx, y0 = (int) cy;
		final int x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
		final float fx = (float) (cx - x0), fy = (float) (cy - y0);
		final float top = p[y0 * w + x0] + fx * (p[y0 * w + x1] - p[y0 * w + x0]);
		final float bottom = p[y1 * w + x0] + fx * (p[y1 * w + x1] - p[y1 * w + x0]);
		return top + fy * (bottom - top);
	}
}
