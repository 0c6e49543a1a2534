package io.github.cnnclassifier.ij;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import ij.process.LUT;
import io.github.cnnclassifier.inspect.FeatureMaps;

/** A layer's feature maps as ImageJ images. */
public final class FeatureMapImages {

	private FeatureMapImages() {}

	/**
	 * A 32-bit image whose pixels are the activations: one channel per map
	 * and one frame per input plane, slice labels such as "conv_2 #3",
	 * shown on one display range (grey, or blue-white-red where values are negative).
	 *
	 * @param planeLabels the input planes' labels (for slice labels), or null
	 */
	public static ImagePlus stack(final FeatureMaps maps, final String title,
		final String[] planeLabels)
	{
		final ImageStack stack = new ImageStack(maps.width(), maps.height());
		for (int i = 0; i < maps.samples(); i++) {
			for (int k = 0; k < maps.channels(); k++) {
				stack.addSlice(label(maps, k, i, planeLabels), new FloatProcessor(maps.width(), maps
					.height(), maps.map(i, k)));
			}
		}
		final ImagePlus imp = new ImagePlus(title, stack);
		imp.setDimensions(maps.channels(), 1, maps.samples());
		final double[] range = Luts.range(maps.values());
		return Pictures.mark(Luts.withLut(imp, Luts.forRange(range[0], Luts.grays()), range),
			"the feature maps of " + maps.layer());
	}

	/**
	 * The maps as pictures, one per input plane: a grid of channels, scaled
	 * up, on one display range with a colour bar.
	 */
	public static ImagePlus montage(final FeatureMaps maps, final String title,
		final String[] planeLabels)
	{
		final double[] range = Luts.range(maps.values());
		final LUT lut = Luts.forRange(range[0], Luts.grays());
		ImageStack pictures = null;
		for (int i = 0; i < maps.samples(); i++) {
			final String plane = maps.samples() > 1 ? ", plane " + (i + 1) + (planeLabels == null ||
				planeLabels[i] == null || planeLabels[i].isBlank() ? "" : " (" + planeLabels[i] + ")")
				: "";
			final Montage m = new Montage(maps.layer() + " feature maps" + plane, String.format(
				"%d maps of %d×%d for %s", maps.channels(), maps.height(), maps.width(), title), maps
					.width(), maps.height());
			for (int k = 0; k < maps.channels(); k++) m.add(maps.map(i, k), "#" + (k + 1));
			final ij.process.ColorProcessor cp = m.render(lut, range[0], range[1], "activation");
			if (pictures == null) pictures = new ImageStack(cp.getWidth(), cp.getHeight());
			pictures.addSlice(label(maps, 0, i, planeLabels).replaceFirst(" #1", ""), cp);
		}
		return Pictures.mark(new ImagePlus(maps.layer() + " feature maps of " + title, pictures),
			"the feature maps of " + maps.layer());
	}

	private static String label(final FeatureMaps maps, final int k, final int i,
		final String[] planeLabels)
	{
		final String plane = maps.samples() == 1 ? "" : planeLabels != null && planeLabels[i] !=
			null && !planeLabels[i].isBlank() ? ", " + planeLabels[i] : ", plane " + (i + 1);
		return maps.layer() + " #" + (k + 1) + plane;
	}
}
