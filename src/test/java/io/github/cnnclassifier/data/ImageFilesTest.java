package io.github.cnnclassifier.data;

import static io.github.cnnclassifier.data.DataFiles.bytes;
import static io.github.cnnclassifier.data.DataFiles.constantRgb;
import static io.github.cnnclassifier.data.DataFiles.png;
import static io.github.cnnclassifier.data.DataFiles.rgb;
import static io.github.cnnclassifier.data.DataFiles.text;
import static io.github.cnnclassifier.data.DataFiles.tiff;
import static io.github.cnnclassifier.data.DataFiles.truncate;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import io.github.cnnclassifier.testimages.BadImages;

import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {

	private static final byte[] GREY = { 0, 1, 127, (byte) 128, (byte) 200, (byte) 255 };

	@TempDir
	Path dir;

	@Test
	void eightBitTiffRoundTrips() {
		final ImagePlus imp = ImageFiles.open(tiff(dir.resolve("g.tif"), grey()));
		assertEquals(ImagePlus.GRAY8, imp.getType());
		assertArrayEquals(GREY, (byte[]) imp.getProcessor().getPixels());
	}

	@Test
	void sixteenBitTiffKeepsValuesAboveTheSignedRange() {
		final short[] values = { 0, 1, 32767, (short) 32768, (short) 40000, (short) 65535 };
		final ImagePlus imp = ImageFiles.open(tiff(dir.resolve("s.tif"), new ImagePlus("s",
			new ShortProcessor(3, 2, values.clone(), null))));
		assertEquals(ImagePlus.GRAY16, imp.getType());
		final ImageProcessor ip = imp.getProcessor();
		assertEquals(40000, ip.get(4));
		assertEquals(65535, ip.get(5));
		assertArrayEquals(values, (short[]) ip.getPixels());
	}

	@Test
	void thirtyTwoBitTiffRoundTrips() {
		final float[] values = { -1.5f, 0, 3.25f, 1e6f, Float.MIN_VALUE, -7e-3f };
		final ImagePlus imp = ImageFiles.open(tiff(dir.resolve("f.tif"), new ImagePlus("f",
			new FloatProcessor(3, 2, values.clone()))));
		assertEquals(ImagePlus.GRAY32, imp.getType());
		assertArrayEquals(values, (float[]) imp.getProcessor().getPixels(), 0);
	}

	@Test
	void tiffStackOpensWithAllPlanes() {
		final ImagePlus imp = ImageFiles.open(tiff(dir.resolve("stack.tif"), DataFiles.stack8(
			4, 3, 3, 10)));
		assertEquals(3, imp.getStackSize());
		for (int k = 0; k < 3; k++) {
			assertEquals(10 + k, imp.getStack().getProcessor(k + 1).get(2, 1));
		}
	}

	@Test
	void aStackWrittenByOtherSoftwareOpensWithEveryPlaneAndItsValues() throws Exception {
		// NB: Java's own TIFF writer, as PIL and tifffile do, writes one directory per plane.
		final Path file = dir.resolve("other.tif");
		writeTiffPages(file, false, 300, k -> {
			final java.awt.image.BufferedImage plane = new java.awt.image.BufferedImage(28, 28,
				java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
			for (int i = 0; i < 28 * 28; i++) {
				plane.getRaster().setSample(i % 28, i / 28, 0, (k + i) % 256);
			}
			return plane;
		});
		assertTrue(new ij.io.TiffDecoder(dir + java.io.File.separator, "other.tif")
			.getTiffInfo().length == 300, "one directory per plane");
		final ImagePlus imp = ImageFiles.open(file);
		assertEquals(300, imp.getStackSize());
		assertEquals(ImagePlus.GRAY8, imp.getType());
		for (final int k : new int[] { 0, 1, 150, 299 }) {
			final ImageProcessor ip = imp.getStack().getProcessor(k + 1);
			assertEquals(k % 256, ip.get(0, 0), "plane " + k);
			assertEquals((k + 5 * 28 + 27) % 256, ip.get(27, 5), "plane " + k);
		}
		assertEquals(new ImageFiles.Header(28, 28, 300, 1), ImageFiles.header(file));
	}

	@Test
	void aStackWhosePlanesLieOutOfOrderOpensWithEveryPlaneAndNoDialog() {
		final byte[][] planes = new byte[3][12];
		for (int k = 0; k < 3; k++) Arrays.fill(planes[k], (byte) (10 * (k + 1)));
		final Path file = DataFiles.multiPageTiff(dir.resolve("reversed.tif"), 4, 3, planes,
			true);
		final ImagePlus imp = withNothingPrinted(() -> ImageFiles.open(file));
		assertEquals(3, imp.getStackSize());
		for (int k = 0; k < 3; k++) {
			assertEquals(10 * (k + 1), imp.getStack().getProcessor(k + 1).getf(2, 1), 0);
		}
	}

	@Test
	void committedDigitsStackOpensWithFortyPlanes() {
		final ImagePlus imp = ImageFiles.open(Paths.get("test-images", "digits-stack.tif"));
		assertEquals(40, imp.getStackSize());
		assertEquals(28, imp.getWidth());
		assertEquals(28, imp.getHeight());
		assertEquals(8, imp.getBitDepth());
		assertTrue(imp.getStack().getSliceLabel(1).matches("[0-9]"), imp.getStack()
			.getSliceLabel(1));
	}

	@Test
	void committedSixteenBitCellKeepsItsBrightPeak() {
		// NB: every tenth cell (003, 013, ...) peaks above 32767.
		final ImagePlus imp = ImageFiles.open(Paths.get("test-images", "cells", "round",
			"cell_003.tif"));
		assertEquals(ImagePlus.GRAY16, imp.getType());
		imp.getProcessor().resetMinAndMax();
		assertTrue(imp.getProcessor().getMax() > 32767, "max " + imp.getProcessor().getMax());
	}

	@Test
	void titleIsTheFileName() {
		final Path file = png(dir.resolve("some name.png"), 2, 2, 5);
		assertEquals("some name.png", ImageFiles.open(file).getTitle());
	}

	@Test
	void eightBitPngRoundTrips() {
		final ImagePlus imp = ImageFiles.open(png(dir.resolve("g.png"), grey()));
		assertEquals(ImagePlus.GRAY8, imp.getType());
		assertArrayEquals(GREY, (byte[]) imp.getProcessor().getPixels());
	}

	@Test
	void sixteenBitPngKeepsValuesAboveTheSignedRange() {
		final short[] values = { 0, 1, 32767, (short) 32768, (short) 40000, (short) 65535 };
		final ImagePlus imp = ImageFiles.open(png(dir.resolve("s.png"), new ImagePlus("s",
			new ShortProcessor(3, 2, values.clone(), null))));
		assertEquals(ImagePlus.GRAY16, imp.getType());
		assertArrayEquals(values, (short[]) imp.getProcessor().getPixels());
	}

	@Test
	void rgbPngRoundTrips() {
		final int[] values = { rgb(255, 0, 0), rgb(0, 255, 0), rgb(0, 0, 255), rgb(12, 34, 56) };
		final ImagePlus imp = ImageFiles.open(png(dir.resolve("c.png"), new ImagePlus("c",
			new ColorProcessor(2, 2, values.clone()))));
		assertEquals(ImagePlus.COLOR_RGB, imp.getType());
		assertArrayEquals(values, rgbValues(imp));
	}

	@Test
	void greyJpegComesBackEightBitAndClose() {
		final ByteProcessor bp = new ByteProcessor(16, 16);
		for (int y = 0; y < 16; y++)
			for (int x = 0; x < 16; x++)
				bp.set(x, y, 40 + 8 * x + 4 * y);
		final Path file = dir.resolve("g.jpg");
		assertTrue(new FileSaver(new ImagePlus("g", bp)).saveAsJpeg(file.toString()));
		final ImagePlus imp = ImageFiles.open(file);
		assertEquals(ImagePlus.GRAY8, imp.getType());
		for (int y = 0; y < 16; y++)
			for (int x = 0; x < 16; x++)
				assertEquals(bp.get(x, y), imp.getProcessor().get(x, y), 8, x + "," + y);
	}

	@Test
	void rgbJpegComesBackRgbAndClose() {
		final Path file = dir.resolve("c.jpg");
		assertTrue(new FileSaver(constantRgb(16, 16, rgb(200, 40, 90))).saveAsJpeg(file
			.toString()));
		final ImagePlus imp = ImageFiles.open(file);
		assertEquals(ImagePlus.COLOR_RGB, imp.getType());
		final int[] c = imp.getProcessor().getPixel(8, 8, null);
		assertEquals(200, c[0], 6);
		assertEquals(40, c[1], 6);
		assertEquals(90, c[2], 6);
	}

	@Test
	void greyGifRoundTrips() {
		// NB: 16x16 with every value 0..255; the JDK's GIF reader misreads ImageJ's
		// GIFs of fewer than about 30 pixels (values >= 128 come back as 0).
		final ImagePlus ramp = ramp();
		final Path file = dir.resolve("g.gif");
		assertTrue(new FileSaver(ramp).saveAsGif(file.toString()));
		final ImagePlus imp = ImageFiles.open(file);
		assertEquals(ImagePlus.GRAY8, imp.getType());
		assertArrayEquals((byte[]) ramp.getProcessor().getPixels(), (byte[]) imp
			.getProcessor().getPixels());
	}

	@Test
	void greyBmpRoundTrips() {
		final Path file = dir.resolve("g.bmp");
		assertTrue(new FileSaver(grey()).saveAsBmp(file.toString()));
		final ImagePlus imp = ImageFiles.open(file);
		assertEquals(ImagePlus.GRAY8, imp.getType());
		assertArrayEquals(GREY, (byte[]) imp.getProcessor().getPixels());
	}

	@Test
	void rgbBmpRoundTrips() {
		final int[] values = { rgb(255, 0, 0), rgb(0, 255, 0), rgb(0, 0, 255), rgb(12, 34, 56) };
		final Path file = dir.resolve("c.bmp");
		assertTrue(new FileSaver(new ImagePlus("c", new ColorProcessor(2, 2, values.clone())))
			.saveAsBmp(file.toString()));
		final ImagePlus imp = ImageFiles.open(file);
		assertEquals(ImagePlus.COLOR_RGB, imp.getType());
		assertArrayEquals(values, rgbValues(imp));
		assertEquals(new ImageFiles.Header(2, 2, 1, 4), ImageFiles.header(file));
	}

	@Test
	void pgmRoundTrips() {
		final Path file = dir.resolve("g.pgm");
		assertTrue(new FileSaver(grey()).saveAsPgm(file.toString()));
		final ImagePlus imp = ImageFiles.open(file);
		assertEquals(ImagePlus.GRAY8, imp.getType());
		assertArrayEquals(GREY, (byte[]) imp.getProcessor().getPixels());
		assertEquals(new ImageFiles.Header(3, 2, 1, 1), ImageFiles.header(file));
	}

	@Test
	void formatIsRecognisedByContentNotExtension() {
		final Path file = dir.resolve("really-a-png.tif");
		assertTrue(new FileSaver(grey()).saveAsPng(file.toString()));
		assertArrayEquals(GREY, (byte[]) ImageFiles.open(file).getProcessor().getPixels());
	}

	@Test
	void eightBitColourTiffBecomesRgb() {
		final ImagePlus imp = ImageFiles.open(tiff(dir.resolve("i.tif"), indexed()));
		assertIndexedBecameRgb(imp);
	}

	@Test
	void indexedColourGifBecomesRgb() {
		final Path file = dir.resolve("i.gif");
		assertTrue(new FileSaver(indexed()).saveAsGif(file.toString()));
		assertIndexedBecameRgb(ImageFiles.open(file));
	}

	/**
	 * A PNG with a colour palette (colour type 3), as other programs write them.
	 */
	@Test
	void indexedColourPngBecomesRgb() throws java.io.IOException {
		final Path file = dir.resolve("palette.png");
		final ImagePlus colour = indexed();
		final java.awt.image.BufferedImage bi = new java.awt.image.BufferedImage(3, 1,
			java.awt.image.BufferedImage.TYPE_BYTE_INDEXED, (IndexColorModel) colour
				.getProcessor().getColorModel());
		bi.getRaster().setSamples(0, 0, 3, 1, 0, new int[] { 0, 100, 255 });
		assertTrue(javax.imageio.ImageIO.write(bi, "png", file.toFile()));
		assertIndexedBecameRgb(ImageFiles.open(file));
	}

	@Test
	void emptyFileThrowsNamingIt() {
		assertUnreadable(bytes(dir.resolve("empty.png"), new byte[0]));
	}

	@Test
	void missingFileThrowsNamingIt() {
		assertUnreadable(dir.resolve("missing.png"));
	}

	@Test
	void textFileNamedPngThrowsNamingIt() {
		assertUnreadable(text(dir.resolve("x.png"), "this is not an image\n"));
	}

	@Test
	void garbageFileNamedTifThrowsNamingIt() {
		final byte[] garbage = new byte[500];
		new java.util.Random(3).nextBytes(garbage);
		garbage[0] = 'Z';
		assertUnreadable(bytes(dir.resolve("x.tif"), garbage));
	}

	@Test
	void truncatedPngThrowsNamingIt() {
		final Path file = png(dir.resolve("t.png"), noise(64, 64));
		truncate(file, (int) size(file) / 2);
		assertUnreadable(file);
	}

	@Test
	void truncatedTiffThrowsNamingIt() {
		final Path file = tiff(dir.resolve("t.tif"), noise(64, 64));
		truncate(file, (int) size(file) / 2);
		assertUnreadable(file);
	}

	@Test
	void tiffCutInsideItsHeaderThrowsNamingIt() {
		final Path file = tiff(dir.resolve("h.tif"), noise(64, 64));
		truncate(file, 12);
		assertUnreadable(file);
	}

	@Test
	void tiffStackCutInsideItsLastPlaneThrowsNamingIt() throws java.io.IOException {
		final Path file = tiff(dir.resolve("ts.tif"), DataFiles.stack8(32, 32, 3, 1));
		final long pixelStart = new ij.io.TiffDecoder(dir + java.io.File.separator, "ts.tif")
			.getTiffInfo()[0].getOffset();
		truncate(file, (int) pixelStart + 2 * 32 * 32 + 500);
		assertUnreadable(file);
	}

	@Test
	void compressedStackCutInsideItsLastPageThrowsNamingIt() throws Exception {
		// NB: ImageJ's opener ends such a stack early, without a word.
		final Path file = dir.resolve("lzw.tif");
		writeTiffPages(file, true, 3, k -> noise(64, 64).getBufferedImage());
		final ij.io.FileInfo[] pages = new ij.io.TiffDecoder(dir + java.io.File.separator,
			"lzw.tif").getTiffInfo();
		assertEquals(3, pages.length);
		assertEquals(ij.io.FileInfo.LZW, pages[2].compression);
		truncate(file, (int) pages[2].getOffset() + pages[2].stripLengths[0] / 2);
		assertUnreadable(file);
	}

	@Test
	void truncatedGifThrowsNamingIt() {
		final Path file = dir.resolve("t.gif");
		assertTrue(new FileSaver(noise(64, 64)).saveAsGif(file.toString()));
		truncate(file, (int) size(file) / 2);
		assertUnreadable(file);
	}

	@Test
	void truncatedBmpThrowsNamingIt() {
		final Path file = dir.resolve("t.bmp");
		assertTrue(new FileSaver(noise(64, 64)).saveAsBmp(file.toString()));
		truncate(file, (int) size(file) / 2);
		assertUnreadable(file);
	}

	@Test
	void truncatedPgmThrowsNamingIt() {
		final Path file = dir.resolve("t.pgm");
		assertTrue(new FileSaver(noise(64, 64)).saveAsPgm(file.toString()));
		truncate(file, (int) size(file) / 2);
		assertUnreadable(file);
	}

	/** Asserts a DataException naming {@code file}, with nothing printed (no IJ.error). */
	private static void assertUnreadable(final Path file) {
		final DataException e = withNothingPrinted(() -> assertThrows(DataException.class,
			() -> ImageFiles.open(file)));
		assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
	}

	/** What {@code action} returns, asserting it printed nothing (IJ.error prints headless). */
	private static <T> T withNothingPrinted(final java.util.function.Supplier<T> action) {
		final PrintStream out = System.out;
		final PrintStream err = System.err;
		final ByteArrayOutputStream printed = new ByteArrayOutputStream();
		final T result;
		try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
			System.setOut(capture);
			System.setErr(capture);
			result = action.get();
		}
		finally {
			System.setOut(out);
			System.setErr(err);
		}
		assertEquals("", printed.toString(StandardCharsets.UTF_8),
			"nothing printed (IJ.error prints headless)");
		return result;
	}

	private static void assertIndexedBecameRgb(final ImagePlus imp) {
		assertEquals(ImagePlus.COLOR_RGB, imp.getType());
		assertArrayEquals(new int[] { rgb(0, 0, 0), rgb(180, 116, 244), rgb(203, 155, 59) },
			rgbValues(imp));
	}

	/**
	 * An "8-bit Color" image: pixels 0, 100, 255 under a palette LUT
	 * i -> (53 i, 101 i, 197 i) mod 256 (not a smooth pseudo-colour LUT such as
	 * Fire, which ImageJ keeps as 8-bit grey with a display LUT).
	 */
	private static ImagePlus indexed() {
		final byte[] r = new byte[256];
		final byte[] g = new byte[256];
		final byte[] b = new byte[256];
		for (int i = 0; i < 256; i++) {
			r[i] = (byte) (53 * i);
			g[i] = (byte) (101 * i);
			b[i] = (byte) (197 * i);
		}
		final ByteProcessor bp = new ByteProcessor(3, 1, new byte[] { 0, 100, (byte) 255 },
			new IndexColorModel(8, 256, r, g, b));
		final ImagePlus imp = new ImagePlus("indexed", bp);
		imp.setTypeToColor256();
		assertEquals(ImagePlus.COLOR_256, imp.getType());
		return imp;
	}

	@Test
	void aHugeImageIsRefusedFromItsHeaderBeforeAnyPixelIsDecoded() {
		// NB: 40000x40000 8-bit would take 1.6 GB decoded and 12.8 GB as 32-bit planes.
		final Path huge = BadImages.hugeTiffHeaderOnly(dir.resolve("huge.tif"), 40000, 40000);
		final DataException e = assertThrows(DataException.class, () -> ImageFiles.open(huge));
		assertTrue(e.getMessage().startsWith("Image " + huge + " (40000x40000 pixels) needs " +
			"14 GB of memory; the Java heap has "), e.getMessage());
		assertEquals(new ImageFiles.Header(40000, 40000, 1, 1), ImageFiles.header(huge));
	}

	@Test
	void aTruncatedJpegIsRefused() {
		final Path jpeg = BadImages.truncatedJpeg(dir.resolve("cut.jpg"), 200, 200);
		final DataException e = assertThrows(DataException.class, () -> ImageFiles.open(jpeg));
		assertTrue(e.getMessage().startsWith("Cannot read image " + jpeg + ": it is damaged or " +
			"truncated ("), e.getMessage());
	}

	@Test
	void aJpegWithAHarmlessWarningOpens() throws Exception {
		final java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(16, 16,
			java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
		final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		javax.imageio.ImageIO.write(image, "jpeg", out);
		final byte[] jpeg = out.toByteArray();
		// NB: two stray bytes after the APP0 segment: libjpeg warns of "2 extraneous bytes
		// before marker 0xdb" and decodes the image as it is.
		final int next = 4 + ((jpeg[4] & 0xff) << 8 | jpeg[5] & 0xff);
		final byte[] odd = new byte[jpeg.length + 2];
		System.arraycopy(jpeg, 0, odd, 0, next);
		odd[next] = 0x12;
		odd[next + 1] = 0x34;
		System.arraycopy(jpeg, next, odd, next + 2, jpeg.length - next);
		final Path file = bytes(dir.resolve("odd.jpg"), odd);
		assertEquals(16, ImageFiles.open(file).getWidth());
	}

	@Test
	void aTruncatedGifIsRefused() throws Exception {
		final Path gif = BadImages.animatedGif(dir.resolve("cut.gif"), 2, 20, 10);
		truncate(gif, (int) size(gif) - 1);
		final DataException e = assertThrows(DataException.class, () -> ImageFiles.open(gif));
		assertTrue(e.getMessage().contains("truncated"), e.getMessage());
	}

	@Test
	void anAnimatedGifOpensWithOnePlanePerFrame() {
		final Path gif = BadImages.animatedGif(dir.resolve("anim.gif"), 3, 20, 10);
		final ImagePlus imp = ImageFiles.open(gif);
		assertEquals(3, imp.getStackSize());
		assertEquals(ImagePlus.GRAY8, imp.getType());
		for (int k = 0; k < 3; k++) {
			final ImageProcessor ip = imp.getStack().getProcessor(k + 1);
			assertEquals(255, ip.get(k, 5), "frame " + k + " bar");
			assertEquals(40 * k, ip.get(10, 5), "frame " + k + " background");
		}
		assertEquals(new ImageFiles.Header(20, 10, 3, 4), ImageFiles.header(gif));
	}

	@Test
	void aTiffWhosePagesDifferOpensWithEveryPage() {
		final Path tiff = BadImages.mixedPagesTiff(dir.resolve("pages.tif"));
		final ImagePlus imp = ImageFiles.open(tiff);
		assertEquals(3, imp.getStackSize());
		assertEquals(ImagePlus.GRAY32, imp.getType());
		assertEquals(28, imp.getWidth());
		assertEquals(255, imp.getStack().getProcessor(1).getf(7, 7), 0);
		assertEquals(60000, imp.getStack().getProcessor(3).getf(14, 3), 0, "16-bit value kept");
	}

	@Test
	void theImageNamesItsFile() {
		final Path png = png(dir.resolve("g.png"), grey());
		assertEquals(png.toAbsolutePath().toString(), ImageFiles.open(png)
			.getOriginalFileInfo().getFilePath());
	}

	@Test
	void theHeaderGivesSizeAndPlanesWithoutDecoding() {
		assertEquals(new ImageFiles.Header(3, 2, 1, 1), ImageFiles.header(png(dir.resolve(
			"g.png"), grey())));
		assertEquals(new ImageFiles.Header(4, 3, 3, 1), ImageFiles.header(tiff(dir.resolve(
			"s.tif"), DataFiles.stack8(4, 3, 3, 10))));
		assertEquals(new ImageFiles.Header(3, 2, 1, 4), ImageFiles.header(png(dir.resolve(
			"c.png"), constantRgb(3, 2, rgb(1, 2, 3)))));
		final Path broken = text(dir.resolve("broken.png"), "not a png");
		assertThrows(DataException.class, () -> ImageFiles.header(broken));
	}

	/** 16x16 8-bit, pixel i = i. */
	private static ImagePlus ramp() {
		final byte[] pixels = new byte[256];
		for (int i = 0; i < 256; i++)
			pixels[i] = (byte) i;
		return new ImagePlus("ramp", new ByteProcessor(16, 16, pixels));
	}

	private static ImagePlus grey() {
		return new ImagePlus("grey", new ByteProcessor(3, 2, GREY.clone()));
	}

	private static ImagePlus noise(final int width, final int height) {
		final byte[] pixels = new byte[width * height];
		new java.util.Random(1).nextBytes(pixels);
		return new ImagePlus("noise", new ByteProcessor(width, height, pixels));
	}

	private static int[] rgbValues(final ImagePlus imp) {
		final int[] pixels = ((int[]) imp.getProcessor().getPixels()).clone();
		for (int i = 0; i < pixels.length; i++)
			pixels[i] &= 0xffffff;
		return pixels;
	}

	private static long size(final Path file) {
		try {
			return Files.size(file);
		}
		catch (final java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	/**
	 * Writes {@code count} pages with Java's own TIFF writer, one directory per
	 * page as PIL and tifffile write them; LZW-compressed if {@code lzw}.
	 */
	private static void writeTiffPages(final Path file, final boolean lzw, final int count,
		final java.util.function.IntFunction<java.awt.image.BufferedImage> page)
		throws java.io.IOException
	{
		final javax.imageio.ImageWriter writer = javax.imageio.ImageIO
			.getImageWritersByFormatName("tiff").next();
		try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO
			.createImageOutputStream(file.toFile()))
		{
			writer.setOutput(out);
			writer.prepareWriteSequence(null);
			javax.imageio.ImageWriteParam param = null;
			if (lzw) {
				param = writer.getDefaultWriteParam();
				param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
				param.setCompressionType("LZW");
			}
			for (int k = 0; k < count; k++) {
				writer.writeToSequence(new javax.imageio.IIOImage(page.apply(k), null, null),
					param);
			}
			writer.endWriteSequence();
		}
		finally {
			writer.dispose();
		}
	}
}
