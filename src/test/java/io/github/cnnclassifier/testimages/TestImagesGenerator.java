package io.github.cnnclassifier.testimages;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ImageProcessor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;

/**
 * Writes the project's small, seeded test data sets: synthetic digits as
 * labelled folders and as a labelled stack, and a two-class 16-bit cell set.
 */
public final class TestImagesGenerator {

	/** Seed of the {@code digits/} folder set. */
	public static final long DIGITS_SEED = 28_28_2022L;

	/** Seed of {@code digits-stack.tif}; differs from {@link #DIGITS_SEED} so the stack holds unseen digits. */
	public static final long STACK_SEED = 40_40_2022L;

	/** Seed of the {@code cells/} set. */
	public static final long CELLS_SEED = 32_32_16L;

	/** Images per digit in {@code digits/}. */
	public static final int DIGITS_PER_CLASS = 120;

	/** Planes per digit in {@code digits-stack.tif}. */
	public static final int STACK_PER_CLASS = 4;

	/** Images per class in {@code cells/}. */
	public static final int CELLS_PER_CLASS = 60;

	/** Folder names of the two cell classes. */
	public static final String[] CELL_CLASSES = { "round", "elongated" };

	/** Every this-many-th cell (index % BRIGHT_EVERY == 3) has a peak above 32767. */
	static final int BRIGHT_EVERY = 10;

	private TestImagesGenerator() {}

	/** Writes all sets into {@code dest}, creating folders as needed and overwriting files of the same names. */
	public static void writeAll(final Path dest) throws IOException {
		writeDigits(dest);
		writeDigitsStack(dest);
		writeCells(dest);
	}

	/** Writes {@code digits/<d>/digit_<d>_<nnn>.png}, 8-bit 28×28, {@link #DIGITS_PER_CLASS} per digit. */
	public static void writeDigits(final Path dest) throws IOException {
		for (int d = 0; d <= 9; d++) {
			final Path folder = Files.createDirectories(dest.resolve("digits")
				.resolve(String.valueOf(d)));
			for (int i = 1; i <= DIGITS_PER_CLASS; i++) {
				final String name = String.format("digit_%d_%03d", d, i);
				save(new ImagePlus(name, SyntheticDigits.render(d, Seeds.of(DIGITS_SEED,
					d, i))), folder.resolve(name + ".png"), "png");
			}
		}
	}

	/** Writes {@code digits-stack.tif}: {@link #STACK_PER_CLASS} of each digit, shuffled, each slice labelled with its digit. */
	public static void writeDigitsStack(final Path dest) throws IOException {
		Files.createDirectories(dest);
		final int n = 10 * STACK_PER_CLASS;
		final int[] digits = new int[n];
		for (int i = 0; i < n; i++)
			digits[i] = i % 10;
		final Random rnd = new Random(STACK_SEED);
		for (int i = n - 1; i > 0; i--) {
			final int j = rnd.nextInt(i + 1);
			final int t = digits[i];
			digits[i] = digits[j];
			digits[j] = t;
		}
		final ImageStack stack = new ImageStack(SyntheticDigits.SIZE,
			SyntheticDigits.SIZE);
		for (int i = 0; i < n; i++)
			stack.addSlice(String.valueOf(digits[i]), SyntheticDigits.render(
				digits[i], Seeds.of(STACK_SEED, digits[i], i)));
		save(new ImagePlus("digits-stack", stack), dest.resolve("digits-stack.tif"),
			"tif");
	}

	/** Writes {@code cells/<round|elongated>/cell_<nnn>.tif}, 16-bit 32×32, {@link #CELLS_PER_CLASS} per class. */
	public static void writeCells(final Path dest) throws IOException {
		for (int c = 0; c < CELL_CLASSES.length; c++) {
			final Path folder = Files.createDirectories(dest.resolve("cells").resolve(
				CELL_CLASSES[c]));
			for (int i = 1; i <= CELLS_PER_CLASS; i++) {
				final String name = String.format("cell_%03d", i);
				final ImageProcessor ip = SyntheticCells.render(c == 1,
					i % BRIGHT_EVERY == 3, Seeds.of(CELLS_SEED, c, i));
				ip.resetMinAndMax();
				save(new ImagePlus(name, ip), folder.resolve(name + ".tif"), "tif");
			}
		}
	}

	private static void save(final ImagePlus imp, final Path file,
		final String format) throws IOException
	{
		final FileSaver saver = new FileSaver(imp);
		final String path = file.toString();
		final boolean ok;
		if ("png".equals(format)) ok = saver.saveAsPng(path);
		else if (imp.getStackSize() > 1) ok = saver.saveAsTiffStack(path);
		else ok = saver.saveAsTiff(path);
		// NB: FileSaver reports failures through IJ.error and a false return, not by throwing.
		if (!ok) throw new IOException("Could not write " + path);
	}

	/** Writes all sets into the folder given as the only argument ({@code test-images} by default). */
	public static void main(final String[] args) throws IOException {
		final Path dest = Paths.get(args.length > 0 ? args[0] : "test-images");
		writeAll(dest);
		System.out.println("Wrote " + 10 * DIGITS_PER_CLASS + " digits, a " + 10 *
			STACK_PER_CLASS + "-plane digit stack and " + CELL_CLASSES.length *
				CELLS_PER_CLASS + " cells to " + dest.toAbsolutePath());
	}
}
