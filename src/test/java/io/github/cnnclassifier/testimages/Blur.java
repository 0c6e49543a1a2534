package io.github.cnnclassifier.testimages;

/** A small separable Gaussian blur with zero padding, kept here so the generator depends on no filter defaults. */
final class Blur {

	private Blur() {}

	/** Returns a blurred copy of the {@code width × height} image with standard deviation {@code sigma} pixels. */
	static float[] gaussian(final float[] in, final int width, final int height,
		final double sigma)
	{
		final int radius = Math.max(1, (int) Math.ceil(3 * sigma));
		final float[] k = new float[2 * radius + 1];
		double sum = 0;
		for (int i = -radius; i <= radius; i++) {
			k[i + radius] = (float) Math.exp(-0.5 * i * i / (sigma * sigma));
			sum += k[i + radius];
		}
		for (int i = 0; i < k.length; i++)
			k[i] /= sum;
		final float[] tmp = new float[in.length];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				float s = 0;
				for (int i = -radius; i <= radius; i++) {
					final int xx = x + i;
					if (xx >= 0 && xx < width) s += k[i + radius] * in[y * width + xx];
				}
				tmp[y * width + x] = s;
			}
		final float[] out = new float[in.length];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				float s = 0;
				for (int i = -radius; i <= radius; i++) {
					final int yy = y + i;
					if (yy >= 0 && yy < height) s += k[i + radius] * tmp[yy * width + x];
				}
				out[y * width + x] = s;
			}
		return out;
	}
}
