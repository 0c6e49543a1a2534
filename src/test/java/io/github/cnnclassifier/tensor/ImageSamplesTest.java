package io.github.cnnclassifier.tensor;

import static io.github.cnnclassifier.tensor.TensorsTest.constant16;
import static io.github.cnnclassifier.tensor.TensorsTest.rgb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.VirtualStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import java.nio.file.Path;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class ImageSamplesTest {

	@Test
	void rgbBecomesLuminanceForOneChannel() {
		final ImagePlus imp = new ImagePlus("rgb", new ColorProcessor(3, 1, new int[] { rgb(
			100, 50, 200), rgb(255, 255, 255), rgb(0, 0, 10) }));
		final ImageSamples s = new ImageSamples(imp, new InputShape(1, 3, 1));
		assertEquals(1, s.count());
		final float[] v = fill(s, 0);
		assertEquals(0.299 * 100 + 0.587 * 50 + 0.114 * 200, v[0], 1e-4);
		assertEquals(255, v[1], 1e-3);
		assertEquals(1.14, v[2], 1e-5);
	}

	@Test
	void rgbGivesRedGreenBlueForThreeChannels() {
		final ImagePlus imp = new ImagePlus("rgb", new ColorProcessor(2, 1, new int[] { rgb(
			1, 2, 3), rgb(250, 128, 0) }));
		final ImageSamples s = new ImageSamples(imp, new InputShape(1, 2, 3));
		assertArrayEquals(new float[] { 1, 250, 2, 128, 3, 0 }, fill(s, 0), 0);
	}

	@Test
	void greyIsReplicatedIntoThreeChannels() {
		final ImagePlus imp = new ImagePlus("grey", new ShortProcessor(2, 1, new short[] {
			(short) 40000, 7 }, null));
		final ImageSamples s = new ImageSamples(imp, new InputShape(1, 2, 3));
		assertEquals(1, s.count());
		assertArrayEquals(new float[] { 40000, 7, 40000, 7, 40000, 7 }, fill(s, 0), 0);
	}

	@Test
	void greyStackGivesOneSamplePerPlane() {
		final ImageStack stack = new ImageStack(2, 2);
		for (int k = 0; k < 3; k++)
			stack.addSlice(null, constant8(2, 2, 200 + k));
		final ImageSamples s = new ImageSamples(new ImagePlus("z", stack), new InputShape(2,
			2, 1));
		assertEquals(3, s.count());
		assertArrayEquals(new float[] { 202, 202, 202, 202 }, fill(s, 2), 0);
		assertArrayEquals(new int[] { 3 }, s.planes(2));
	}

	@Test
	void hyperstackGivesOneSamplePerChannelPlaneForOneChannel() {
		final ImagePlus imp = hyperstack("h", 2, 3, 2);
		final ImageSamples s = new ImageSamples(imp, new InputShape(2, 2, 1));
		assertEquals(12, s.count());
		for (int i = 0; i < 12; i++) {
			assertArrayEquals(new int[] { i + 1 }, s.planes(i));
			assertEquals(value(i + 1), fill(s, i)[3], 0);
		}
	}

	@Test
	void hyperstackWithTheModelsChannelsGivesOneSamplePerPosition() {
		final ImagePlus imp = hyperstack("h", 3, 2, 2);
		final ImageSamples s = new ImageSamples(imp, new InputShape(2, 2, 3));
		assertEquals(4, s.count());
		// sample 3 is z = 2, t = 2: stack planes 10, 11, 12
		assertArrayEquals(new int[] { 10, 11, 12 }, s.planes(3));
		assertEquals(imp.getStackIndex(1, 2, 2), s.planes(3)[0]);
		final float[] v = fill(s, 3);
		assertEquals(value(10), v[0], 0);
		assertEquals(value(11), v[4], 0);
		assertEquals(value(12), v[11], 0);
	}

	@Test
	void anyChannelCountMatchingTheModelIsGrouped() {
		final ImagePlus imp = hyperstack("two", 2, 3, 1);
		final ImageSamples s = new ImageSamples(imp, new InputShape(2, 2, 2));
		assertEquals(3, s.count());
		assertArrayEquals(new int[] { 3, 4 }, s.planes(1));
		final float[] v = fill(s, 1);
		assertEquals(value(3), v[0], 0);
		assertEquals(value(4), v[7], 0);
	}

	@Test
	void channelsThatCannotFitAreRefusedNamingImageAndCounts() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new ImageSamples(hyperstack("cells.tif", 2, 1, 1), new InputShape(4, 4, 3)));
		assertTrue(e.getMessage().startsWith(
			"Image \"cells.tif\" has 2 channels but the model expects 3 (1 = grey, 3 = RGB): "),
			e.getMessage());

		final ImagePlus rgb = new ImagePlus("photo.jpg", new ColorProcessor(4, 4));
		final IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
			() -> new ImageSamples(rgb, new InputShape(4, 4, 2)));
		assertTrue(e2.getMessage().contains("\"photo.jpg\""), e2.getMessage());
		assertTrue(e2.getMessage().contains("expects 2"), e2.getMessage());

		final ImagePlus grey = new ImagePlus("grey.tif", new ByteProcessor(4, 4));
		final IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class,
			() -> new ImageSamples(grey, new InputShape(4, 4, 2)));
		assertTrue(e3.getMessage().contains("has 1 channel but the model expects 2"), e3
			.getMessage());
	}

	@Test
	void shrinkingAndEnlargingKeepAConstantPlaneConstant() {
		final ImagePlus imp = new ImagePlus("c", constant8(10, 10, 77));
		for (final InputShape shape : new InputShape[] { new InputShape(4, 3, 1),
			new InputShape(25, 12, 1), new InputShape(10, 10, 3) })
		{
			final float[] v = fill(new ImageSamples(imp, shape), 0);
			assertEquals(shape.size(), v.length);
			for (final float x : v)
				assertEquals(77, x, 1e-3);
		}
	}

	@Test
	void resizingSixteenBitValuesDoesNotClipThem() {
		final Random random = new Random(42);
		final ShortProcessor sp = new ShortProcessor(64, 64);
		double sum = 0;
		for (int i = 0; i < 64 * 64; i++) {
			final int v = 39000 + random.nextInt(2001);
			sp.set(i, v);
			sum += v;
		}
		final double mean = sum / (64 * 64);
		final ImageSamples s = new ImageSamples(new ImagePlus("16", sp), new InputShape(28, 28,
			1));
		final float[] v = fill(s, 0);
		double resizedSum = 0;
		for (final float x : v) {
			assertTrue(x >= 39000 && x <= 41000, "value " + x);
			resizedSum += x;
		}
		assertEquals(mean, resizedSum / v.length, 50);
	}

	@Test
	void resizingKeepsAGradientInPlace() {
		final FloatProcessor fp = new FloatProcessor(8, 1);
		for (int x = 0; x < 8; x++)
			fp.setf(x, 0, x);
		final float[] v = fill(new ImageSamples(new ImagePlus("ramp", fp), new InputShape(1,
			4, 1)), 0);
		// NB: averaging pairs of the ramp 0..7 gives about 0.5, 2.5, 4.5, 6.5.
		for (int i = 0; i < 4; i++)
			assertEquals(2 * i + 0.5, v[i], 0.6);
		for (int i = 1; i < 4; i++)
			assertTrue(v[i] > v[i - 1]);
	}

	@Test
	void rgbPlanesAreResizedPerChannel() {
		final ColorProcessor cp = new ColorProcessor(6, 6);
		cp.setColor(new java.awt.Color(200, 100, 50));
		cp.fill();
		final float[] v = fill(new ImageSamples(new ImagePlus("rgb", cp), new InputShape(3, 3,
			3)), 0);
		assertEquals(200, v[0], 1e-3);
		assertEquals(100, v[9 + 4], 1e-3);
		assertEquals(50, v[18 + 8], 1e-3);
	}

	@Test
	void fillWritesAtTheOffsetAndBatchesThroughTensors() {
		final ImagePlus imp = hyperstack("h", 2, 2, 1);
		final ImageSamples s = new ImageSamples(imp, new InputShape(2, 2, 2));
		final float[] dest = new float[20];
		s.fill(1, dest, 3);
		assertEquals(0, dest[2], 0);
		assertEquals(value(3), dest[3], 0);
		assertEquals(value(4), dest[10], 0);
		assertEquals(0, dest[11], 0);
		final INDArray b = Tensors.batch(s, 0, 2);
		assertArrayEquals(new long[] { 2, 2, 2, 2 }, b.shape());
		assertEquals(value(4), b.getFloat(1, 1, 1, 1), 0);
		assertThrows(IndexOutOfBoundsException.class, () -> s.fill(2, dest, 0));
		assertThrows(IndexOutOfBoundsException.class, () -> s.fill(0, dest, 15));
	}

	@Test
	void concurrentFillsMatchSequentialOnes() {
		final ImageStack stack = new ImageStack(9, 7);
		final Random random = new Random(7);
		for (int k = 0; k < 64; k++) {
			final ShortProcessor sp = new ShortProcessor(9, 7);
			for (int i = 0; i < 63; i++)
				sp.set(i, random.nextInt(65536));
			stack.addSlice(null, sp);
		}
		final ImageSamples s = new ImageSamples(new ImagePlus("many", stack), new InputShape(5,
			4, 3));
		final int size = s.shape().size();
		final float[] sequential = new float[64 * size];
		for (int i = 0; i < 64; i++)
			s.fill(i, sequential, i * size);
		final float[] parallel = new float[64 * size];
		IntStream.range(0, 64).parallel().forEach(i -> s.fill(i, parallel, i * size));
		assertArrayEquals(sequential, parallel, 0);
	}

	@Test
	void virtualStacksAreReadPlaneByPlane(@TempDir final Path dir) {
		final VirtualStack stack = new VirtualStack(3, 2, null, dir.toString());
		for (int k = 0; k < 2; k++) {
			final String name = "plane" + k + ".tif";
			new FileSaver(new ImagePlus(name, constant16(3, 2, 50000 + k))).saveAsTiff(dir
				.resolve(name).toString());
			stack.addSlice(name);
		}
		final ImagePlus imp = new ImagePlus("virtual", stack);
		final ImageSamples s = new ImageSamples(imp, new InputShape(2, 3, 1));
		assertEquals(2, s.count());
		assertArrayEquals(new float[] { 50001, 50001, 50001, 50001, 50001, 50001 }, fill(s,
			1), 0);
		final INDArray all = Tensors.fromImagePlus(imp);
		assertEquals(50000, all.getFloat(0, 0, 1, 2), 0);
	}

	@Test
	void imageAndShapeAreKept() {
		final ImagePlus imp = new ImagePlus("k", new ByteProcessor(2, 2));
		final InputShape shape = new InputShape(2, 2, 1);
		final ImageSamples s = new ImageSamples(imp, shape);
		assertEquals(imp, s.image());
		assertEquals(shape, s.shape());
	}

	private static float[] fill(final ImageSamples s, final int index) {
		final float[] v = new float[s.shape().size()];
		s.fill(index, v, 0);
		return v;
	}

	/** The value of every pixel of plane {@code n} (1-based) of {@link #hyperstack}. */
	private static int value(final int n) {
		return 30000 + 100 * n;
	}

	private static ImagePlus hyperstack(final String title, final int c, final int z,
		final int t)
	{
		final ImageStack stack = new ImageStack(2, 2);
		for (int n = 1; n <= c * z * t; n++)
			stack.addSlice(null, constant16(2, 2, value(n)));
		final ImagePlus imp = new ImagePlus(title, stack);
		imp.setDimensions(c, z, t);
		return imp;
	}

	private static ByteProcessor constant8(final int w, final int h, final int v) {
		final ByteProcessor bp = new ByteProcessor(w, h);
		bp.set(v);
		return bp;
	}
}
