package io.github.cnnclassifier.data;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Random changes to training images, drawn anew for each image in each epoch,
 * as MATLAB's {@code imageDataAugmenter}: rotation by an angle in a range
 * (degrees), reflection left-right ({@code x}) and up-down ({@code y}), each
 * with probability 1/2, translation by a number of pixels in a range (x and y
 * drawn separately), and scaling by a factor in a range, all about the image
 * centre. {@link #NONE} changes nothing.
 */
public record Augmentation(double minRotation, double maxRotation, boolean xReflection,
	boolean yReflection, double minTranslation, double maxTranslation, double minScale,
	double maxScale)
{

	/** No augmentation: every image as it is. */
	public static final Augmentation NONE = new Augmentation(0, 0, false, false, 0, 0, 1, 1);

	public Augmentation {
		check(minRotation, maxRotation, "augment_rotation", "-180,180");
		check(minTranslation, maxTranslation, "augment_translation", "-3,3");
		check(minScale, maxScale, "augment_scale", "0.9,1.1");
		if (minScale <= 0) {
			throw new DataException("augment_scale must be positive factors, e.g. 0.9,1.1; got " +
				minScale + "," + maxScale + ".");
		}
	}

	private static void check(final double min, final double max, final String name,
		final String example)
	{
		if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
			throw new DataException(name + " must be a range 'min,max' with min <= max, e.g. " +
				example + "; got " + min + "," + max + ".");
		}
	}

	/**
	 * The augmentation the options' text describes: {@code rotation} and
	 * {@code translation} as {@code "min,max"} or one number {@code r} for
	 * {@code -r,r}; {@code scale} as {@code "min,max"}; empty for none.
	 *
	 * @throws DataException naming the option whose value is not such a range
	 */
	public static Augmentation of(final String rotation, final boolean xReflection,
		final boolean yReflection, final String translation, final String scale)
	{
		final double[] r = range(rotation, "augment_rotation", "-180,180", true, 0);
		final double[] t = range(translation, "augment_translation", "-3,3", true, 0);
		final double[] s = range(scale, "augment_scale", "0.9,1.1", false, 1);
		return new Augmentation(r[0], r[1], xReflection, yReflection, t[0], t[1], s[0], s[1]);
	}

	private static double[] range(final String text, final String name, final String example,
		final boolean symmetric, final double none)
	{
		final String v = text == null ? "" : text.trim();
		if (v.isEmpty()) return new double[] { none, none };
		final String[] parts = v.split("\\s*,\\s*");
		try {
			if (parts.length == 1 && symmetric) {
				final double a = Math.abs(Double.parseDouble(parts[0]));
				return new double[] { -a, a };
			}
			if (parts.length == 2) {
				return new double[] { Double.parseDouble(parts[0]), Double.parseDouble(parts[1]) };
			}
		}
		catch (final NumberFormatException e) {
			// NB: reported below with the option's name.
		}
		throw new DataException(name + " must be a range 'min,max'" + (symmetric ? " or one " +
			"number r for -r,r" : "") + ", e.g. " + example + "; got '" + v + "'.");
	}

	/** Whether this changes nothing. */
	public boolean isOff() {
		return equals(NONE);
	}

	/** The options by their user-facing names, for the model file. */
	public Map<String, Object> toMap() {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("augment_rotation", text(minRotation, maxRotation, 0));
		m.put("augment_x_reflection", xReflection);
		m.put("augment_y_reflection", yReflection);
		m.put("augment_translation", text(minTranslation, maxTranslation, 0));
		m.put("augment_scale", text(minScale, maxScale, 1));
		return m;
	}

	private static String text(final double min, final double max, final double none) {
		return min == none && max == none ? "" : String.format(Locale.ROOT, "%s,%s", number(
			min), number(max));
	}

	private static String number(final double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double
			.toString(v);
	}
}
