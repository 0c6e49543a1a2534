package io.github.cnnclassifier.tensor;

import ij.ImagePlus;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import java.util.function.Consumer;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * The planes of an ImgLib2 image (an ImagePlus is wrapped by
 * {@link ImagePlusImgs}, without copying) fitted to a network's
 * {@link InputShape}, read on demand: the one way images become network inputs.
 * <p>
 * Channels, with K the model's channel count: for K == 1 every plane is a
 * sample (RGB planes become luminance 0.299 R + 0.587 G + 0.114 B, unrounded,
 * and each channel plane of a hyperstack is a sample of its own); for K == 3 an
 * RGB plane gives R, G, B and a grey single-channel plane is copied into all
 * three; for any K a non-RGB image with K channels gives one sample per (z, t)
 * position. Anything else is refused. Planes of another size are resized
 * bilinearly (averaging when shrinking) on a float copy. Values are raw, not
 * normalised.
 * <p>
 * {@link #fill} may be called from several threads at once. The stack is taken
 * when the instance is made: later edits to its pixels are seen, replaced
 * stacks are not.
 */
public final class ImageSamples implements SampleSource {

	/** How planes become samples. */
	private enum Mode {
		/** One grey plane per sample, as it is. */
		GREY,
		/** One RGB plane per sample, as its luminance. */
		LUMINANCE,
		/** One RGB plane per sample, as R, G, B. */
		RGB,
		/** One grey plane per sample, copied into three channels. */
		REPLICATE,
		/** The K channel planes of one (z, t) position per sample. */
		GROUPED
	}

	private final RandomAccessibleInterval<?> image;
	/** The ImagePlus wrapped as {@link #image}, or null. */
	private final ImagePlus imp;
	private final String title;
	private final InputShape shape;
	private final Mode mode;
	/** Channel planes per (z, t) position: the C axis, 1 for an RGB image. */
	private final int channels;
	private final int planesPerSample;
	private final int count;

	/** Fits the planes of {@code imp} to {@code shape}, or throws an IllegalArgumentException saying why its channels cannot fit. */
	public ImageSamples(final ImagePlus imp, final InputShape shape) {
		this(imp.getType() == ImagePlus.COLOR_RGB ? ImagePlusImgs.rgb(imp) : ImagePlusImgs.grey(
			imp), imp, shape, imp.getTitle());
	}

	/**
	 * The samples of an image a user chose to classify or inspect, checked by
	 * {@link InputFit}: a picture this plugin made is refused, and an image that
	 * does not look like the model's input is named to {@code warn}.
	 *
	 * @throws IllegalArgumentException for a picture this plugin made, or channels that cannot fit
	 */
	public static ImageSamples ofChosenImage(final ImagePlus imp, final InputShape shape,
		final Consumer<String> warn)
	{
		InputFit.requireNotPicture(imp.getTitle(), imp.getProp(InputFit.PICTURE));
		final ImageSamples samples = new ImageSamples(imp, shape);
		InputFit.warning(imp.getTitle(), imp.getHeight(), imp.getWidth(), imp
			.getType() == ImagePlus.COLOR_RGB, shape).ifPresent(warn);
		return samples;
	}

	/**
	 * The samples of an ImgLib2 image with axes (X, Y) (one plane), (X, Y, N)
	 * (N planes) or (X, Y, C, N) (N positions of C channel planes), fitted to
	 * {@code shape} by the same rules as an ImagePlus with C channels. Reads the
	 * pixels where they lie, without copying the image.
	 *
	 * @throws IllegalArgumentException for other axes, or channels that cannot fit
	 */
	public static ImageSamples of(final RandomAccessibleInterval<? extends RealType<?>> rai,
		final InputShape shape, final String title)
	{
		final int nd = rai.numDimensions();
		if (nd < 2 || nd > 4) {
			throw new IllegalArgumentException("Image \"" + title + "\" has " + nd + " axes; " +
				"expected (X, Y), (X, Y, planes) or (X, Y, channels, planes)");
		}
		for (int d = 0; d < nd; d++) {
			if (rai.dimension(d) > Integer.MAX_VALUE - 8) {
				throw new IllegalArgumentException("Image \"" + title + "\" is too large: axis " +
					d + " has " + rai.dimension(d) + " positions");
			}
		}
		return new ImageSamples(rai, null, shape, title);
	}

	private ImageSamples(final RandomAccessibleInterval<?> image, final ImagePlus imp,
		final InputShape shape, final String title)
	{
		this.image = image;
		this.imp = imp;
		final boolean rgb = imp != null && imp.getType() == ImagePlus.COLOR_RGB;
		this.title = title;
		this.shape = shape;
		final int nd = image.numDimensions();
		this.channels = nd == 4 ? (int) image.dimension(2) : 1;
		this.mode = mode(title, rgb, channels, shape.channels());
		this.planesPerSample = mode == Mode.GROUPED ? channels : 1;
		final long positions = nd == 2 ? 1 : image.dimension(nd - 1);
		this.count = Pixels.checkedSize(positions * channels / planesPerSample, "The planes of " +
			"\"" + title + "\"");
	}

	private static Mode mode(final String title, final boolean rgb, final int c,
		final int k)
	{
		if (k == 1) return rgb ? Mode.LUMINANCE : Mode.GREY;
		if (rgb) {
			if (k == 3) return Mode.RGB;
			throw new IllegalArgumentException("Image \"" + title +
				"\" is RGB (3 colour channels) but the model expects " + k +
				" channels (1 = grey, 3 = RGB): use a model trained on grey or RGB images, " +
				"or build a " + k + "-channel hyperstack (Image > Color > Split Channels, " +
				"then Merge Channels)");
		}
		if (c == k) return Mode.GROUPED;
		if (k == 3 && c == 1) return Mode.REPLICATE;
		throw new IllegalArgumentException("Image \"" + title + "\" has " + c +
			(c == 1 ? " channel" : " channels") + " but the model expects " + k +
			" (1 = grey, 3 = RGB): " + advice(c, k));
	}

	private static String advice(final int c, final int k) {
		if (k == 3) {
			return "make it RGB (Image > Color > Merge Channels, or Image > Type > RGB Color) " +
				"or give it 3 channels, or use a model trained on " + c + "-channel images";
		}
		return "give it " + k + " channels (Image > Color > Merge Channels / Split Channels, " +
			"Image > Hyperstacks > Stack to Hyperstack) or use a model trained on " + c +
			"-channel images";
	}

	/** The ImagePlus whose planes are the samples, or null for an ImgLib2 image. */
	public ImagePlus image() {
		return imp;
	}

	/** The shape every sample is fitted to. */
	@Override
	public InputShape shape() {
		return shape;
	}

	/** Number of samples: one per plane, or one per (z, t) position when the image's channels are the model's. */
	@Override
	public int count() {
		return count;
	}

	/** The 1-based stack indices of the planes that form sample {@code index}, in channel order. */
	public int[] planes(final int index) {
		checkIndex(index);
		final int[] p = new int[planesPerSample];
		for (int i = 0; i < p.length; i++)
			p[i] = index * planesPerSample + i + 1;
		return p;
	}

	/** Writes sample {@code index} as raw values in channel, row, column order, reading only its planes. */
	@Override
	public void fill(final int index, final float[] dest, final int offset) {
		checkIndex(index);
		final int hw = shape.height() * shape.width();
		if (offset < 0 || offset + (long) shape.size() > dest.length) {
			throw new IndexOutOfBoundsException("A sample needs " + shape.size() +
				" values from " + offset + ", the array has " + dest.length);
		}
		if (mode == Mode.GROUPED) {
			for (int c = 0; c < channels; c++) {
				writePlane(Pixels.plane(image, c, index), dest, offset + c * hw);
			}
			return;
		}
		writePlane(Pixels.plane(image, index % channels, index / channels), dest, offset);
		if (mode == Mode.REPLICATE) {
			System.arraycopy(dest, offset, dest, offset + hw, hw);
			System.arraycopy(dest, offset, dest, offset + 2 * hw, hw);
		}
	}

	/** Writes the channel(s) this mode takes from one plane, resized to the shape. */
	private void writePlane(final Pixels.Plane p, final float[] dest, final int offset) {
		final int w = shape.width();
		final int h = shape.height();
		final int channels = mode == Mode.RGB ? 3 : 1;
		if (p.isRgb() != (mode == Mode.RGB || mode == Mode.LUMINANCE)) {
			throw new IllegalStateException("A plane of \"" + title +
				"\" is " + (p.isRgb() ? "" : "not ") + "RGB, unlike the image");
		}
		final boolean resize = p.width() != w || p.height() != h;
		// NB: a fresh buffer per call keeps fill thread-safe; without a resize
		// the values go straight into dest.
		final float[] target = resize ? new float[channels * p.width() * p.height()] : dest;
		final int base = resize ? 0 : offset;
		if (mode == Mode.LUMINANCE) Pixels.luminance(p, target, base);
		else Pixels.toFloat(p, target, base);
		if (!resize) return;
		final int n = p.width() * p.height();
		for (int ch = 0; ch < channels; ch++) {
			final float[] plane = new float[n];
			System.arraycopy(target, ch * n, plane, 0, n);
			// NB: resizing on floats keeps 16-bit and 32-bit values unclipped and
			// averages rather than subsamples when shrinking.
			final FloatProcessor fp = new FloatProcessor(p.width(), p.height(), plane);
			fp.setInterpolationMethod(ImageProcessor.BILINEAR);
			final ImageProcessor resized = fp.resize(w, h, true);
			System.arraycopy((float[]) resized.getPixels(), 0, dest, offset + ch * w * h,
				w * h);
		}
	}

	private void checkIndex(final int index) {
		if (index < 0 || index >= count) {
			throw new IndexOutOfBoundsException("Sample " + index + " of " + count +
				" in \"" + title + "\"");
		}
	}
}
