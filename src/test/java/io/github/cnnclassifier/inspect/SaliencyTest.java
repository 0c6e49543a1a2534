package io.github.cnnclassifier.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.tensor.ImageSamples;
import io.github.cnnclassifier.train.FolderTrainer;
import io.github.cnnclassifier.train.TrainingMonitor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heat maps of the lecture CNN trained to tell a cross, a ring and noise
 * alone apart, the shapes anywhere in a 32 x 32 image: in a test image whose
 * shape sits in one corner, the evidence for its class is there, and both
 * methods must find it there. NB: with noise as a class of its own, each
 * shape class needs evidence of its own (with two classes, one could be
 * "no ring").
 */
class SaliencyTest {

	private static final int SIZE = 32, SHAPE = 9, REGION = 12;
	private static final String[] CLASSES = { "cross", "ring", "noise" };

	@TempDir
	static Path tmp;

	private static ModelBundle shapes;

	@BeforeAll
	static void trainOnShapes() throws Exception {
		final Random random = new Random(5);
		for (int k = 0; k < CLASSES.length; k++) {
			final Path dir = Files.createDirectories(tmp.resolve("data").resolve(CLASSES[k]));
			for (int i = 0; i < 100; i++) {
				new FileSaver(new ImagePlus(CLASSES[k], shape(k, random.nextInt(SIZE - SHAPE + 1),
					random.nextInt(SIZE - SHAPE + 1), random))).saveAsPng(dir.resolve(i + ".png")
						.toString());
			}
		}
		shapes = new FolderTrainer(TestModels.quick().miniBatchSize(16).maxEpochs(12).build(),
			TrainingMonitor.SILENT).train(tmp.resolve("data"), null, null);
	}

	/**
	 * Noise around 60 and, at ({@code x}, {@code y}), a 9 x 9 cross (k = 0) or
	 * ring (k = 1) of 200; nothing else for k = 2.
	 */
	static ByteProcessor shape(final int k, final int x, final int y, final Random random) {
		final ByteProcessor ip = new ByteProcessor(SIZE, SIZE);
		for (int i = 0; i < SIZE * SIZE; i++) {
			ip.set(i, (int) Math.max(0, Math.min(255, 60 + 12 * random.nextGaussian())));
		}
		ip.setValue(200);
		if (k == 0) {
			ip.fillRect(x + 3, y, 3, SHAPE);
			ip.fillRect(x, y + 3, SHAPE, 3);
		}
		else if (k == 1) {
			ip.fillRect(x, y, SHAPE, 2);
			ip.fillRect(x, y + SHAPE - 2, SHAPE, 2);
			ip.fillRect(x, y, 2, SHAPE);
			ip.fillRect(x + SHAPE - 2, y, 2, SHAPE);
		}
		return ip;
	}

	@Test
	void gradCamPeaksInTheCornerThatHoldsTheEvidence() {
		assertPeaksInTheCorner("grad-cam");
	}

	@Test
	void occlusionPeaksInTheCornerThatHoldsTheEvidence() {
		assertPeaksInTheCorner("occlusion");
	}

	/** Eight planes: each corner with a cross and with a ring. */
	private static void assertPeaksInTheCorner(final String method) {
		final Random random = new Random(99);
		final ImageStack stack = new ImageStack(SIZE, SIZE);
		for (int i = 0; i < 8; i++) {
			stack.addSlice(shape(i / 4, x0(i % 4) + random.nextInt(REGION - SHAPE + 1), y0(i % 4) +
				random.nextInt(REGION - SHAPE + 1), random));
		}
		final Saliency s = Saliency.of(shapes, new ImageSamples(new ImagePlus("test", stack),
			shapes.inputShape()), method, "", done -> {});
		assertEquals(8, s.samples());
		assertEquals(SIZE, s.height());
		for (int i = 0; i < 8; i++) {
			final int corner = i % 4;
			assertEquals(shapes.labels().indexOf(CLASSES[i / 4]), s.classes()[i], "plane " + i +
				" is classified right");
			final float[] map = s.map(i);
			int peak = 0;
			for (int p = 1; p < map.length; p++) if (map[p] > map[peak]) peak = p;
			final int px = peak % SIZE, py = peak / SIZE;
			if (method.equals("grad-cam")) assertEquals(1f, map[peak], 1e-6f, "scaled to its peak");
			final String where = method + " plane " + i + " (" + CLASSES[i / 4] + " in corner " +
				corner + ") peaks at " + px + "," + py;
			assertTrue(px >= x0(corner) && px < x0(corner) + REGION && py >= y0(corner) &&
				py < y0(corner) + REGION, where);
			final double inside = mean(map, corner);
			for (int other = 0; other < 4; other++) {
				if (other != corner) assertTrue(inside > 2 * Math.max(0, mean(map, other)), where +
					"; mean there " + inside + ", in corner " + other + " " + mean(map, other));
			}
		}
	}

	@Test
	void gradCamOfTheLastMapsIsTheDefaultAndOtherLayersCanBeChosen() {
		final ImageSamples one = new ImageSamples(new ImagePlus("one", shape(0, 2, 2, new Random(
			1))), shapes.inputShape());
		final Saliency auto = Saliency.of(shapes, one, "grad-cam", " ", done -> {});
		assertEquals("relu_3", auto.layer());
		final Saliency relu3 = Saliency.of(shapes, one, "Grad-CAM", "relu_3", done -> {});
		assertArrayEquals(auto.values(), relu3.values(), 0f);
		assertEquals("conv_2", Saliency.of(shapes, one, "grad-cam", "conv_2", done -> {})
			.layer());
		final IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
			() -> Saliency.of(shapes, one, "grad-cam", "fc_softmax", done -> {}));
		assertTrue(flat.getMessage().startsWith("Layer 'fc_softmax' has 1×1×3 outputs, not maps: " +
			"grad-cam needs a layer with image-shaped output (conv_1, bn_1,"), flat.getMessage());
		final IllegalArgumentException method = assertThrows(IllegalArgumentException.class,
			() -> Saliency.of(shapes, one, "lime", "", done -> {}));
		assertEquals("Unknown saliency method 'lime': use grad-cam or occlusion.", method
			.getMessage());
	}

	/** Left column of corners 0 and 2, top row of corners 0 and 1. */
	private static int x0(final int corner) {
		return corner % 2 == 0 ? 0 : SIZE - REGION;
	}

	private static int y0(final int corner) {
		return corner < 2 ? 0 : SIZE - REGION;
	}

	/** The mean of {@code map} over the region of {@code corner}. */
	private static double mean(final float[] map, final int corner) {
		double sum = 0;
		for (int y = y0(corner); y < y0(corner) + REGION; y++) {
			for (int x = x0(corner); x < x0(corner) + REGION; x++) sum += map[y * SIZE + x];
		}
		return sum / (REGION * REGION);
	}
}
