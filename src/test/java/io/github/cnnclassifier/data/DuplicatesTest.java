package io.github.cnnclassifier.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuplicatesTest {

	@TempDir
	Path dir;

	/** A 48x48 image of random blobs: distinct seeds give distinct images. */
	private static ImagePlus blobs(final long seed) {
		return blobs(seed, 48);
	}

	private static ImagePlus blobs(final long seed, final int side) {
		final Random random = new Random(seed);
		final ByteProcessor ip = new ByteProcessor(side, side);
		final double f = side / 48.0;
		for (int k = 0; k < 6; k++) {
			ip.setValue(40 + random.nextInt(200));
			ip.fillOval((int) (f * random.nextInt(40)), (int) (f * random.nextInt(40)), (int) (f *
				(6 + random.nextInt(20))), (int) (f * (6 + random.nextInt(20))));
		}
		ip.blurGaussian(1.5 * f);
		return new ImagePlus("blobs" + seed, ip);
	}

	private LabelledImage png(final String name, final ImagePlus imp) {
		return new LabelledImage(DataFiles.png(dir.resolve(name), imp), "a", 0);
	}

	private String name(final LabelledImage image) {
		return dir.relativize(image.file()).toString();
	}

	@Test
	void theExactHashIsOfThePixelsNotTheFile() {
		final ImagePlus imp = blobs(1);
		final Path png = DataFiles.png(dir.resolve("a.png"), imp);
		final Path tif = DataFiles.tiff(dir.resolve("a.tif"), imp);
		final ImageHash fromPng = ImageHash.of(ImageFiles.open(png));
		assertEquals(fromPng, ImageHash.of(ImageFiles.open(tif)));
		assertNotEquals(fromPng.exact(), ImageHash.of(blobs(2)).exact());
	}

	@Test
	void aReencodingABrightnessChangeAndAShiftAreNearButOtherImagesAreNot() throws Exception {
		final ImagePlus imp = blobs(3);
		final ImageHash hash = ImageHash.of(imp);
		final Path jpeg = dir.resolve("a.jpg");
		assertTrue(new FileSaver(imp).saveAsJpeg(jpeg.toString()));
		assertTrue(hash.nearTo(ImageHash.of(ImageFiles.open(jpeg))), "JPEG re-encoding");
		final ImageProcessor brighter = imp.getProcessor().duplicate();
		brighter.add(10);
		assertTrue(hash.nearTo(ImageHash.of(new ImagePlus("b", brighter))), "brighter");
		// NB: a one-pixel shift is near on an image this size, not on a 28x28 one (README).
		final ImagePlus large = blobs(3, 192);
		final ImageProcessor shifted = large.getProcessor().duplicate();
		shifted.translate(1, 1);
		assertTrue(ImageHash.of(large).nearTo(ImageHash.of(new ImagePlus("s", shifted))),
			"shifted");
		for (long seed = 10; seed < 30; seed++) {
			assertTrue(!hash.nearTo(ImageHash.of(blobs(seed))), "blobs " + seed);
		}
	}

	@Test
	void plantedCopiesAreFoundAndTheAcrossSplitCountMatchesTheSplit() throws Exception {
		final List<LabelledImage> training = new ArrayList<>(), validation = new ArrayList<>();
		for (int i = 0; i < 6; i++) training.add(png("t" + i + ".png", blobs(100 + i)));
		for (int i = 0; i < 4; i++) validation.add(png("v" + i + ".png", blobs(200 + i)));
		// exact: training t0 copied within training (as TIFF) and into validation
		training.add(new LabelledImage(DataFiles.tiff(dir.resolve("t0-copy.tif"), blobs(100)),
			"a", 0));
		validation.add(png("t0-val.png", blobs(100)));
		// near: t1 brighter in validation; v0 brighter within validation
		validation.add(png("t1-bright.png", brighter(blobs(101))));
		validation.add(png("v0-bright.png", brighter(blobs(200))));
		final Duplicates copies = Duplicates.find(new DataSplit(training, validation),
			this::name);
		final Duplicates.Report report = copies.report();
		assertEquals(3, report.exact(), "t0, t0-copy, t0-val");
		assertEquals(3 + 2 + 2, report.near(), "and t1, t1-bright, v0, v0-bright");
		assertEquals(2, report.acrossSplit(), "t0-val and t1-bright");
		assertTrue(report.pairs().contains("t0.png = t0-copy.tif"), report.pairs().toString());
		assertTrue(report.pairs().contains("t1.png ~ t1-bright.png"), report.pairs().toString());
	}

	@Test
	void dropKeepsOneImageOfEachGroupOnTheTrainingSide() {
		final List<LabelledImage> training = List.of(png("t0.png", blobs(1)), png("t1.png",
			blobs(2)));
		final List<LabelledImage> validation = List.of(png("v0.png", blobs(1)), png("v1.png",
			brighter(blobs(2))), png("v2.png", blobs(3)), png("v3.png", brighter(blobs(3))));
		final DataSplit kept = Duplicates.find(new DataSplit(training, validation), this::name)
			.drop();
		assertEquals(training, kept.training());
		assertEquals(List.of(validation.get(2)), kept.validation());
		assertEquals(0, Duplicates.find(kept, this::name).report().near());
	}

	@Test
	void anUnreadableFileIsLeftToTheReader() throws Exception {
		final LabelledImage bad = new LabelledImage(Files.writeString(dir.resolve("bad.png"),
			"not an image"), "a", 0);
		final Duplicates copies = Duplicates.find(new DataSplit(List.of(bad, png("a.png",
			blobs(1))), List.of()), this::name);
		assertEquals(0, copies.report().near());
	}

	private static ImagePlus brighter(final ImagePlus imp) {
		imp.getProcessor().add(12);
		return imp;
	}
}
