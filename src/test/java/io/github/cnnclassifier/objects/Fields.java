package io.github.cnnclassifier.objects;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import io.github.cnnclassifier.TestModels;

import java.util.Random;

/**
 * A synthetic 16-bit field: the 40 digits of the shipped stack (not in the
 * training folder) pasted on a grid over dim noise, with a label image and
 * one ROI per digit (named "d<i>", class property = the true digit).
 */
public final class Fields {

	/** Grid spacing and the digits' side. */
	public static final int STEP = 40;
	public static final int SIDE = 28;
	public static final int COLUMNS = 8;

	/** The digits, one per plane, their slice labels the true digits. */
	public final ImagePlus stack;
	public final ImagePlus field;
	public final ImagePlus labels;
	public final Roi[] rois;

	/** The shipped stack's 40 digits. */
	public Fields(final long seed) {
		this(IJ.openImage(TestModels.DIGITS_STACK.toString()), seed, "field.tif");
	}

	/** Digits {@code from}..{@code to} (1-based) of every class of the shipped folder. */
	public static Fields ofFolder(final int from, final int to, final long seed,
		final String title)
	{
		final ImageStack s = new ImageStack(SIDE, SIDE);
		for (int i = from; i <= to; i++) {
			for (int d = 0; d < 10; d++) {
				final ImagePlus digit = IJ.openImage(TestModels.DIGITS.resolve(d + "/" + String
					.format("digit_%d_%03d.png", d, i)).toString());
				s.addSlice(String.valueOf(d), digit.getProcessor());
			}
		}
		return new Fields(new ImagePlus("digits", s), seed, title);
	}

	private Fields(final ImagePlus stack, final long seed, final String title) {
		this.stack = stack;
		final int n = stack.getStackSize();
		final int rows = (n + COLUMNS - 1) / COLUMNS;
		final ShortProcessor f = new ShortProcessor(COLUMNS * STEP, rows * STEP);
		final ShortProcessor l = new ShortProcessor(f.getWidth(), f.getHeight());
		final Random random = new Random(seed);
		for (int i = 0; i < f.getPixelCount(); i++) f.set(i, random.nextInt(4));
		rois = new Roi[n];
		for (int i = 0; i < n; i++) {
			final int x0 = origin(i)[0];
			final int y0 = origin(i)[1];
			final ImageProcessor digit = stack.getStack().getProcessor(i + 1);
			for (int y = 0; y < SIDE; y++) {
				for (int x = 0; x < SIDE; x++) {
					f.set(x0 + x, y0 + y, digit.get(x, y));
					l.set(x0 + x, y0 + y, i + 1);
				}
			}
			rois[i] = new Roi(x0, y0, SIDE, SIDE);
			rois[i].setName("d" + (i + 1));
			rois[i].setProperty("class", truth(i));
		}
		field = new ImagePlus(title, f);
		labels = new ImagePlus("labels-" + title, l);
	}

	/** The true digit of object i (0-based): its plane's slice label. */
	public String truth(final int i) {
		return stack.getStack().getSliceLabel(i + 1).trim();
	}

	/** Top-left corner of digit i (0-based). */
	public static int[] origin(final int i) {
		return new int[] { (i % COLUMNS) * STEP + 6, (i / COLUMNS) * STEP + 6 };
	}
}
