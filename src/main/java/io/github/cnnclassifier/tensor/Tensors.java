package io.github.cnnclassifier.tensor;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one bridge between images (ImageJ, ImgLib2) and ND4J arrays: float32,
 * NCHW (sample, channel, row, column), raw pixel values.
 * <p>
 * Raw means the stored values: 8-bit 0..255 and 16-bit 0..65535 (both
 * unsigned), 32-bit as is, RGB split into R, G, B in 0..255. Calibration
 * tables, display ranges and inverted LUTs are ignored. Every method reads
 * primitive arrays into one {@code float[]} and creates the array once.
 */
public final class Tensors {

	private Tensors() {}

	/** Returns the raw values of one plane as a [1, C, H, W] array, C = 3 (R, G, B) for a ColorProcessor, else 1. */
	public static INDArray fromProcessor(final ImageProcessor ip) {
		final Object pixels = ip.getPixels();
		final int c = pixels instanceof int[] ? 3 : 1;
		final int h = ip.getHeight();
		final int w = ip.getWidth();
		final float[] data = new float[Pixels.checkedSize((long) c * h * w, "Image")];
		Pixels.toFloat(new Pixels.Plane(pixels, 0, w, h), data, 0);
		return Nd4j.create(data, new long[] { 1, c, h, w }, 'c');
	}

	/**
	 * Returns all planes of an image as an [N, C, H, W] array with C the
	 * channel count (times 3 for RGB) and N = slices x frames, in stack order.
	 */
	public static INDArray fromImagePlus(final ImagePlus imp) {
		final ImageStack stack = imp.getStack();
		final int planes = stack.getSize();
		final int nChannels = Math.max(1, imp.getNChannels());
		if (planes % nChannels != 0) {
			throw new IllegalArgumentException("Image \"" + imp.getTitle() + "\" has " +
				planes + " planes, not a multiple of its " + nChannels + " channels");
		}
		final int h = stack.getHeight();
		final int w = stack.getWidth();
		final int perPlane = imp.getType() == ImagePlus.COLOR_RGB ? 3 : 1;
		final int c = nChannels * perPlane;
		final int n = planes / nChannels;
		final int planeSize = perPlane * h * w;
		final float[] data = new float[Pixels.checkedSize((long) planes * planeSize,
			"Image \"" + imp.getTitle() + "\"")];
		// NB: ImageJ's stack order is channel fastest, then z, then t, which is
		// exactly NCHW with N = (t, z): plane k simply lands at k * planeSize.
		final RandomAccessibleInterval<?> img = perPlane == 3 ? ImagePlusImgs.rgb(imp)
			: ImagePlusImgs.grey(imp);
		for (int k = 0; k < planes; k++) {
			final Pixels.Plane p = perPlane == 3 ? Pixels.plane(img, 0, k) : Pixels.plane(img, k %
				nChannels, k / nChannels);
			Pixels.toFloat(p, data, k * planeSize);
		}
		return Nd4j.create(data, new long[] { n, c, h, w }, 'c');
	}

	/**
	 * Returns an [N, C, H, W] array as an image with C channels and N z-slices:
	 * bit depth 8 and 16 round and clamp, 32 keeps values, 24 gives RGB and
	 * needs C == 3.
	 */
	public static ImagePlus toImagePlus(final INDArray nchw, final int bitDepth,
		final String title)
	{
		final long[] s = checkNchw(nchw);
		final int n = (int) s[0];
		final int c = (int) s[1];
		final int h = (int) s[2];
		final int w = (int) s[3];
		if (bitDepth == 24 && c != 3) {
			throw new IllegalArgumentException("An RGB image needs 3 channels, the array has " +
				c);
		}
		if (bitDepth != 8 && bitDepth != 16 && bitDepth != 24 && bitDepth != 32) {
			throw new IllegalArgumentException("Bit depth must be 8, 16, 24 (RGB) or 32, got " +
				bitDepth);
		}
		final float[] data = floats(nchw);
		final int hw = h * w;
		final ImageStack stack = new ImageStack(w, h);
		if (bitDepth == 24) {
			for (int k = 0; k < n; k++) {
				final int[] px = new int[hw];
				final int base = k * 3 * hw;
				for (int i = 0; i < hw; i++) {
					px[i] = (clamp(data[base + i], 255) << 16) |
						(clamp(data[base + hw + i], 255) << 8) | clamp(data[base + 2 * hw + i],
							255);
				}
				stack.addSlice(null, new ColorProcessor(w, h, px));
			}
		}
		else {
			for (int k = 0; k < n * c; k++) {
				stack.addSlice(null, plane(data, k * hw, w, h, bitDepth));
			}
		}
		final ImagePlus imp = new ImagePlus(title == null ? "tensor" : title, stack);
		final int channels = bitDepth == 24 ? 1 : c;
		imp.setDimensions(channels, n, 1);
		if (channels > 1) imp.setOpenAsHyperStack(true);
		return imp;
	}

