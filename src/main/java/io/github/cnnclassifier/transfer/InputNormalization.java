package io.github.cnnclassifier.transfer;

import io.github.cnnclassifier.data.LabelledSamples;
import io.github.cnnclassifier.model.Normalization;
import io.github.cnnclassifier.tensor.InputShape;
import io.github.cnnclassifier.train.TrainingException;

/**
 * The {@code normalization} option of a transfer: {@code auto} (the base
 * network's own unless the training images' values are far from it, else the
 * training images'), {@code base} (the base network's own, else the training
 * images'), {@code data} (the training images' mean and std) or
 * {@code MEAN/STD}, each one number or one per channel.
 */
final class InputNormalization {

	/** The default: the base network's own normalisation where it suits the images. */
	static final String AUTO = "auto";

	private InputNormalization() {}

	/**
	 * Checks {@code text}.
	 *
	 * @throws TrainingException saying what is accepted
	 */
	static void parse(final String text) {
		if (!text.equals(AUTO) && !text.equals("base") && !text.equals("data")) numbers(text);
	}

	/**
	 * The normalisation {@code text} asks for.
	 *
	 * @param base the base network's own, or null where it records none
	 */
	static Normalization resolve(final String text, final Normalization base,
		final LabelledSamples training, final InputShape shape)
	{
		final boolean own = text.equals(AUTO) || text.equals("base");
		if (own && base != null && (text.equals("base") || !far(base, training))) return base;
		if (own || text.equals("data")) return Normalization.ofSums(training.valueSums());
		final double[][] ms = numbers(text);
		for (final double[] v : ms) {
			if (v.length != 1 && v.length != shape.channels()) {
				throw new TrainingException("normalization '" + text + "' gives " + v.length +
					" values, but the network takes " + shape.channels() + " channels: give one " +
					"number or one per channel before and after the '/'.");
			}
		}
		return Normalization.of(ms[0], ms[1], shape);
	}

	/**
	 * Whether the training images' values are far from those {@code base}
	 * expects (another bit depth or range: 16-bit cells on an 8-bit base), so far
	 * that its normalisation leaves them at tens of standard deviations.
	 */
	static boolean far(final Normalization base, final LabelledSamples training) {
		if (!base.method().equals(Normalization.ZSCORE)) return false;
		final Normalization data = Normalization.ofSums(training.valueSums());
		final double shift = Math.abs(data.mean() - base.mean()) / base.std();
		final double scale = data.std() / base.std();
		return shift > 3 || scale > 10 || scale < 0.1;
	}

	private static double[][] numbers(final String text) {
		final String[] parts = text.split("/");
		try {
			if (parts.length == 2) {
				final double[][] ms = { values(parts[0]), values(parts[1]) };
				for (final double s : ms[1]) {
					if (!(s > 0) || Double.isInfinite(s)) throw new NumberFormatException();
				}
				for (final double m : ms[0]) {
					if (!Double.isFinite(m)) throw new NumberFormatException();
				}
				return ms;
			}
		}
		catch (final NumberFormatException e) {
			// NB: reported below.
		}
		throw new TrainingException("normalization must be auto, base, data, or MEAN/STD with one " +
			"number or one per channel each and STD > 0 (e.g. 0/255 or 123.68,116.78,103.94/1), " +
			"got '" + text + "'.");
	}

	private static double[] values(final String list) {
		final String[] items = list.trim().split("\\s*,\\s*");
		final double[] v = new double[items.length];
		for (int i = 0; i < v.length; i++) v[i] = Double.parseDouble(items[i]);
		return v;
	}
}
