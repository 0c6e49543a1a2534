package io.github.cnnclassifier.data;

import static io.github.cnnclassifier.data.DataFiles.constantRgb;
import static io.github.cnnclassifier.data.DataFiles.png;
import static io.github.cnnclassifier.data.DataFiles.rgb;
import static io.github.cnnclassifier.data.DataFiles.text;
import static io.github.cnnclassifier.data.DataFiles.tiff;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;
import io.github.cnnclassifier.tensor.InputShape;
import io.github.cnnclassifier.testimages.BadImages;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetReaderTest {

	private static final InputShape TINY = new InputShape(2, 3, 1);

	@TempDir
	Path root;

	@Test
	void committedDigitsReadAsRaw28x28x1Values() {
		final LabelledFolder folder = LabelledFolder.scan(Paths.get("test-images", "digits"));
		final InputShape shape = new InputShape(28, 28, 1);
		final ImageDataset data = new DatasetReader(shape, folder.labels(), BadFiles.STOP)
			.read(folder.images(), done -> {});
		assertEquals(1200, data.count());
		assertEquals(shape, data.shape());
		assertEquals(folder.labels(), data.classes());
		assertEquals(1200 * 28 * 28, data.values().length);
		float min = Float.MAX_VALUE;
		float max = -Float.MAX_VALUE;
		for (final float v : data.values()) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		assertEquals(0, min, 0);
		assertTrue(max > 200 && max <= 255, "raw 8-bit values, not normalised: max " + max);
		for (int i = 0; i < data.count(); i++) {
			assertEquals(data.classes().get(data.label(i)), data.file(i).getParent()
				.getFileName().toString());
		}
	}

	@Test
	void valuesAreThePixelsOfTheFile() {
		final Path file = Paths.get("test-images", "digits", "7", "digit_7_005.png");
		final ImageDataset data = new DatasetReader(new InputShape(28, 28, 1), List.of("7"),
			BadFiles.STOP).read(List.of(new LabelledImage(file, "7", 0)), done -> {});
		final ImagePlus imp = IJ.openImage(file.toString());
		final float[] expected = (float[]) imp.getProcessor().convertToFloat().getPixels();
		final float[] actual = new float[28 * 28];
		data.fill(0, actual, 0);
		assertArrayEquals(expected, actual, 0);
	}

	@Test
	void sixteenBitValuesAboveTheSignedRangeAreKept() {
		final Path file = Paths.get("test-images", "cells", "round", "cell_003.tif");
		final ImageDataset data = new DatasetReader(new InputShape(32, 32, 1), List.of(
			"round"), BadFiles.STOP).read(List.of(new LabelledImage(file, "round", 0)),
				done -> {});
		float max = 0;
		for (final float v : data.values())
			max = Math.max(max, v);
		assertTrue(max > 32767 && max <= 65535, "max " + max);
	}

	@Test
	void imagesOfAnotherSizeAreResizedToTheShape() {
		final Path file = png(root.resolve("a/big.png"), 8, 6, 77);
		final ImageDataset data = read(TINY, BadFiles.STOP, List.of("a"), image(file, "a"));
		assertArrayEquals(new float[] { 77, 77, 77, 77, 77, 77 }, data.values(), 1e-4f);
	}

	@Test
	void shrinkingKeepsTheMeanAndTheEdge() {
		// 8x8, left half 0 and right half 100, to 2x4: averaging keeps the mean at 50
		// and the dark half left of the bright half in every row.
		final ByteProcessor bp = new ByteProcessor(8, 8);
		for (int y = 0; y < 8; y++)
			for (int x = 4; x < 8; x++)
				bp.set(x, y, 100);
		final Path file = png(root.resolve("a/halves.png"), new ImagePlus("h", bp));
		final ImageDataset data = read(new InputShape(2, 4, 1), BadFiles.STOP, List.of("a"),
			image(file, "a"));
		final float[] v = data.values();
		assertEquals(8, v.length);
		double sum = 0;
		for (final float x : v)
			sum += x;
		assertEquals(50, sum / v.length, 1e-3);
		for (int row = 0; row < 2; row++) {
			assertTrue(v[row * 4 + 1] < 50 && v[row * 4 + 2] > 50, Arrays.toString(v));
			assertEquals(v[0], v[row * 4], 1e-4);
		}
	}

	@Test
	void rgbIntoOneChannelBecomesLuminance() {
		final Path file = png(root.resolve("a/rgb.png"), constantRgb(3, 2, rgb(100, 50,
			200)));
		final ImageDataset data = read(TINY, BadFiles.STOP, List.of("a"), image(file, "a"));
		final float luminance = (float) (0.299 * 100 + 0.587 * 50 + 0.114 * 200);
		for (final float v : data.values())
			assertEquals(luminance, v, 1e-3);
	}

	@Test
	void rgbIntoThreeChannelsGivesRedGreenBluePlanes() {
		final Path file = png(root.resolve("a/rgb.png"), constantRgb(1, 1, rgb(9, 128, 250)));
		final ImageDataset data = read(new InputShape(1, 1, 3), BadFiles.STOP, List.of("a"),
			image(file, "a"));
		assertArrayEquals(new float[] { 9, 128, 250 }, data.values(), 0);
	}

	@Test
	void skipLeavesOutACorruptFileAndNamesIt() {
		final Path bad = text(root.resolve("a/a2.png"), "not a png");
		final DatasetReader reader = new DatasetReader(TINY, List.of("a", "b"),
			BadFiles.SKIP);
		final ImageDataset data = reader.read(mixedWithBad(bad), done -> {});
		assertEquals(4, data.count());
		assertEquals(1, reader.skipped().size());
		assertTrue(reader.skipped().get(0).contains(bad.toString()), reader.skipped().get(0));
	}

	/** Also the image with NaN values skipped after it was opened; not the file that cannot be. */
	@Test
	void aHashingReaderGivesTheHashesOfHashingEveryFileOnItsOwn() {
		final Path bad = text(root.resolve("a/a2.png"), "not a png");
		final List<LabelledImage> images = new ArrayList<>(mixedWithBad(bad));
		images.add(image(BadImages.nanTiff(root.resolve("b/nan.tif"), 3, 2, 7), "b"));
		final DatasetReader reader = new DatasetReader(TINY, List.of("a", "b"), BadFiles.SKIP)
			.hashing();
		final int half = images.size() / 2;
		reader.read(images.subList(0, half), done -> {});
		reader.read(images.subList(half, images.size()), done -> {});
		assertEquals(2, reader.skipped().size());
		final List<ImageHash> hashes = reader.hashes().hashesOf(images);
		assertEquals(ImageHashes.of(images).hashesOf(images), hashes);
		assertEquals(images.size() - 1, hashes.stream().filter(h -> h != null).count());
		assertEquals(null, hashes.get(images.indexOf(image(bad, "a"))));
	}

	/** Two reads of splits of the images, once decoding them, once from the images held. */
	@Test
	void heldImagesReadAsDecodingThemDoesWithoutDecodingAgain() {
		final Path bad = text(root.resolve("a/a2.png"), "not a png");
		final List<LabelledImage> images = new ArrayList<>(mixedWithBad(bad));
		images.add(image(BadImages.nanTiff(root.resolve("b/nan.tif"), 3, 2, 7), "b"));
		images.add(image(png(root.resolve("b/b3.png"), 8, 6, 23), "b"));
		final List<LabelledImage> training = List.of(images.get(6), images.get(0), images.get(
			1), images.get(3)), validation = List.of(images.get(5), images.get(4), images.get(2));
		final DatasetReader decoding = new DatasetReader(TINY, List.of("a", "b"), BadFiles.SKIP)
			.hashing();
		final ImageDataset[] decoded = { decoding.read(training, done -> {}), decoding.read(
			validation, done -> {}) };
		final AtomicInteger progress = new AtomicInteger();
		final HeldImages held = new DatasetReader(TINY, List.of("a", "b"), BadFiles.SKIP).hold(
			images, done -> progress.incrementAndGet());
		assertEquals(images.size(), progress.get());
		assertEquals(decoding.hashes().hashesOf(images), held.hashes().hashesOf(images));
		final DatasetReader fromHeld = held.reader(BadFiles.SKIP);
		final ImageDataset[] taken = { fromHeld.read(training, done -> {}), fromHeld.read(
			validation, done -> {}) };
		for (int d = 0; d < 2; d++) {
			assertEquals(decoded[d].count(), taken[d].count());
			assertArrayEquals(decoded[d].values(), taken[d].values());
			assertArrayEquals(decoded[d].valueSums(), taken[d].valueSums());
			assertArrayEquals(decoded[d].classCounts(), taken[d].classCounts());
			for (int i = 0; i < decoded[d].count(); i++) {
				assertEquals(decoded[d].file(i), taken[d].file(i));
				assertEquals(decoded[d].label(i), taken[d].label(i));
				final float[] a = new float[TINY.size()], b = new float[TINY.size()];
				decoded[d].fill(i, a, 0);
				taken[d].fill(i, b, 0);
				assertArrayEquals(a, b);
			}
		}
		assertEquals(2, decoding.skipped().size());
		assertEquals(decoding.skipped(), fromHeld.skipped());
	}

	/** NB: a bad file among those held stops only a read that includes it, as decoding it would. */
	@Test
	void heldImagesStopAtABadFileOnlyWhenAReadIncludesIt() {
		final Path bad = text(root.resolve("a/a2.png"), "not a png");
		final List<LabelledImage> images = mixedWithBad(bad);
		final HeldImages held = new DatasetReader(TINY, List.of("a", "b"), BadFiles.STOP).hold(
			images, done -> {});
		final DatasetReader reader = held.reader(BadFiles.STOP);
		assertEquals(2, reader.read(images.subList(2, 4), done -> {}).count());
		final DataException e = assertThrows(DataException.class, () -> reader.read(images,
			done -> {}));
		final DataException decoding = assertThrows(DataException.class, () -> new DatasetReader(
			TINY, List.of("a", "b"), BadFiles.STOP).read(images, done -> {}));
		assertEquals(decoding.getMessage(), e.getMessage());
	}

	@Test
	void imagesBeyondTheCacheBudgetAreNotHeldAndNotDecoded() {
		final AtomicInteger progress = new AtomicInteger();
		final List<LabelledImage> images = mixedWithBad(text(root.resolve("a/a2.png"), "x"));
		final DatasetReader reader = new DatasetReader(TINY, List.of("a", "b"), BadFiles.SKIP,
			4L * TINY.size() * images.size() - 1);
		assertEquals(null, reader.hold(images, done -> progress.incrementAndGet()));
		assertEquals(0, progress.get());
		assertEquals(3, reader.read(images, done -> {}).cached(), "the budget left whole");
	}

	@Test
	void skipKeepsLabelFileAndValuesPairedAfterCompaction() {
		final Path bad = text(root.resolve("a/a2.png"), "not a png");
		final ImageDataset data = new DatasetReader(TINY, List.of("a", "b"), BadFiles.SKIP)
			.read(mixedWithBad(bad), done -> {});
		// each good file is filled with a value that identifies it: a1 = 11, a3 = 13, ...
		final int[] expectedValues = { 11, 13, 21, 22 };
		final String[] expectedNames = { "a1.png", "a3.png", "b1.png", "b2.png" };
		final int[] expectedLabels = { 0, 0, 1, 1 };
		for (int i = 0; i < data.count(); i++) {
			assertEquals(expectedNames[i], data.file(i).getFileName().toString());
			assertEquals(expectedLabels[i], data.label(i));
			final float[] v = new float[TINY.size()];
			data.fill(i, v, 0);
			for (final float x : v)
				assertEquals(expectedValues[i], x, 0, expectedNames[i]);
		}
		assertEquals(4 * TINY.size(), data.values().length);
	}

	@Test
	void stopThrowsNamingTheCorruptFile() {
		final Path bad = text(root.resolve("a/a2.png"), "not a png");
		final DatasetReader reader = new DatasetReader(TINY, List.of("a", "b"),
			BadFiles.STOP);
		final DataException e = assertThrows(DataException.class, () -> reader.read(
			mixedWithBad(bad), done -> {}));
		assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
		assertTrue(reader.skipped().isEmpty());
	}

	@Test
	void classWhoseImagesAreAllCorruptThrowsNamingItEvenUnderSkip() {
		final List<LabelledImage> images = new ArrayList<>();
		images.add(image(png(root.resolve("good/g.png"), 3, 2, 5), "good"));
		images.add(image(text(root.resolve("broken/x.png"), "nope"), "broken"));
		images.add(image(text(root.resolve("broken/y.tif"), "nope"), "broken"));
		final DatasetReader reader = new DatasetReader(TINY, List.of("broken", "good"),
			BadFiles.SKIP);
		final DataException e = assertThrows(DataException.class, () -> reader.read(images,
			done -> {}));
		assertTrue(e.getMessage().contains("'broken'"), e.getMessage());
		assertEquals(2, reader.skipped().size());
	}

	@Test
	void stackFileInAClassFolderIsSkippedWithAMessageNamingIt() {
		final Path stack = tiff(root.resolve("a/stack.tif"), DataFiles.stack8(3, 2, 3, 40));
		final Path good = png(root.resolve("a/good.png"), 3, 2, 9);
		final DatasetReader reader = new DatasetReader(TINY, List.of("a"), BadFiles.SKIP);
		final ImageDataset data = reader.read(List.of(image(good, "a"), image(stack, "a")),
			done -> {});
		assertEquals(1, data.count());
		assertEquals(good, data.file(0));
		assertEquals(1, reader.skipped().size());
		final String message = reader.skipped().get(0);
		assertTrue(message.contains(stack.toString()) && message.contains("3 planes"),
			message);
	}

	@Test
	void stackFileStopsTheReadUnderStop() {
		final Path stack = tiff(root.resolve("a/stack.tif"), DataFiles.stack8(3, 2, 3, 40));
		final DataException e = assertThrows(DataException.class, () -> new DatasetReader(
			TINY, List.of("a"), BadFiles.STOP).read(List.of(image(stack, "a")), done -> {}));
		assertTrue(e.getMessage().contains(stack.toString()), e.getMessage());
	}

	@Test
	void rgbIntoTwoChannelsIsABadFile() {
		final Path file = png(root.resolve("a/rgb.png"), constantRgb(3, 2, rgb(1, 2, 3)));
		final Path good = tiff(root.resolve("a/two.tif"), twoChannels());
		final DatasetReader reader = new DatasetReader(new InputShape(2, 3, 2), List.of("a"),
			BadFiles.SKIP);
		final ImageDataset data = reader.read(List.of(image(file, "a"), image(good, "a")),
			done -> {});
		assertEquals(1, data.count());
		assertEquals(1, reader.skipped().size());
		assertTrue(reader.skipped().get(0).contains("rgb.png"), reader.skipped().get(0));
	}

	@Test
	void labelOutsideTheClassesThrowsNamingIt() {
		final Path file = png(root.resolve("stray/s.png"), 3, 2, 5);
		final DataException e = assertThrows(DataException.class, () -> read(TINY,
			BadFiles.SKIP, List.of("a", "b"), image(file, "stray")));
		assertTrue(e.getMessage().contains("'stray'") && e.getMessage().contains(file
			.toString()), e.getMessage());
	}

	@Test
	void progressCountsEveryFileOnce() {
		final List<LabelledImage> images = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			images.add(image(png(root.resolve("a/i" + i + ".png"), 3, 2, i), "a"));
		}
		final AtomicInteger calls = new AtomicInteger();
		final AtomicInteger highest = new AtomicInteger();
		new DatasetReader(TINY, List.of("a"), BadFiles.STOP).read(images, done -> {
			calls.incrementAndGet();
			highest.accumulateAndGet(done, Math::max);
		});
		assertEquals(12, calls.get());
		assertEquals(12, highest.get());
	}

	@Test
	void labelsIndexTheGivenClassOrder() {
		final Path a = png(root.resolve("a/a.png"), 3, 2, 1);
		final Path b = png(root.resolve("b/b.png"), 3, 2, 2);
		final ImageDataset data = read(TINY, BadFiles.STOP, List.of("b", "a"), image(a, "a"),
			image(b, "b"));
		assertEquals(List.of("b", "a"), data.classes());
		assertEquals(1, data.label(0));
		assertEquals(0, data.label(1));
	}

	@Test
	void shapeOfGreyImageHasOneChannel() {
		final ImagePlus imp = new ImagePlus("g", new ShortProcessor(7, 5));
		assertEquals(new InputShape(5, 7, 1), DatasetReader.shapeOf(imp));
	}

	@Test
	void shapeOfRgbImageHasThreeChannels() {
		assertEquals(new InputShape(5, 7, 3), DatasetReader.shapeOf(constantRgb(7, 5, 0)));
	}

	@Test
	void shapeOfCompositeHasItsChannelCount() {
		final ImagePlus imp = IJ.createHyperStack("h", 6, 4, 4, 1, 1, 16);
		final CompositeImage composite = new CompositeImage(imp, IJ.COMPOSITE);
		assertEquals(new InputShape(4, 6, 4), DatasetReader.shapeOf(composite));
	}

	/** a1 (11), bad, a3 (13) in class a; b1 (21), b2 (22) in class b. */
	@Test
	void anImageWithNanOrInfinitePixelsIsSkippedAndNamed() {
		final Path nan = BadImages.nanTiff(root.resolve("a/nan.tif"), 3, 2, 7);
		final Path good = png(root.resolve("a/good.png"), 3, 2, 9);
		final DatasetReader reader = new DatasetReader(TINY, List.of("a"), BadFiles.SKIP);
		final ImageDataset data = reader.read(List.of(image(good, "a"), image(nan, "a")),
			done -> {});
		assertEquals(1, data.count());
		assertEquals(List.of("Image " + nan + " has 3 pixel values that are NaN or infinite, " +
			"which would make the normalisation of all images meaningless. Replace them (e.g. " +
			"Process > Math > Remove NaNs) or remove the file."), reader.skipped());
		final double[] sums = data.valueSums();
		assertEquals(6 * 9, sums[1], 0, "the sums hold only the good image");
	}

	@Test
	void anImageWithNanPixelsStopsTheReadUnderStop() {
		final Path nan = BadImages.nanTiff(root.resolve("a/nan.tif"), 3, 2, 7);
		final DataException e = assertThrows(DataException.class, () -> read(TINY,
			BadFiles.STOP, List.of("a"), image(nan, "a")));
		assertTrue(e.getMessage().startsWith("Image " + nan + " has 3 pixel values that are " +
			"NaN or infinite") && e.getMessage().endsWith("(Or set on_bad_file=skip to leave " +
				"such files out.)"), e.getMessage());
	}

	@Test
	void aCompositeAmongGreyImagesIsNamedForItsChannels() {
		final Path composite = BadImages.composite16(root.resolve("a/c.tif"), 3, 2, 3);
		final Path good = png(root.resolve("a/good.png"), 3, 2, 9);
		final DatasetReader reader = new DatasetReader(TINY, List.of("a"), BadFiles.SKIP);
		assertEquals(1, reader.read(List.of(image(good, "a"), image(composite, "a")),
			done -> {}).count());
		assertTrue(reader.skipped().get(0).startsWith("Image " + composite + " has 3 channels " +
			"but the network input has 1 (2x3x1, the channels of most training images)"), reader
				.skipped().get(0));
	}

	@Test
	void aClassLeftWithoutImagesListsItsSkippedFiles() {
		final List<LabelledImage> images = new ArrayList<>();
		images.add(image(png(root.resolve("good/g.png"), 3, 2, 5), "good"));
		for (int i = 0; i < 23; i++) {
			images.add(image(text(root.resolve(String.format("broken/x%02d.png", i)), "nope"),
				"broken"));
		}
		final DataException e = assertThrows(DataException.class, () -> new DatasetReader(TINY,
			List.of("broken", "good"), BadFiles.SKIP).read(images, done -> {}));
		assertTrue(e.getMessage().startsWith("Class 'broken' has no readable image: every one " +
			"of its files was skipped: Cannot read image " + root.resolve("broken/x00.png")), e
				.getMessage());
		assertTrue(e.getMessage().contains(root.resolve("broken/x19.png").toString()), e
			.getMessage());
		assertTrue(!e.getMessage().contains(root.resolve("broken/x20.png").toString()) && e
			.getMessage().endsWith("; and 3 more."), e.getMessage());
	}

	private List<LabelledImage> mixedWithBad(final Path bad) {
		return Arrays.asList(image(png(root.resolve("a/a1.png"), 3, 2, 11), "a"), image(bad,
			"a"), image(png(root.resolve("a/a3.png"), 3, 2, 13), "a"), image(png(root.resolve(
				"b/b1.png"), 3, 2, 21), "b"), image(png(root.resolve("b/b2.png"), 3, 2, 22),
					"b"));
	}

	private static ImagePlus twoChannels() {
		final ImagePlus imp = IJ.createHyperStack("two", 3, 2, 2, 1, 1, 8);
		imp.getStack().getProcessor(1).set(1);
		imp.getStack().getProcessor(2).set(2);
		return imp;
	}

	private static ImageDataset read(final InputShape shape, final BadFiles badFiles,
		final List<String> classes, final LabelledImage... images)
	{
		return new DatasetReader(shape, classes, badFiles).read(Arrays.asList(images),
			done -> {});
	}

	private static LabelledImage image(final Path file, final String label) {
		return new LabelledImage(file, label, 0);
	}
}
