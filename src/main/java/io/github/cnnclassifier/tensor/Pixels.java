package io.github.cnnclassifier.tensor;

import java.lang.reflect.Array;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Reads the planes of ImgLib2 images as primitive arrays and copies them into
 * float planes: the one place that knows their encodings.
 */
final class Pixels {

	/** Red, green and blue weights of ITU-R BT.601 luminance, as MATLAB's rgb2gray. */
	static final float RED = 0.299f;
	static final float GREEN = 0.587f;
	static final float BLUE = 0.114f;

	private Pixels() {}

	/**
	 * One plane: {@code width * height} values of {@code pixels} from
	 * {@code offset}; byte[] and short[] hold unsigned values, int[] packed RGB.
	 */
	record Plane(Object pixels, int offset, int width, int height) {

		boolean isRgb() {
			return pixels instanceof int[];
		}
	}

	/**
	 * Plane (c, n) of an image with axes (X, Y[, N]) or (X, Y, C, N): the
	 * image's own array where it is an ArrayImg or PlanarImg of unsigned 8-bit,
	 * unsigned 16-bit, float or ARGB pixels (an ImagePlus wrapped by
	 * {@link ImagePlusImgs}), else a float (or, for ARGB, int) copy.
	 */
	static Plane plane(final RandomAccessibleInterval<?> img, final int c, final int n) {
		final int w = (int) img.dimension(0);
		final int h = (int) img.dimension(1);
		final int k = (int) (c + (img.numDimensions() == 4 ? img.dimension(2) : 1) * n);
		final Object type = img.getType();
		final Object array = array(img, k, type);
		if (array != null) {
			final int length = Array.getLength(array);
			final int offset = img instanceof ArrayImg ? k * w * h : 0;
			if (length < offset + w * h) {
				throw new IllegalArgumentException("Plane " + (k + 1) + " has " + length +
					" pixels, not the " + w + "x" + h + " of its image");
			}
			return new Plane(array, offset, w, h);
		}
		RandomAccessibleInterval<?> plane = Views.zeroMin(img);
		if (plane.numDimensions() == 4) plane = Views.hyperSlice(plane, 3, n);
		if (plane.numDimensions() == 3) plane = Views.hyperSlice(plane, 2, img
			.numDimensions() == 4 ? c : n);
		final Cursor<?> cursor = Views.flatIterable(plane).cursor();
		if (type instanceof ARGBType) {
			final int[] copy = new int[w * h];
			for (int i = 0; cursor.hasNext(); i++) copy[i] = ((ARGBType) cursor.next()).get();
			return new Plane(copy, 0, w, h);
		}
		final float[] copy = new float[w * h];
		for (int i = 0; cursor.hasNext(); i++) copy[i] = ((RealType<?>) cursor.next())
			.getRealFloat();
		return new Plane(copy, 0, w, h);
	}

	/**
	 * The primitive array that holds plane {@code k} of an ArrayImg (all
	 * planes) or PlanarImg (that plane), when its values are what
	 * {@link #toFloat} reads (byte[] of UnsignedByteType...); else null.
	 */
	private static Object array(final RandomAccessibleInterval<?> img, final int k,
		final Object type)
	{
		final Object access = img instanceof PlanarImg ? ((PlanarImg<?, ?>) img).getPlane(k)
			: img instanceof ArrayImg ? ((ArrayImg<?, ?>) img).update(null) : null;
		if (!(access instanceof ArrayDataAccess)) return null;
		final Object a = ((ArrayDataAccess<?>) access).getCurrentStorageArray();
		// NB: the exact classes: a signed type, or a subclass, reads its array otherwise.
		final Class<?> t = type.getClass();
		final boolean raw = t == UnsignedByteType.class ? a instanceof byte[]
			: t == UnsignedShortType.class ? a instanceof short[] : t == FloatType.class
				? a instanceof float[] : t == ARGBType.class && a instanceof int[];
		return raw ? a : null;
	}

	/** Writes the raw values of a plane, R, G and B planes one after another for RGB, from {@code offset}. */
	static void toFloat(final Plane plane, final float[] dest, final int offset) {
		final Object pixels = plane.pixels();
		final int from = plane.offset();
		final int n = plane.width() * plane.height();
		if (pixels instanceof byte[]) {
			final byte[] p = (byte[]) pixels;
			for (int i = 0; i < n; i++)
				dest[offset + i] = p[from + i] & 0xff;
		}
		else if (pixels instanceof short[]) {
			final short[] p = (short[]) pixels;
			for (int i = 0; i < n; i++)
				dest[offset + i] = p[from + i] & 0xffff;
		}
		else if (pixels instanceof float[]) {
			System.arraycopy(pixels, from, dest, offset, n);
		}
		else if (pixels instanceof int[]) {
			final int[] p = (int[]) pixels;
			for (int i = 0; i < n; i++) {
				final int c = p[from + i];
				dest[offset + i] = (c >> 16) & 0xff;
				dest[offset + n + i] = (c >> 8) & 0xff;
				dest[offset + 2 * n + i] = c & 0xff;
			}
		}
		else {
			throw new IllegalArgumentException("Unsupported pixel array: " +
				(pixels == null ? "null" : pixels.getClass().getSimpleName()));
		}
	}

	/** Writes the luminance 0.299 R + 0.587 G + 0.114 B of an RGB plane, unrounded, from {@code offset}. */
	static void luminance(final Plane plane, final float[] dest, final int offset) {
		final int[] rgb = (int[]) plane.pixels();
		final int from = plane.offset();
		final int n = plane.width() * plane.height();
		for (int i = 0; i < n; i++) {
			final int c = rgb[from + i];
			dest[offset + i] = RED * ((c >> 16) & 0xff) + GREEN * ((c >> 8) & 0xff) +
				BLUE * (c & 0xff);
		}
	}

	/** Fails unless {@code n} values fit one Java array. */
	static int checkedSize(final long n, final String what) {
		if (n > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException(what + " has " + n +
				" values, more than one array can hold (2^31); process it in batches");
		}
		return (int) n;
	}
}
