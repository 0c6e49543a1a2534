package io.github.cnnclassifier.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class TensorsTest {

	@Test
	void byteProcessorIsUnsignedAndRoundTrips() {
		final ByteProcessor bp = new ByteProcessor(3, 2, new byte[] { 0, 1, (byte) 127,
			(byte) 128, (byte) 200, (byte) 255 });
		final INDArray a = Tensors.fromProcessor(bp);
		assertArrayEquals(new long[] { 1, 1, 2, 3 }, a.shape());
		assertEquals(DataType.FLOAT, a.dataType());
		assertEquals(127, a.getFloat(0, 0, 0, 2), 0);
		assertEquals(128, a.getFloat(0, 0, 1, 0), 0);
		assertEquals(255, a.getFloat(0, 0, 1, 2), 0);

		final ImagePlus back = Tensors.toImagePlus(a, 8, "b");
		assertEquals(8, back.getBitDepth());
		assertArrayEquals((byte[]) bp.getPixels(), (byte[]) back.getProcessor().getPixels());
		assertArrayEquals(values(a), values(Tensors.fromImagePlus(back)), 0);
	}

	@Test
	void shortProcessorIsUnsignedAndRoundTrips() {
		final ShortProcessor sp = new ShortProcessor(2, 2, new short[] { 0, 32767,
			(short) 40000, (short) 65535 }, null);
		final INDArray a = Tensors.fromProcessor(sp);
		assertArrayEquals(new float[] { 0, 32767, 40000, 65535 }, values(a), 0);

		final ImagePlus back = Tensors.toImagePlus(a, 16, "s");
		assertEquals(16, back.getBitDepth());
		assertArrayEquals((short[]) sp.getPixels(), (short[]) back.getProcessor()
			.getPixels());
		assertArrayEquals(values(a), values(Tensors.fromImagePlus(back)), 0);
	}

	@Test
	void floatProcessorKeepsValuesAndRoundTrips() {
		final float[] px = { -1.5f, 0.25f, 1e6f, Float.MIN_VALUE, 3, -70000 };
		final INDArray a = Tensors.fromProcessor(new FloatProcessor(2, 3, px.clone()));
		assertArrayEquals(new long[] { 1, 1, 3, 2 }, a.shape());
		assertArrayEquals(px, values(a), 0);
		assertArrayEquals(px, values(Tensors.fromImagePlus(Tensors.toImagePlus(a, 32,
			"f"))), 0);
	}

	@Test
	void colorProcessorGivesRedGreenBluePlanesAndRoundTrips() {
		final int[] px = { rgb(10, 20, 30), rgb(255, 0, 128), rgb(1, 254, 200) };
		final INDArray a = Tensors.fromProcessor(new ColorProcessor(3, 1, px.clone()));
		assertArrayEquals(new long[] { 1, 3, 1, 3 }, a.shape());
		assertArrayEquals(new float[] { 10, 255, 1, 20, 0, 254, 30, 128, 200 }, values(a),
			0);

		final ImagePlus back = Tensors.toImagePlus(a, 24, "rgb");
		assertEquals(ImagePlus.COLOR_RGB, back.getType());
		assertArrayEquals(px, (int[]) back.getProcessor().getPixels());
		final INDArray again = Tensors.fromImagePlus(back);
		assertArrayEquals(new long[] { 1, 3, 1, 3 }, again.shape());
		assertArrayEquals(values(a), values(again), 0);
	}

	@Test
	void hyperstackFollowsImageJStackOrder() {
		final int c = 2, z = 3, t = 2;
		final ImageStack stack = new ImageStack(2, 2);
		for (int k = 0; k < c * z * t; k++)
			stack.addSlice(null, constant16(2, 2, 1000 * k + 33000));
		final ImagePlus imp = new ImagePlus("hyper", stack);
		imp.setDimensions(c, z, t);
		final INDArray a = Tensors.fromImagePlus(imp);
		assertArrayEquals(new long[] { z * t, c, 2, 2 }, a.shape());
		for (int ti = 0; ti < t; ti++) {
			for (int zi = 0; zi < z; zi++) {
				for (int ci = 0; ci < c; ci++) {
					final int k = imp.getStackIndex(ci + 1, zi + 1, ti + 1) - 1;
					assertEquals(1000 * k + 33000, a.getFloat(ti * z + zi, ci, 1, 1), 0);
				}
			}
		}

		final ImagePlus back = Tensors.toImagePlus(a, 16, "back");
		assertEquals(c, back.getNChannels());
		assertEquals(z * t, back.getNSlices());
		assertEquals(1, back.getNFrames());
		for (int k = 0; k < c * z * t; k++)
			assertEquals(1000 * k + 33000, back.getStack().getProcessor(k + 1).get(1, 0));
		assertArrayEquals(values(a), values(Tensors.fromImagePlus(back)), 0);
	}

	@Test
	void toImagePlusRoundsAndClamps() {
		final INDArray a = Tensors.fromProcessor(new FloatProcessor(6, 1, new float[] { -5,
			3.4f, 3.5f, 254.6f, 300, Float.NaN }));
		assertArrayEquals(new float[] { 0, 3, 4, 255, 255, 0 }, values(Tensors.fromImagePlus(
			Tensors.toImagePlus(a, 8, "8"))), 0);
		final INDArray b = Tensors.fromProcessor(new FloatProcessor(3, 1, new float[] { -1,
			40000.5f, 70000 }));
		assertArrayEquals(new float[] { 0, 40001, 65535 }, values(Tensors.fromImagePlus(
			Tensors.toImagePlus(b, 16, "16"))), 0);
	}

	@Test
	void toImagePlusRejectsRgbWithoutThreeChannelsAndOddDepths() {
		final INDArray grey = Tensors.fromProcessor(new ByteProcessor(2, 2));
		assertThrows(IllegalArgumentException.class, () -> Tensors.toImagePlus(grey, 24,
			"x"));
		assertThrows(IllegalArgumentException.class, () -> Tensors.toImagePlus(grey, 12,
			"x"));
		assertThrows(IllegalArgumentException.class, () -> Tensors.toImagePlus(grey
			.reshape(4), 8, "x"));
	}

	@Test
	void toImagePlusReadsViews() {
		final ImageStack stack = new ImageStack(2, 1);
		for (int k = 0; k < 4; k++)
			stack.addSlice(null, new FloatProcessor(2, 1, new float[] { k, 10 + k }));
		final INDArray all = Tensors.fromImagePlus(new ImagePlus("v", stack));
		// NB: a view with an offset and one with permuted strides must both come
		// out in NCHW order.
		final INDArray offset = all.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all(),
			NDArrayIndex.all(), NDArrayIndex.all());
		final ImagePlus cut = Tensors.toImagePlus(offset, 32, "v");
		assertEquals(2, cut.getStackSize());
		assertEquals(12f, cut.getStack().getProcessor(2).getf(1, 0), 0);
		final ImagePlus turned = Tensors.toImagePlus(all.permute(0, 1, 3, 2), 32, "t");
		assertEquals(1, turned.getWidth());
		assertEquals(2, turned.getHeight());
		assertEquals(13f, turned.getStack().getProcessor(4).getf(0, 1), 0);
	}

	@Test
	void fromRai2dGivesOneGreyPlane() {
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(new float[] { 1, 2, 3,
			4, 5, 6 }, 3, 2);
		final INDArray a = Tensors.fromRai(img);
		assertArrayEquals(new long[] { 1, 1, 2, 3 }, a.shape());
		assertEquals(6, a.getFloat(0, 0, 1, 2), 0);
		assertEquals(2, a.getFloat(0, 0, 0, 1), 0);
	}

	@Test
	void fromRai3dTakesTheThirdDimensionAsChannels() {
		final Img<UnsignedShortType> img = ArrayImgs.unsignedShorts(4, 3, 2);
		fillWithPositions(img);
		final INDArray a = Tensors.fromRai(img);
		assertArrayEquals(new long[] { 1, 2, 3, 4 }, a.shape());
		assertEquals(code(3, 2, 1, 0), a.getFloat(0, 1, 2, 3), 0);
		assertEquals(code(1, 0, 1, 0), a.getFloat(0, 1, 0, 1), 0);
	}

	@Test
	void fromRai4dTakesTheFourthDimensionAsSamples() {
		final Img<FloatType> img = ArrayImgs.floats(4, 3, 2, 5);
		fillWithPositions(img);
		final INDArray a = Tensors.fromRai(img);
		assertArrayEquals(new long[] { 5, 2, 3, 4 }, a.shape());
		assertEquals(code(2, 1, 0, 4), a.getFloat(4, 0, 1, 2), 0);
		assertEquals(code(3, 2, 1, 3), a.getFloat(3, 1, 2, 3), 0);
	}

	@Test
	void fromRaiReadsOnlyTheIntervalWhereverItsMinIs() {
		final Img<FloatType> img = ArrayImgs.floats(5, 4, 3);
		fillWithPositions(img);
		final RandomAccessibleInterval<FloatType> crop = Views.interval(img, new long[] { 1, 2,
			1 }, new long[] { 3, 3, 2 });
		final INDArray a = Tensors.fromRai(crop);
		assertArrayEquals(new long[] { 1, 2, 2, 3 }, a.shape());
		assertEquals(code(1, 2, 1, 0), a.getFloat(0, 0, 0, 0), 0);
		assertEquals(code(3, 3, 2, 0), a.getFloat(0, 1, 1, 2), 0);
		// NB: a translated interval (negative min) reads the same values.
		final INDArray moved = Tensors.fromRai(Views.translate(crop, -7, -9, 4));
		assertArrayEquals(values(a), values(moved), 0);
	}

	@Test
	void raiRoundTripsThroughNchw() {
		final Img<FloatType> img = ArrayImgs.floats(4, 3, 2, 5);
		fillWithPositions(img);
		final Img<FloatType> back = Tensors.toRai(Tensors.fromRai(img));
		assertArrayEquals(img.dimensionsAsLongArray(), back.dimensionsAsLongArray());
		final Cursor<FloatType> c = img.localizingCursor();
		final RandomAccess<FloatType> ra = back.randomAccess();
		while (c.hasNext()) {
			c.fwd();
			ra.setPosition(c);
			assertEquals(c.get().get(), ra.get().get(), 0);
		}
	}

	@Test
	void toRaiIsAlwaysFourDimensional() {
		final INDArray a = Tensors.fromProcessor(new FloatProcessor(3, 2, new float[] { 1, 2,
			3, 4, 5, 6 }));
		final Img<FloatType> img = Tensors.toRai(a);
		assertArrayEquals(new long[] { 3, 2, 1, 1 }, img.dimensionsAsLongArray());
		final RandomAccess<FloatType> ra = img.randomAccess();
		ra.setPosition(new long[] { 2, 1, 0, 0 });
		assertEquals(6, ra.get().get(), 0);
	}

	@Test
	void batchStacksTheRequestedSamples() {
		final InputShape shape = new InputShape(2, 3, 2);
		final SampleSource source = new SampleSource() {

			@Override
			public InputShape shape() {
				return shape;
			}

			@Override
			public int count() {
				return 6;
			}

			@Override
			public void fill(final int index, final float[] dest, final int offset) {
				for (int i = 0; i < shape.size(); i++)
					dest[offset + i] = 100 * index + i;
			}
		};
		final INDArray b = Tensors.batch(source, 2, 5);
		assertArrayEquals(new long[] { 3, 2, 2, 3 }, b.shape());
		assertEquals(DataType.FLOAT, b.dataType());
		assertEquals(200, b.getFloat(0, 0, 0, 0), 0);
		// channel 1, row 1, column 2 is value 6 + 3 + 2 = 11 of sample 4
		assertEquals(411, b.getFloat(2, 1, 1, 2), 0);
		assertThrows(IndexOutOfBoundsException.class, () -> Tensors.batch(source, 4, 7));
		assertThrows(IndexOutOfBoundsException.class, () -> Tensors.batch(source, 3, 3));
	}

	static float[] values(final INDArray a) {
		return a.dup('c').data().asFloat();
	}

	static int rgb(final int r, final int g, final int b) {
		return (r << 16) | (g << 8) | b;
	}

	static ShortProcessor constant16(final int w, final int h, final int v) {
		final ShortProcessor sp = new ShortProcessor(w, h);
		sp.set(v);
		return sp;
	}

	/** A value that says where it sits: x + 10 y + 100 c + 1000 n. */
	private static int code(final int x, final int y, final int c, final int n) {
		return x + 10 * y + 100 * c + 1000 * n;
	}

	private static <T extends net.imglib2.type.numeric.RealType<T>> void fillWithPositions(
		final Img<T> img)
	{
		final Cursor<T> c = img.localizingCursor();
		final long[] pos = new long[4];
		while (c.hasNext()) {
			c.fwd();
			java.util.Arrays.fill(pos, 0);
			for (int d = 0; d < img.numDimensions(); d++)
				pos[d] = c.getLongPosition(d);
			c.get().setReal(code((int) pos[0], (int) pos[1], (int) pos[2], (int) pos[3]));
		}
		assertTrue(img.numDimensions() <= 4);
	}
}