	/**
	 * Returns an interval with dimensions (X, Y[, C[, N]]) as an [N, C, H, W]
	 * array (N and C are 1 where missing), reading only the interval, wherever
	 * its min lies.
	 */
	public static INDArray fromRai(final RandomAccessibleInterval<? extends RealType<?>> rai) {
		final int nd = rai.numDimensions();
		if (nd < 2 || nd > 4) {
			throw new IllegalArgumentException(
				"Expected 2 to 4 dimensions (X, Y[, C[, N]]), got " + nd);
		}
		final long w = rai.dimension(0);
		final long h = rai.dimension(1);
		final long c = nd > 2 ? rai.dimension(2) : 1;
		final long n = nd > 3 ? rai.dimension(3) : 1;
		final float[] data = new float[Pixels.checkedSize(Intervals.numElements(rai),
			"Interval")];
		// NB: flatIterable walks X fastest, then Y, C, N: the c-order of NCHW.
		final Cursor<? extends RealType<?>> cursor = Views.flatIterable(rai).cursor();
		int i = 0;
		while (cursor.hasNext()) {
			data[i++] = cursor.next().getRealFloat();
		}
		return Nd4j.create(data, new long[] { n, c, h, w }, 'c');
	}

	/** Returns an [N, C, H, W] array as a float image with dimensions (W, H, C, N), always 4D. */
	public static Img<FloatType> toRai(final INDArray nchw) {
		final long[] s = checkNchw(nchw);
		// NB: ArrayImg's X-fastest layout is NCHW's c-order, so the array's
		// values are wrapped as they are.
		return ArrayImgs.floats(floats(nchw), s[3], s[2], s[1], s[0]);
	}

	/**
	 * Returns samples {@code from} (inclusive) to {@code to} (exclusive) of a
	 * source as a [to - from, C, H, W] array, filled through
	 * {@link SampleSource#fill} in this thread.
	 */
	public static INDArray batch(final SampleSource source, final int from, final int to) {
		if (from < 0 || to > source.count() || from >= to) {
			throw new IndexOutOfBoundsException("Batch " + from + ".." + to +
				" is not a non-empty range of the " + source.count() + " samples");
		}
		final InputShape shape = source.shape();
		final int size = shape.size();
		final float[] data = new float[Pixels.checkedSize((long) (to - from) * size,
			"Batch")];
		for (int k = from; k < to; k++) {
			source.fill(k, data, (k - from) * size);
		}
		return Nd4j.create(data, new long[] { to - from, shape.channels(), shape.height(),
			shape.width() }, 'c');
	}

	private static long[] checkNchw(final INDArray a) {
		if (a.rank() != 4) {
			throw new IllegalArgumentException("Expected an NCHW array of rank 4, got shape " +
				java.util.Arrays.toString(a.shape()));
		}
		final long[] s = a.shape();
		Pixels.checkedSize(a.length(), "Array");
		return s;
	}

	/** The values of an array in c-order as a new float[]. */
	private static float[] floats(final INDArray a) {
		// NB: dup('c') gives a fresh buffer of exactly a.length() values in
		// c-order, whatever view, order or offset a has.
		final INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
		return f.dup('c').data().asFloat();
	}

	private static ImageProcessor plane(final float[] data, final int from, final int w,
		final int h, final int bitDepth)
	{
		final int hw = w * h;
		if (bitDepth == 8) {
			final byte[] px = new byte[hw];
			for (int i = 0; i < hw; i++)
				px[i] = (byte) clamp(data[from + i], 255);
			return new ByteProcessor(w, h, px, null);
		}
		if (bitDepth == 16) {
			final short[] px = new short[hw];
			for (int i = 0; i < hw; i++)
				px[i] = (short) clamp(data[from + i], 65535);
			return new ShortProcessor(w, h, px, null);
		}
		final float[] px = new float[hw];
		System.arraycopy(data, from, px, 0, hw);
		return new FloatProcessor(w, h, px);
	}

	/** Rounds half up into 0..max; NaN gives 0. */
	private static int clamp(final float v, final int max) {
		if (!(v > 0)) return 0;
		if (v >= max) return max;
		return (int) (v + 0.5f);
	}
}
