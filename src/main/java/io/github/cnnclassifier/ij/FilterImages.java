package io.github.cnnclassifier.ij;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import io.github.cnnclassifier.inspect.Filters;

import java.util.ArrayList;
import java.util.List;

/** The kernels of a convolution layer as ImageJ images. */
public final class FilterImages {

	private FilterImages() {}

	/**
	 * A 32-bit image whose pixels are the weights: one slice per filter
	 * (kernel height x width), the input channels as hyperstack channels,
	 * slice labels such as "conv_1 #5", shown blue-white-red around 0.
	 */
	public static ImagePlus stack(final Filters f) {
		final ImageStack stack = new ImageStack(f.width(), f.height());
		for (int k = 0; k < f.filters(); k++) {
			for (int c = 0; c < f.channels(); c++) {
				stack.addSlice(f.layer() + " #" + (k + 1) + (f.channels() > 1 ? ", input " + (c + 1)
					: ""), new FloatProcessor(f.width(), f.height(), f.kernel(k, c)));
			}
		}
		final ImagePlus imp = new ImagePlus(f.layer() + " filters", stack);
		imp.setDimensions(f.channels(), f.filters(), 1);
		return Pictures.mark(Luts.withLut(imp, Luts.diverging(), Luts.range(f.weights())),
			"the weights of " + f.layer());
	}

	/**
	 * The kernels as a picture: a grid of filters (rows of filters and
	 * columns of input channels when there are several), scaled up, coloured
	 * blue-white-red around 0 with a colour bar.
	 */
	public static ImagePlus montage(final Filters f) {
		final double[] range = Luts.range(f.weights());
		final String sub = String.format("%d filters of %d×%d×%d weights", f.filters(), f
			.height(), f.width(), f.channels());
		final Montage m = new Montage(f.layer() + " filters", sub, f.width(), f.height());
		for (int k = 0; k < f.filters(); k++) {
			for (int c = 0; c < f.channels(); c++) m.add(f.kernel(k, c), "#" + (k + 1));
		}
		if (f.channels() > 1) {
			final List<String> rows = new ArrayList<>(), cols = new ArrayList<>();
			for (int k = 0; k < f.filters(); k++) rows.add("#" + (k + 1));
			for (int c = 0; c < f.channels(); c++) cols.add("in " + (c + 1));
			m.grid(f.channels(), rows, cols);
		}
		return Pictures.mark(new ImagePlus(f.layer() + " filters montage", m.render(Luts
			.diverging(), range[0], range[1], "weight")), "the filter montage of " + f.layer());
	}
}
