package io.github.cnnclassifier.data;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.FileOpener;
import ij.io.Opener;
import ij.plugin.GIF_Reader;
import ij.plugin.PGM_Reader;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ImageConverter;
import ij.process.ImageProcessor;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * Opens image files with ImageJ's decoders (and Java's ImageIO), never
 * through a path that shows an error dialog or aborts the calling macro: a
 * file that cannot be read, is damaged or truncated, or would not fit in
 * memory gives a {@link DataException} naming it.
 * <p>
 * NB: {@code IJ.openImage} reports corrupt files with {@code IJ.error}, which
 * aborts a running macro (the one that called our command) and opens one
 * dialog per file in the GUI. So the format is recognised by its first bytes,
 * the header is read and checked (size, memory, length) before any pixel is
 * decoded, and each decoder is called in a way that throws instead.
 * </p>
 */
public final class ImageFiles {

	/** Bytes of a file's start read to recognise its format (and a PNM header). */
	private static final int HEAD = 1024;

	/**
	 * What an image file's header says, read without decoding pixels.
	 *
	 * @param planes images in the file: pages, frames or stack slices
	 * @param bytesPerPixel in memory once decoded (4 for RGB)
	 */
	public record Header(int width, int height, int planes, int bytesPerPixel) {

		/**
		 * Memory to decode the file and turn one plane into 32-bit values
		 * (as fitting it to a network input does): pixels × planes × bytes,
		 * plus a 32-bit copy of a plane and room to resize it.
		 */
		public long bytesToOpen() {
			final long plane = (long) width * height;
			final long channels = bytesPerPixel == 4 ? 3 : 1;
			return plane * planes * bytesPerPixel + 2 * plane * channels * Float.BYTES;
		}
	}

	private ImageFiles() {}

	/**
	 * Opens {@code file} as an ImagePlus titled with its file name; palette
	 * images become the grey or RGB values they show, ImageJ "8-bit Color"
	 * TIFFs become RGB, grey JPEGs stored as RGB become 8-bit (as ImageJ's
	 * File › Open does); an animated GIF and a multi-page TIFF become a stack
	 * with one plane per frame or page. The image's file info names the file.
	 *
	 * @throws DataException if the file cannot be read, is not an image, is
	 *           damaged or truncated, or needs more memory than the heap has free
	 */
	public static ImagePlus open(final Path file) {
		final ImagePlus imp;
		try {
			imp = decode(file);
		}
		catch (final IOException | RuntimeException e) {
			if (e instanceof DataException) throw (DataException) e;
			throw unreadable(file, e.getMessage() == null ? e.toString() : e.getMessage());
		}
		catch (final OutOfMemoryError e) {
			// NB: the check before decoding passed, but other threads took the memory since.
			throw new DataException("Cannot read image " + file + ": it needs more memory " +
				"than the Java heap had free (" + Memory.format(Memory.available()) + "). Give " +
				"Java more memory (-Xmx) or make the image smaller.");
		}
		if (imp == null || imp.getProcessor() == null) {
			throw unreadable(file, "ImageJ could not decode it");
		}
		// NB: ImageJ's "8-bit Color" TIFFs keep their colours; pseudo-colour LUTs (Fire) stay grey data.
		if (imp.getType() == ImagePlus.COLOR_256) new ImageConverter(imp).convertToRGB();
		imp.setTitle(file.getFileName().toString());
		if (imp.getOriginalFileInfo() == null || imp.getOriginalFileInfo().fileName == null) {
			final FileInfo fi = new FileInfo();
			fi.fileName = file.getFileName().toString();
			fi.directory = file.toAbsolutePath().getParent() + File.separator;
			imp.setFileInfo(fi);
		}
		return imp;
	}

