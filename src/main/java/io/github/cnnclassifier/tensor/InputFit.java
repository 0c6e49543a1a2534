package io.github.cnnclassifier.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether an image fits a model's input: the one rule by which training names
 * the images far from its input size and every command that classifies or
 * inspects an open image refuses a picture this plugin made and warns about an
 * image that does not look like the model's input.
 */
public final class InputFit {

	/**
	 * The image property (ImagePlus.setProp) that marks a picture this plugin
	 * made; its value says what it shows.
	 */
	public static final String PICTURE = "cnn-classifier.picture";

	private InputFit() {}

	/** Whether {@code size} is more than twice or less than half {@code target}. */
	public static boolean far(final int size, final int target) {
		return size > 2L * target || 2L * size < target;
	}

	/**
	 * @param picture the image's {@link #PICTURE} property, or null
	 * @throws IllegalArgumentException if the image is a picture this plugin made
	 */
	public static void requireNotPicture(final String title, final String picture) {
		if (picture == null || picture.isEmpty()) return;
		throw new IllegalArgumentException("Image \"" + title + "\" is a picture made by CNN " +
			"Classifier (" + picture + "), not an image to classify: select the image you mean " +
			"(click its window) and run the command again. To use this picture anyway, remove " +
			"its mark: Property.set(\"" + PICTURE + "\", \"\") in a macro.");
	}

	/**
	 * One line that warns when an image of {@code height} x {@code width}
	 * ({@code rgb}: in colour) does not look like the model's input: far from
	 * its size (see {@link #far}), or in colour for a grey model.
	 */
	public static Optional<String> warning(final String title, final int height,
		final int width, final boolean rgb, final InputShape shape)
	{
		final List<String> why = new ArrayList<>();
		if (far(height, shape.height()) || far(width, shape.width())) {
			why.add("it is far from that size (more than twice or less than half its height or " +
				"width) and is resized to it");
		}
		if (rgb && shape.channels() == 1) why.add("its colours become grey (luminance)");
		if (why.isEmpty()) return Optional.empty();
		return Optional.of("Image \"" + title + "\" (" + height + "x" + width + (rgb ? ", RGB"
			: "") + ") does not look like the model's input (" + shape.height() + "x" + shape
				.width() + (shape.channels() == 1 ? ", grey" : ", " + shape.channels() +
					" channels") + "): " + String.join(", and ", why) + "; its class may mean " +
			"little.");
	}
}
