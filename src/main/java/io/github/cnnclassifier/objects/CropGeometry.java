package io.github.cnnclassifier.objects;

import io.github.cnnclassifier.model.CropInfo;

import java.awt.Rectangle;
import java.util.List;

/**
 * How an object is cut out, the same for training and classification.
 *
 * @param crop side in pixels of a square around the object's centroid; 0: the
 *          object's bounding box made square, plus {@code padding}
 * @param padding pixels added on every side of the bounding box when {@code crop} is 0
 * @param maskOutside whether pixels outside the object become the crop's background
 */
public record CropGeometry(int crop, int padding, boolean maskOutside) {

	/** The value of crop or padding that takes the model's. */
	public static final int FROM_MODEL = -1;

	/** The value of mask_outside that takes the model's. */
	public static final String FROM_MODEL_TEXT = "model";

	public CropGeometry {
		if (crop < 0) {
			throw new IllegalArgumentException("crop=" + crop + " is negative: give a side in " +
				"pixels, or 0 for the object's bounding box");
		}
		if (padding < 0) {
			throw new IllegalArgumentException("padding=" + padding + " is negative: give 0 or " +
				"more pixels");
		}
		if (crop > CropInfo.MAX_SIDE || padding > CropInfo.MAX_SIDE) {
			throw new IllegalArgumentException("crop=" + crop + ", padding=" + padding +
				": at most " + CropInfo.MAX_SIDE + " pixels each");
		}
	}

	/** The square cut out for {@code o}, in image coordinates (it may reach outside the image). */
	public Rectangle square(final ImageObject o) {
		if (crop > 0) {
			// NB: the crop's centre lies on the centroid, to the nearest pixel edge.
			final int x0 = (int) Math.floor(o.x() - crop / 2.0 + 0.5);
			final int y0 = (int) Math.floor(o.y() - crop / 2.0 + 0.5);
			return new Rectangle(x0, y0, crop, crop);
		}
		final Rectangle b = o.bounds();
		final int side = Math.max(b.width, b.height) + 2 * padding;
		return new Rectangle(b.x - (side - b.width) / 2, b.y - (side - b.height) / 2, side,
			side);
	}

	/** The record of this geometry, with the objects' source. */
	public CropInfo info(final String source) {
		return new CropInfo(crop, padding, maskOutside, List.of(source));
	}

	/** The geometry {@code info} records. */
	public static CropGeometry of(final CropInfo info) {
		return new CropGeometry(info.crop(), info.padding(), info.maskOutside());
	}

	/** A geometry and, for the log, where each of its values came from. */
	public record Chosen(CropGeometry geometry, String origin) {}

	/**
	 * The geometry to classify with: each value given (crop or padding 0 or
	 * more, mask_outside "true" or "false") overrides the model's; a value not
	 * given ({@link #FROM_MODEL}, {@link #FROM_MODEL_TEXT}) is the model's, or
	 * the default without one.
	 */
	public static Chosen choose(final int crop, final int padding, final String maskOutside,
		final CropInfo model)
	{
		if (!List.of(FROM_MODEL_TEXT, "true", "false").contains(maskOutside)) {
			throw new IllegalArgumentException("mask_outside=" + maskOutside + ": give true, " +
				"false, or " + FROM_MODEL_TEXT + " for the model's");
		}
		final boolean givenCrop = crop != FROM_MODEL, givenPadding = padding != FROM_MODEL,
			givenMask = !FROM_MODEL_TEXT.equals(maskOutside);
		final CropGeometry g = new CropGeometry(givenCrop ? crop : model != null ? model.crop()
			: 0, givenPadding ? padding : model != null ? model.padding() : 2, givenMask ? Boolean
				.parseBoolean(maskOutside) : model != null && model.maskOutside());
		final String fromModel = model == null ? "the default: the model records no crop " +
			"geometry" : "the model's";
		String origin = "crop=" + g.crop + " (" + (givenCrop ? "given" : fromModel) +
			"), padding=" + g.padding + " (" + (givenPadding ? "given" : fromModel) +
			"), mask_outside=" + g.maskOutside + " (" + (givenMask ? "given" : fromModel) + ")";
		if (model != null && !g.equals(of(model))) {
			origin += "; NB: the model was trained on crops cut with " + model.geometry();
		}
		return new Chosen(g, origin);
	}
}