	/**
	 * Reads the size of the image in {@code file} from its header, without
	 * decoding pixels; null for DICOM and FITS files, whose headers are not read here.
	 *
	 * @throws DataException if the file cannot be read or is not an image
	 */
	public static Header header(final Path file) {
		try {
			final byte[] head = head(file);
			if (isTiff(head)) return tiffHeader(tiffInfo(file));
			final String format = imageIoFormat(head);
			final Header fixed = fixedHeader(format, head);
			if (fixed != null) return fixed;
			if (format != null) {
				try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
					final ImageReader reader = reader(format, in);
					try {
						return imageIoHeader(reader, format);
					}
					finally {
						reader.dispose();
					}
				}
			}
			if (isPnm(head)) return Pnm.parse(head).header();
			if (isDicomOrFits(file)) return null;
			throw notAnImage();
		}
		catch (final IOException | RuntimeException e) {
			if (e instanceof DataException) throw (DataException) e;
			throw unreadable(file, e.getMessage() == null ? e.toString() : e.getMessage());
		}
	}

	private static ImagePlus decode(final Path file) throws IOException {
		final byte[] head = head(file);
		final String name = file.getFileName().toString();
		if (isTiff(head)) return openTiff(file);
		final String format = imageIoFormat(head);
		if (format != null) return openWithImageIo(file, format);
		if (isPnm(head)) {
			final Pnm pnm = Pnm.parse(head);
			requireMemory(file, pnm.header());
			// NB: ImageJ's PGM reader fills a short binary file with zeros.
			if (Files.size(file) < pnm.dataStart() + pnm.dataBytes()) {
				throw new IOException("the file is truncated (its pixel data ends early)");
			}
			final ImageStack stack = new PGM_Reader().openFile(file.toString());
			return new ImagePlus(name, stack);
		}
		if (isDicomOrFits(file)) {
			final Opener opener = new Opener();
			opener.setSilentMode(true);
			return opener.openImage(file.toString());
		}
		throw notAnImage();
	}

	private static boolean isDicomOrFits(final Path file) {
		final String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
		return lower.endsWith(".dcm") || lower.endsWith(".fits") || lower.endsWith(".fit");
	}

	private static IOException notAnImage() {
		return new IOException("its content is not a TIFF, PNG, JPEG, GIF, BMP, PGM, " +
			"DICOM or FITS image");
	}

	private static byte[] head(final Path file) throws IOException {
		final byte[] head;
		try (InputStream in = Files.newInputStream(file)) {
			head = in.readNBytes(HEAD);
		}
		if (head.length == 0) throw new IOException("the file is empty");
		return head;
	}

	private static FileInfo[] tiffInfo(final Path file) throws IOException {
		final FileInfo[] info = TiffPages.read(file);
		if (info == null || info.length == 0) throw new IOException("no TIFF image in it");
		for (final FileInfo fi : info) {
			if (fi.width <= 0 || fi.height <= 0) {
				throw new IOException("its TIFF header is damaged (image size " + fi.width +
					"x" + fi.height + ")");
			}
		}
		return info;
	}

	private static Header tiffHeader(final FileInfo[] info) {
		final FileInfo fi = info[0];
		final int bytes = fi.getBytesPerPixel();
		return new Header(fi.width, fi.height, info.length > 1 ? info.length : Math.max(1,
			fi.nImages), bytes == 3 ? 4 : Math.max(1, bytes));
	}

	/** NB: the header is read first so that a corrupt one throws instead of reaching IJ.error. */
	private static ImagePlus openTiff(final Path file) throws IOException {
		final FileInfo[] info = tiffInfo(file);
		requireMemory(file, tiffHeader(info));
		final long length = Files.size(file);
		for (final FileInfo fi : info) {
			final long planeBytes = (long) fi.width * fi.height * fi.getBytesPerPixel();
			final long end = fi.getOffset() + planeBytes * Math.max(1, fi.nImages);
			if (fi.compression <= FileInfo.COMPRESSION_NONE && end > length) {
				throw new IOException("the file is truncated (its pixel data ends early)");
			}
		}
		if (info.length > 1 && !(sameSizeAndType(info) && inOrder(info))) {
			return openPages(file, info);
		}
		final Opener opener = new Opener();
		opener.setSilentMode(true);
		// NB: one directory (ImageJ's stacks) costs nothing to read again; one per page is
		// what openImage would read again, a byte at a time.
		if (info.length == 1) return opener.openImage(file.toString());
		final ImagePlus imp = opener.openTiffStack(info);
		// NB: ImageJ ends the stack early, silently, where a compressed page is cut short.
		if (imp != null && imp.getStackSize() < info.length) {
			throw new IOException("it is damaged or truncated (" + imp.getStackSize() + " of " +
				info.length + " pages could be read)");
		}
		return imp;
	}

	private static boolean sameSizeAndType(final FileInfo[] info) {
		for (final FileInfo fi : info) {
			if (fi.width != info[0].width || fi.height != info[0].height ||
				fi.fileType != info[0].fileType) return false;
		}
		return true;
	}

	/**
	 * Whether each uncompressed page starts after the one before it ends, as
	 * {@code Opener.openTiffStack} needs (else it stops with an error dialog).
	 */
	private static boolean inOrder(final FileInfo[] info) {
		for (int i = 1; i < info.length; i++) {
			final FileInfo before = info[i - 1];
			final long end = before.getOffset() + (long) before.width * before.height * before
				.getBytesPerPixel();
			if (info[i].compression <= FileInfo.COMPRESSION_NONE && info[i].getOffset() < end) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A TIFF whose pages differ in size or type (which ImageJ opens as its
	 * first page only) or lie out of order (which ImageJ refuses with a
	 * dialog): every page, read on its own, as one stack of the first page's size
	 * (others resized, averaging when shrinking), 32-bit when all pages are
	 * grey (their values kept), else RGB.
	 */
	private static ImagePlus openPages(final Path file, final FileInfo[] info)
		throws IOException
	{
		final List<ImageProcessor> pages = new ArrayList<>();
		boolean rgb = false;
		for (final FileInfo page : info) {
			page.nImages = 1;
			final ImagePlus imp = new FileOpener(page).openImage();
			if (imp == null) throw new IOException("ImageJ could not decode one of its pages");
			final ImageStack stack = imp.getStack();
			for (int k = 1; k <= stack.getSize(); k++) pages.add(stack.getProcessor(k));
			rgb |= imp.getType() == ImagePlus.COLOR_RGB || imp.getType() == ImagePlus.COLOR_256;
		}
		final int w = info[0].width, h = info[0].height;
		final ImageStack stack = new ImageStack(w, h);
		for (final ImageProcessor page : pages) {
			ImageProcessor ip = rgb ? page.convertToRGB() : page.convertToFloat();
			if (ip.getWidth() != w || ip.getHeight() != h) {
				ip.setInterpolationMethod(ImageProcessor.BILINEAR);
				ip = ip.resize(w, h, true);
			}
			stack.addSlice(null, ip);
		}
		return new ImagePlus(file.getFileName().toString(), stack);
	}

	/**
	 * PNG, JPEG, GIF, BMP. NB: a reader's warning that data ends early (e.g.
	 * "Premature end of JPEG file") is an error here: ImageIO fills the
	 * missing part of a truncated JPEG with grey and returns it.
	 */
	private static ImagePlus openWithImageIo(final Path file, final String format)
		throws IOException
	{
		final String name = file.getFileName().toString();
		if (format.equals("gif") && lastByte(file) != 0x3B) {
			throw new IOException("the file is truncated (it lacks the GIF trailer)");
		}
		final BufferedImage bi;
		final int frames;
		try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
			final ImageReader reader = reader(format, in);
			try {
				final Header header = imageIoHeader(reader, format);
				// NB: ImageIO's image and ImageJ's copy of it are both held for a while.
				requireMemory(file, new Header(header.width(), header.height(), 2 * header
					.planes(), header.bytesPerPixel()));
				frames = header.planes();
				final List<String> warnings = new ArrayList<>();
				reader.addIIOReadWarningListener((source, warning) -> {
					if (isAboutMissingData(warning)) warnings.add(warning);
				});
				bi = reader.read(0);
				for (int i = 1; i < frames; i++) reader.read(i); // NB: each frame checked
				if (!warnings.isEmpty()) {
					throw new IOException("it is damaged or truncated (" + warnings.get(0) + ")");
				}
			}
			finally {
				reader.dispose();
			}
		}
		if (frames > 1) return animatedGif(file);
		if (bi.getColorModel() instanceof IndexColorModel) return fromPalette(name, bi);
		final ImagePlus imp = new ImagePlus(name, bi);
		if (format.equals("jpeg") && imp.getType() == ImagePlus.COLOR_RGB) {
			Opener.convertGrayJpegTo8Bits(imp);
		}
		return imp;
	}

	/**
	 * NB: only warnings about data that ends early make a file unreadable;
	 * others (e.g. libjpeg's "extraneous bytes before marker", common in
	 * camera files) leave an image that shows as it should.
	 */
	private static boolean isAboutMissingData(final String warning) {
		final String w = warning.toLowerCase(Locale.ROOT);
		return w.contains("premature end") || w.contains("truncated") || w.contains(
			"missing eoi");
	}

	/** NB: ImageJ's GIF reader puts each frame together as it shows (offsets, disposal). */
	private static ImagePlus animatedGif(final Path file) throws IOException {
		final GIF_Reader gif = new GIF_Reader();
		gif.run(file.toAbsolutePath().toString());
		if (gif.getStackSize() < 2) throw new IOException("ImageJ could not decode its frames");
		return gif;
	}

	private static ImageReader reader(final String format, final ImageInputStream in)
		throws IOException
	{
		// NB: by name, not ImageIO.getImageReaders(stream), which asks every registered reader.
		final java.util.Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(
			format);
		if (!readers.hasNext()) throw new IOException("Java has no " + format + " reader");
		final ImageReader reader = readers.next();
		reader.setInput(in, false, true);
		return reader;
	}

	private static Header imageIoHeader(final ImageReader reader, final String format)
		throws IOException
	{
		final int frames = format.equals("gif") ? reader.getNumImages(true) : 1;
		final ImageTypeSpecifier type = reader.getRawImageType(0);
		final int bits = type == null ? 32 : type.getColorModel().getPixelSize();
		final boolean palette = type != null && type.getColorModel() instanceof IndexColorModel;
		return new Header(reader.getWidth(0), reader.getHeight(0), Math.max(1, frames),
			bits > 16 || palette ? 4 : bits > 8 ? 2 : 1);
	}

	/**
	 * The size of a PNG or BMP image from the fixed places of its header
	 * (PNG: IHDR, the first chunk; BMP: BITMAPINFOHEADER); null for other
	 * formats. NB: a reader from ImageIO takes two to three times as long,
	 * which for a folder of small images is a good part of decoding them.
	 */
	private static Header fixedHeader(final String format, final byte[] h) {
		final java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(h);
		if ("png".equals(format) && h.length >= 26 && h[12] == 'I' && h[13] == 'H' &&
			h[14] == 'D' && h[15] == 'R')
		{
			final int depth = h[24], colour = h[25];
			// NB: colour type 0 is grey, 4 grey with alpha; the others become RGB.
			final int bytes = colour == 0 || colour == 4 ? depth > 8 ? 2 : 1 : 4;
			return valid(b.getInt(16), b.getInt(20), bytes);
		}
		if ("bmp".equals(format) && h.length >= 30) {
			b.order(java.nio.ByteOrder.LITTLE_ENDIAN);
			if (b.getInt(14) < 40) return null; // NB: an old OS/2 header; ImageIO reads it
			return valid(b.getInt(18), Math.abs(b.getInt(22)), 4);
		}
		return null;
	}

	private static Header valid(final int width, final int height, final int bytes) {
		return width > 0 && height > 0 ? new Header(width, height, 1, bytes) : null;
	}

	private static int lastByte(final Path file) throws IOException {
		try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "r")) {
			if (f.length() == 0) return -1;
			f.seek(f.length() - 1);
			return f.read();
		}
	}

	/**
	 * Grey or RGB pixels of a palette image (GIF, palette PNG or BMP): the
	 * colours it shows, not its palette indices.
	 */
	private static ImagePlus fromPalette(final String name, final BufferedImage bi) {
		final IndexColorModel cm = (IndexColorModel) bi.getColorModel();
		boolean grey = true;
		for (int i = 0; i < cm.getMapSize() && grey; i++) {
			grey = cm.getRed(i) == cm.getGreen(i) && cm.getGreen(i) == cm.getBlue(i);
		}
		final int w = bi.getWidth();
		final int h = bi.getHeight();
		final int[] rgb = bi.getRGB(0, 0, w, h, null, 0, w);
		if (!grey) return new ImagePlus(name, new ColorProcessor(w, h, rgb));
		final byte[] values = new byte[w * h];
		for (int i = 0; i < values.length; i++) values[i] = (byte) rgb[i];
		return new ImagePlus(name, new ByteProcessor(w, h, values));
	}

	/**
	 * A PNM header: kind (the digit after 'P'), width, height, maximum value
	 * (1 for bitmaps) and where the pixel data starts.
	 */
	private record Pnm(int kind, int width, int height, int max, int dataStart) {

		static Pnm parse(final byte[] head) throws IOException {
			final int kind = head[1] - '0';
			final int[] v = { 0, 0, 1 };
			final int count = kind == 1 || kind == 4 ? 2 : 3;
			int pos = 2;
			for (int i = 0; i < count; i++) {
				while (pos < head.length && (Character.isWhitespace(head[pos]) ||
					head[pos] == '#'))
				{
					if (head[pos] == '#') while (pos < head.length && head[pos] != '\n') pos++;
					else pos++;
				}
				final int start = pos;
				while (pos < head.length && Character.isDigit(head[pos])) pos++;
				if (pos == start || pos - start > 9 || pos == head.length) {
					throw new IOException("its PGM/PPM header is damaged");
				}
				v[i] = Integer.parseInt(new String(head, start, pos - start,
					StandardCharsets.US_ASCII));
			}
			if (v[0] < 1 || v[1] < 1) throw new IOException("its PGM/PPM header is damaged");
			return new Pnm(kind, v[0], v[1], v[2], pos + 1); // NB: one white space after the header
		}

		Header header() {
			return new Header(width, height, 1, kind == 3 || kind == 6 ? 4 : max > 255 ? 2 : 1);
		}

		/** Bytes of binary pixel data (P4-P6); 0 for ASCII variants, which end where their numbers end. */
		long dataBytes() {
			if (kind < 4) return 0;
			if (kind == 4) return (width + 7L) / 8 * height;
			return (long) width * height * (kind == 6 ? 3 : 1) * (max > 255 ? 2 : 1);
		}
	}

	private static void requireMemory(final Path file, final Header header) {
		Memory.require(header.bytesToOpen(), "Image " + file + " (" + header.width() + "x" +
			header.height() + " pixels" + (header.planes() > 1 ? " x " + header.planes() +
				" planes" : "") + ")", "Make the image smaller, or remove it.");
	}

	private static boolean isTiff(final byte[] h) {
		return h.length >= 4 && ((h[0] == 'I' && h[1] == 'I' && h[2] == 42 && h[3] == 0) ||
			(h[0] == 'M' && h[1] == 'M' && h[2] == 0 && h[3] == 42));
	}

	private static boolean isPnm(final byte[] h) {
		return h.length >= 2 && h[0] == 'P' && h[1] >= '1' && h[1] <= '6';
	}

	/** The ImageIO format name of a PNG, JPEG, GIF or BMP file; null for others. */
	private static String imageIoFormat(final byte[] h) {
		final int n = h.length;
		if (n >= 4 && h[0] == (byte) 0x89 && h[1] == 'P' && h[2] == 'N' && h[3] == 'G') {
			return "png";
		}
		if (n >= 3 && h[0] == (byte) 0xFF && h[1] == (byte) 0xD8 && h[2] == (byte) 0xFF) {
			return "jpeg";
		}
		if (n >= 4 && h[0] == 'G' && h[1] == 'I' && h[2] == 'F' && h[3] == '8') return "gif";
		if (n >= 2 && h[0] == 'B' && h[1] == 'M') return "bmp";
		return null;
	}

	private static DataException unreadable(final Path file, final String why) {
		return new DataException("Cannot read image " + file + ": " + why +
			". Replace or remove the file.");
	}
}
