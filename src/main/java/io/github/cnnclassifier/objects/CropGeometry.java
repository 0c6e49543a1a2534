package io.github.cnnclassifier.objects;

import java.awt.Rectangle;

/**
 * How an object is cut out, the same for training and classification.
 *
 * @param crop side in pixels of a square around the object's centroid; 0: the
 *          object's bounding box made square, plus {@code padding}
 * @param padding pixels added on every side of the bounding box when {@code crop} is 0
 * @param maskOutside whether pixels outside the object become the crop's background
 */
public record CropGeometry(int crop, int padding, boolean maskOutside) {

	public CropGeometry {
		if (crop < 0) {
			throw new IllegalArgumentException("crop=" + crop + " is negative: give a side in " +
				"pixels, or 0 for the object's bounding box");
		}
		if (padding < 0) {
			throw new IllegalArgumentException("padding=" + padding + " is negative: give 0 or " +
				"more pixels");
		}
		if (crop > 4096 || padding > 4096) {
			throw new IllegalArgumentException("crop=" + crop + ", padding=" + padding +
				": at most 4096 pixels each");
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

	/** For the log and the JSON beside exported crops. */
	public String json() {
		return "{\"crop\": " + crop + ", \"padding\": " + padding + ", \"mask_outside\": " +
			maskOutside + "}";
	}
}
