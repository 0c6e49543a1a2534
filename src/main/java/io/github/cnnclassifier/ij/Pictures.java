package io.github.cnnclassifier.ij;

import ij.ImagePlus;
import ij.io.FileSaver;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.SafeFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Saves the pictures and stacks the inspection commands make: PNG where the name says so, else TIFF. */
public final class Pictures {

	private Pictures() {}

	/**
	 * Fails before any work if {@code file} cannot be written or is one of
	 * {@code inputs} (an output never overwrites an input).
	 *
	 * @throws DataException naming the file and what to do
	 */
	public static void checkOutput(final Path file, final String what, final Path... inputs) {
		SafeFiles.checkWritable(file, what);
		for (final Path input : inputs) {
			if (input != null && same(file, input)) {
				throw new DataException("Cannot save the " + what + " to " + file + ": it is an " +
					"input of this command. Choose another file name.");
			}
		}
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

	private static boolean same(final Path a, final Path b) {
		try {
			return Files.exists(a) && Files.exists(b) ? Files.isSameFile(a, b) : a.toAbsolutePath()
				.normalize().equals(b.toAbsolutePath().normalize());
		}
		catch (final IOException e) {
			return false;
		}
	}
}
