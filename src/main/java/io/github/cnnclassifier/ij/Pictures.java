package io.github.cnnclassifier.ij;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.FileSaver;
import io.github.cnnclassifier.output.OutputFile;
import io.github.cnnclassifier.output.SafeFiles;
import io.github.cnnclassifier.tensor.InputFit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/** Saves the pictures and stacks the inspection commands make: PNG where the name says so, else TIFF. */
public final class Pictures {

	private Pictures() {}

	/** The file an image was opened from, or null. */
	public static Path fileOf(final ImagePlus image) {
		final FileInfo fi = image == null ? null : image.getOriginalFileInfo();
		if (fi == null || fi.fileName == null || fi.directory == null || fi.directory
			.isEmpty()) return null;
		try {
			return Paths.get(fi.directory, fi.fileName);
		}
		catch (final InvalidPathException e) {
			return null; // NB: e.g. an image opened from a URL
		}
	}

	/**
	 * What {@code file} will hold, for {@link OutputFile}: a PNG picture if its
	 * name ends in .png, else a TIFF; an existing file of that format may be replaced.
	 */
	public static OutputFile.Kind kind(final Path file, final String what) {
		final boolean png = isPng(file);
		return new OutputFile.Kind(what, png ? "a PNG image" : "a TIFF image", f -> {
			final byte[] head = head(f);
			return png ? head[0] == (byte) 0x89 && head[1] == 'P' && head[2] == 'N' &&
				head[3] == 'G' : (head[0] == 'I' && head[1] == 'I' && head[2] == 42 &&
					head[3] == 0) || (head[0] == 'M' && head[1] == 'M' && head[2] == 0 &&
						head[3] == 42);
		});
	}

	/**
	 * Marks {@code imp} as a picture of this plugin showing {@code what} (see
	 * {@link InputFit#PICTURE}), so that no command classifies it by mistake.
	 *
	 * @return {@code imp}
	 */
	public static ImagePlus mark(final ImagePlus imp, final String what) {
		imp.setProp(InputFit.PICTURE, what);
		return imp;
	}

	/** Whether {@code name} asks for a PNG. */
	public static boolean isPng(final Path name) {
		return name.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png");
	}

	/**
	 * Writes {@code imp} to {@code file} (through a temporary file): PNG if the
	 * name ends in .png, else TIFF (ImageJ's, with calibration, labels and LUTs).
	 *
	 * @throws IllegalArgumentException for a PNG of a stack or of 32-bit values, which PNG cannot hold
	 */
	public static void save(final ImagePlus imp, final Path file, final String what) {
		final boolean png = isPng(file);
		if (png && (imp.getStackSize() > 1 || imp.getBitDepth() == 32 || imp.getBitDepth() ==
			16))
		{
			throw new IllegalArgumentException("A PNG holds one 8-bit or RGB picture, but the " +
				what + " " + (imp.getStackSize() > 1 ? "have " + imp.getStackSize() + " slices" :
					"are " + imp.getBitDepth() + "-bit values") + ": give save_to a .tif name" +
				(imp.getBitDepth() == 32 ? " (or ask for the montage picture)." : "."));
		}
		SafeFiles.write(file, what, tmp -> {
			final FileSaver saver = new FileSaver(imp);
			final boolean ok = png ? saver.saveAsPng(tmp.toString()) : imp.getStackSize() > 1
				? saver.saveAsTiffStack(tmp.toString()) : saver.saveAsTiff(tmp.toString());
			if (!ok) throw new IOException("ImageJ could not write it");
		});
	}

	/** The first four bytes of a file (zeros where it is shorter or unreadable). */
	private static byte[] head(final Path file) {
		final byte[] head = new byte[4];
		try (InputStream in = Files.newInputStream(file)) {
			in.readNBytes(head, 0, 4);
		}
		catch (final IOException e) {
			// NB: unreadable: not of the kind; the zeros say so
		}
		return head;
	}
}
