package io.github.cnnclassifier.engine;

/**
 * The layout of one activation of the plan (a layer's output), NHWC: each
 * image is {@code (h + 2 pad) x (w + 2 pad)} pixels of {@code cs} floats, the
 * first {@code c} of them the channels and the rest zeros, and so is the
 * border of {@code pad} pixels, which convolutions read as their padding.
 * The values live in arrays the plan hands out by {@link #id}; the same
 * layout holds the activation's gradient.
 */
final class Tensor {

	final int id;
	final String name;
	final int h, w, c, cs;
	/** Zero pixels around each image, as the convolutions reading it need; set while the plan is built. */
	int pad;

	Tensor(final int id, final String name, final int h, final int w, final int c,
		final int cs)
	{
		this.id = id;
		this.name = name;
		this.h = h;
		this.w = w;
		this.c = c;
		this.cs = cs;
	}

	/** Width of a padded row in pixels. */
	int pw() {
		return w + 2 * pad;
	}

	/** Floats of one padded image. */
	int imageSize() {
		return (h + 2 * pad) * pw() * cs;
	}

	/** Offset of pixel (0, 0) of image {@code i}. */
	int at(final int i) {
		return i * imageSize() + (pad * pw() + pad) * cs;
	}

	/** Offset of pixel (y, x) relative to pixel (0, 0). */
	int pixel(final int y, final int x) {
		return (y * pw() + x) * cs;
	}

	/** Values per image without padding: h*w*c. */
	int values() {
		return h * w * c;
	}

	@Override
	public String toString() {
		return name + " " + h + "x" + w + "x" + c;
	}
}
