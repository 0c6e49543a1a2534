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

	public final ImagePlus stack = IJ.openImage(TestModels.DIGITS_STACK.toString());
	public final ImagePlus field;
	public final ImagePlus labels;
	public final Roi[] rois;

	public Fields(final long seed) {
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
		field = new ImagePlus("field.tif", f);
		labels = new ImagePlus("field-labels.tif", l);
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
