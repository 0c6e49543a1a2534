package io.github.cnnclassifier.objects;

import ij.gui.Roi;

import java.awt.Rectangle;

/**
 * One object of an image: its pixels (a mask over its bounding box, clipped
 * to the image), the stack index of the plane it lies on, and, for an object
 * that came from a ROI, that ROI.
 *
 * @param name the ROI's name, or the label value
 * @param slice 1-based stack index of the object's (first channel's) plane
 * @param bounds the bounding box of its pixels, inside the image
 * @param mask one flag per pixel of {@code bounds}, row after row
 * @param area pixels in the mask
 * @param x centroid x in pixels (pixel centres at +0.5, as ImageJ measures)
 * @param y centroid y in pixels
 * @param roi the ROI it came from, or null for a label
 */
public record ImageObject(String name, int slice, Rectangle bounds, boolean[] mask, int area,
	double x, double y, Roi roi)
{

	/** Whether pixel (px, py) of the image belongs to the object. */
	public boolean contains(final int px, final int py) {
		final int dx = px - bounds.x;
		final int dy = py - bounds.y;
		return dx >= 0 && dy >= 0 && dx < bounds.width && dy < bounds.height &&
			mask[dy * bounds.width + dx];
	}

	/**
	 * Builds an object from a mask over {@code box} (which may reach outside a
	 * {@code width} x {@code height} image): the pixels outside are dropped.
	 *
	 * @return the object, or null when fewer than 2 of its pixels lie in the image
	 */
	static ImageObject of(final String name, final int slice, final Rectangle box,
		final boolean[] inBox, final int width, final int height, final Roi roi)
	{
		int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1, area = 0;
		double sx = 0, sy = 0;
		for (int y = 0; y < box.height; y++) {
			final int iy = box.y + y;
			if (iy < 0 || iy >= height) continue;
			for (int x = 0; x < box.width; x++) {
				final int ix = box.x + x;
				if (ix < 0 || ix >= width || !inBox[y * box.width + x]) continue;
				area++;
				sx += ix;
				sy += iy;
				minX = Math.min(minX, ix);
				maxX = Math.max(maxX, ix);
				minY = Math.min(minY, iy);
				maxY = Math.max(maxY, iy);
			}
		}
		if (area < 2) return null;
		final Rectangle bounds = new Rectangle(minX, minY, maxX - minX + 1, maxY - minY + 1);
		final boolean[] mask = new boolean[bounds.width * bounds.height];
		for (int y = 0; y < bounds.height; y++) {
			for (int x = 0; x < bounds.width; x++) {
				final int bx = bounds.x + x - box.x;
				final int by = bounds.y + y - box.y;
				mask[y * bounds.width + x] = inBox[by * box.width + bx];
			}
		}
		return new ImageObject(name, slice, bounds, mask, area, sx / area + 0.5, sy / area +
			0.5, roi);
	}
}
