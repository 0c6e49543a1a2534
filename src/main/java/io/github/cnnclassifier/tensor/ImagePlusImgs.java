package io.github.cnnclassifier.tensor;

import ij.ImagePlus;
import ij.ImageStack;

import java.util.AbstractList;
import java.util.function.Function;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;

/**
 * The one place where an ImagePlus becomes an ImgLib2 image: a
 * {@link PlanarImg} whose planes are the stack's own pixel arrays, not copies
 * (imglib2-ij, which does this for Fiji, is not on Maven Central).
 * <p>
 * Planes are looked up in the stack each time a plane is visited, so later
 * edits to its pixels are seen, and a virtual stack reads only the planes
 * visited (one at a time: it reads files through shared state).
 */
public final class ImagePlusImgs {

	private ImagePlusImgs() {}

	/**
	 * An 8-bit, 16-bit or 32-bit image as an (X, Y, C, N) image, C its channels
	 * and N its (z, t) positions in stack order, pixels unsigned 8-bit,
	 * unsigned 16-bit or float; refuses RGB (see {@link #rgb}).
	 *
	 * @throws IllegalArgumentException for an RGB image, or planes that are not a multiple of the channels
	 */
	public static RandomAccessibleInterval<? extends RealType<?>> grey(final ImagePlus imp) {
		final ImageStack stack = imp.getStack();
		final long[] dims = { stack.getWidth(), stack.getHeight(), channels(imp), stack
			.getSize() / channels(imp) };
		switch (imp.getBitDepth()) {
			case 8:
				final PlanarImg<UnsignedByteType, ByteArray> bytes = planar(dims, stack,
					(Object p) -> new ByteArray((byte[]) p));
				bytes.setLinkedType(new UnsignedByteType(bytes));
				return bytes;
			case 16:
				final PlanarImg<UnsignedShortType, ShortArray> shorts = planar(dims, stack,
					(Object p) -> new ShortArray((short[]) p));
				shorts.setLinkedType(new UnsignedShortType(shorts));
				return shorts;
			case 32:
				final PlanarImg<FloatType, FloatArray> floats = planar(dims, stack,
					(Object p) -> new FloatArray((float[]) p));
				floats.setLinkedType(new FloatType(floats));
				return floats;
			default:
				throw new IllegalArgumentException("Image \"" + imp.getTitle() + "\" is RGB: " +
					"take ImagePlusImgs.rgb, or split its channels");
		}
	}

	/** An RGB image as an (X, Y, N) image of packed colours, N its planes in stack order. */
	public static PlanarImg<ARGBType, IntArray> rgb(final ImagePlus imp) {
		if (imp.getType() != ImagePlus.COLOR_RGB) {
			throw new IllegalArgumentException("Image \"" + imp.getTitle() + "\" is not RGB");
		}
		final ImageStack stack = imp.getStack();
		final long[] dims = { stack.getWidth(), stack.getHeight(), stack.getSize() };
		final PlanarImg<ARGBType, IntArray> img = planar(dims, stack,
			(Object p) -> new IntArray((int[]) p));
		img.setLinkedType(new ARGBType(img));
		return img;
	}

	/**
	 * Channels of an image, at least 1.
	 *
	 * @throws IllegalArgumentException if its planes are not a whole number of channel groups
	 */
	public static int channels(final ImagePlus imp) {
		final int c = Math.max(1, imp.getNChannels());
		final int size = imp.getStackSize();
		if (size % c != 0) {
			throw new IllegalArgumentException("Image \"" + imp.getTitle() + "\" has " + size +
				" planes, not a multiple of its " + c + " channels");
		}
		return c;
	}

	/** A PlanarImg over the stack's planes, each wrapped as it is visited; its type still to link. */
	private static <T extends NativeType<T>, A extends ArrayDataAccess<A>> PlanarImg<T, A> planar(
		final long[] dims, final ImageStack stack, final Function<Object, A> wrap)
	{
		final int size = stack.getSize();
		return new PlanarImg<>(new AbstractList<A>() {

			@Override
			public A get(final int index) {
				return wrap.apply(pixels(stack, index + 1));
			}

			@Override
			public int size() {
				return size;
			}
		}, dims, new Fraction());
	}

	private static Object pixels(final ImageStack stack, final int n) {
		if (stack.isVirtual()) {
			// NB: a VirtualStack reads files through shared state (Opener, its own
			// cache), so one reader at a time.
			synchronized (stack) {
				return stack.getProcessor(n).getPixels();
			}
		}
		// NB: getPixels, unlike getProcessor, neither allocates a processor nor
		// scans the plane for its min and max.
		return stack.getPixels(n);
	}
}
