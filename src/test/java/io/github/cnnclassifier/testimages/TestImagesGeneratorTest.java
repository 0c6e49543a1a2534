package io.github.cnnclassifier.testimages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestImagesGeneratorTest {

	@TempDir
	static Path tmp;

	private static Path first;
	private static Path second;

	@BeforeAll
	static void generateTwice() throws IOException {
		first = tmp.resolve("first");
		second = tmp.resolve("second");
		TestImagesGenerator.writeAll(first);
		TestImagesGenerator.writeAll(second);
	}

	@Test
	void writesExpectedFoldersAndCounts() throws IOException {
		assertLayout(first);
	}

	@Test
	void committedTestImagesHaveExpectedFoldersAndCounts() throws IOException {
		// NB: structure only; font rasterisation may differ between JDKs, so no byte equality.
		final Path committed = Paths.get("test-images");
		assertLayout(committed);
		assertTrue(Files.isRegularFile(committed.resolve("README.md")));
	}

	@Test
	void twoRunsWriteByteIdenticalFiles() throws IOException {
		final List<Path> a = files(first);
		final List<Path> b = files(second);
		assertEquals(a.stream().map(first::relativize).collect(Collectors.toList()),
			b.stream().map(second::relativize).collect(Collectors.toList()));
		assertEquals(10 * TestImagesGenerator.DIGITS_PER_CLASS + 1 +
			TestImagesGenerator.CELL_CLASSES.length *
				TestImagesGenerator.CELLS_PER_CLASS, a.size());
		for (int i = 0; i < a.size(); i++)
			assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(
				i)), a.get(i).toString());
	}

	@Test
	void digitsAre8Bit28x28AndNotBlank() {
		for (int d = 0; d <= 9; d++)
			for (int i = 1; i <= TestImagesGenerator.DIGITS_PER_CLASS; i++) {
				final ImagePlus imp = open(digit(first, d, i));
				assertEquals(8, imp.getBitDepth());
				assertEquals(28, imp.getWidth());
				assertEquals(28, imp.getHeight());
				final double[] meanStd = meanStd(imp.getProcessor());
				assertTrue(meanStd[1] > 25, "std of " + digit(first, d, i) + ": " +
					meanStd[1]);
				// NB: white digit on black background: mostly dark, like MNIST.
				assertTrue(meanStd[0] > 10 && meanStd[0] < 110, "mean " + meanStd[0]);
			}
	}

	@Test
	void digitClassesHaveDifferentMeanImages() {
		final double[][] means = new double[10][28 * 28];
		for (int d = 0; d <= 9; d++)
			for (int i = 1; i <= TestImagesGenerator.DIGITS_PER_CLASS; i++) {
				final ImageProcessor ip = open(digit(first, d, i)).getProcessor();
				for (int p = 0; p < 28 * 28; p++)
					means[d][p] += ip.get(p) / (double) TestImagesGenerator.DIGITS_PER_CLASS;
			}
		for (int a = 0; a <= 9; a++)
			for (int b = a + 1; b <= 9; b++) {
				double diff = 0;
				for (int p = 0; p < 28 * 28; p++)
					diff += Math.abs(means[a][p] - means[b][p]) / (28 * 28);
				assertTrue(diff > 5, "mean images of " + a + " and " + b +
					" differ by only " + diff);
			}
	}

	@Test
	void imagesOfOneDigitDifferFromEachOther() {
		final ImageProcessor a = open(digit(first, 3, 1)).getProcessor();
		final ImageProcessor b = open(digit(first, 3, 2)).getProcessor();
		double diff = 0;
		for (int p = 0; p < 28 * 28; p++)
			diff += Math.abs(a.get(p) - b.get(p)) / (28.0 * 28);
		assertTrue(diff > 10, "two 3s differ by only " + diff);
	}

	@Test
	void stackHas40LabelledPlanesOfUnseenDigits() {
		final ImagePlus imp = open(first.resolve("digits-stack.tif"));
		assertEquals(8, imp.getBitDepth());
		assertEquals(28, imp.getWidth());
		assertEquals(28, imp.getHeight());
		assertEquals(40, imp.getStackSize());
		final ImageStack stack = imp.getStack();
		final int[] counts = new int[10];
		final String[] labels = new String[40];
		for (int s = 1; s <= 40; s++) {
			labels[s - 1] = stack.getSliceLabel(s);
			counts[Integer.parseInt(labels[s - 1])]++;
			assertTrue(meanStd(stack.getProcessor(s))[1] > 25);
		}
		final int[] four = new int[10];
		Arrays.fill(four, 4);
		assertArrayEquals(four, counts);
		final String[] sorted = labels.clone();
		Arrays.sort(sorted);
		assertTrue(!Arrays.equals(sorted, labels), "stack is not shuffled");
		// NB: a different seed, so plane 1 is not a copy of any folder image of its digit.
		final ImageProcessor plane = stack.getProcessor(1);
		final int d = Integer.parseInt(labels[0]);
		for (int i = 1; i <= TestImagesGenerator.DIGITS_PER_CLASS; i++)
			assertTrue(!Arrays.equals((byte[]) plane.getPixels(), (byte[]) open(digit(
				first, d, i)).getProcessor().getPixels()));
	}

	@Test
	void cellsAre16Bit32x32WithSomeAbove32767() {
		for (final String c : TestImagesGenerator.CELL_CLASSES) {
			int bright = 0;
			for (int i = 1; i <= TestImagesGenerator.CELLS_PER_CLASS; i++) {
				final ImagePlus imp = open(cell(first, c, i));
				assertEquals(16, imp.getBitDepth());
				assertEquals(32, imp.getWidth());
				assertEquals(32, imp.getHeight());
				final ImageProcessor ip = imp.getProcessor();
				final double max = ip.getStatistics().max;
				final double min = ip.getStatistics().min;
				assertTrue(min > 100 && min < 400, "background " + min);
				assertTrue(max > 1500, "peak " + max);
				if (max > 32767) bright++;
			}
			assertTrue(bright >= 3 && bright <= 10, c + ": " + bright +
				" images above 32767");
		}
	}

	@Test
	void elongatedCellsAreMoreElongatedThanRoundOnes() {
		final double[] round = aspects(first, "round");
		final double[] elongated = aspects(first, "elongated");
		final double meanRound = Arrays.stream(round).average().getAsDouble();
		final double meanElongated = Arrays.stream(elongated).average()
			.getAsDouble();
		assertTrue(meanRound < 1.4, "round aspect " + meanRound);
		assertTrue(meanElongated > 1.8, "elongated aspect " + meanElongated);
		assertTrue(Arrays.stream(round).max().getAsDouble() < Arrays.stream(
			elongated).min().getAsDouble(), "classes overlap in aspect ratio");
	}

	/** Asserts the generator's folders, names and counts under {@code root}. */
	private static void assertLayout(final Path root) throws IOException {
		assertTrue(Files.isDirectory(root), root.toAbsolutePath() + " is missing");
		for (int d = 0; d <= 9; d++) {
			final Path folder = root.resolve("digits").resolve(String.valueOf(d));
			assertEquals(TestImagesGenerator.DIGITS_PER_CLASS, count(folder));
			for (int i = 1; i <= TestImagesGenerator.DIGITS_PER_CLASS; i++)
				assertTrue(Files.isRegularFile(digit(root, d, i)));
		}
		assertEquals(10, count(root.resolve("digits")));
		assertTrue(Files.isRegularFile(root.resolve("digits-stack.tif")));
		assertEquals(TestImagesGenerator.CELL_CLASSES.length, count(root.resolve(
			"cells")));
		for (final String c : TestImagesGenerator.CELL_CLASSES) {
			assertEquals(TestImagesGenerator.CELLS_PER_CLASS, count(root.resolve(
				"cells").resolve(c)));
			for (int i = 1; i <= TestImagesGenerator.CELLS_PER_CLASS; i++)
				assertTrue(Files.isRegularFile(cell(root, c, i)));
		}
	}

	/** Aspect ratios, from second moments, of the blobs thresholded at half height above background. */
	private static double[] aspects(final Path root, final String c) {
		final double[] out = new double[TestImagesGenerator.CELLS_PER_CLASS];
		for (int i = 1; i <= out.length; i++) {
			final ImageProcessor ip = open(cell(root, c, i)).getProcessor();
			final double min = ip.getStatistics().min;
			final double threshold = min + 0.5 * (ip.getStatistics().max - min);
			double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
			for (int y = 0; y < ip.getHeight(); y++)
				for (int x = 0; x < ip.getWidth(); x++)
					if (ip.get(x, y) > threshold) {
						n++;
						sx += x;
						sy += y;
						sxx += x * x;
						syy += y * y;
						sxy += x * y;
					}
			final double cxx = sxx / n - sx * sx / (n * n);
			final double cyy = syy / n - sy * sy / (n * n);
			final double cxy = sxy / n - sx * sy / (n * n);
			final double half = Math.sqrt((cxx - cyy) * (cxx - cyy) / 4 + cxy * cxy);
			final double mid = (cxx + cyy) / 2;
			out[i - 1] = Math.sqrt((mid + half) / (mid - half));
		}
		return out;
	}

	private static double[] meanStd(final ImageProcessor ip) {
		double s = 0, ss = 0;
		final int n = ip.getPixelCount();
		for (int p = 0; p < n; p++) {
			s += ip.get(p);
			ss += (double) ip.get(p) * ip.get(p);
		}
		final double mean = s / n;
		return new double[] { mean, Math.sqrt(ss / n - mean * mean) };
	}

	private static ImagePlus open(final Path file) {
		final ImagePlus imp = IJ.openImage(file.toString());
		assertNotNull(imp, "ImageJ could not open " + file);
		return imp;
	}

	private static Path digit(final Path root, final int d, final int i) {
		return root.resolve("digits").resolve(String.valueOf(d)).resolve(String
			.format("digit_%d_%03d.png", d, i));
	}

	private static Path cell(final Path root, final String c, final int i) {
		return root.resolve("cells").resolve(c).resolve(String.format(
			"cell_%03d.tif", i));
	}

	private static long count(final Path folder) throws IOException {
		try (Stream<Path> s = Files.list(folder)) {
			return s.count();
		}
	}

	private static List<Path> files(final Path root) throws IOException {
		try (Stream<Path> s = Files.walk(root)) {
			return s.filter(Files::isRegularFile).sorted().collect(Collectors
				.toCollection(ArrayList::new));
		}
	}
}
