package io.github.cnnclassifier.objects;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ImageProcessor;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Finds the objects of an image in a label image or in ROIs. */
public final class Objects {

	private Objects() {}

	/**
	 * Every non-zero value of {@code labels} is one object, per plane for a
	 * stack. The labels have the image's width and height, and either one plane
	 * per plane of the image or one per (z, t) position of a multi-channel image.
	 *
	 * @throws IllegalArgumentException if the label image does not fit the image
	 */
	public static ObjectSet fromLabels(final ImagePlus labels, final ImagePlus image) {
		if (labels.getWidth() != image.getWidth() || labels.getHeight() != image.getHeight()) {
			throw new IllegalArgumentException("Label image \"" + labels.getTitle() + "\" is " +
				labels.getWidth() + "x" + labels.getHeight() + " pixels but image \"" + image
					.getTitle() + "\" is " + image.getWidth() + "x" + image.getHeight() +
				": give the label image of this image");
		}
		if (labels.getType() == ImagePlus.COLOR_RGB) {
			throw new IllegalArgumentException("Label image \"" + labels.getTitle() + "\" is " +
				"RGB: give an 8, 16 or 32-bit image with one integer per object");
		}
		final int planes = labels.getStackSize();
		final int channels = Math.max(1, image.getNChannels());
		final int step;
		if (planes == image.getStackSize()) step = 1;
		else if (planes * channels == image.getStackSize()) step = channels;
		else {
			throw new IllegalArgumentException("Label image \"" + labels.getTitle() + "\" has " +
				planes + " planes but image \"" + image.getTitle() + "\" has " + image
					.getStackSize() + ": give one label plane per plane (or per z/t position)");
		}
		final ImageStack stack = labels.getStack();
		final List<ImageObject> objects = new ArrayList<>();
		int skipped = 0;
		for (int p = 1; p <= planes; p++) {
			final ImageProcessor ip = stack.getProcessor(p);
			final int slice = (p - 1) * step + 1;
			final TreeMap<Integer, int[]> boxes = boxes(ip);
			for (final var e : boxes.entrySet()) {
				final int[] b = e.getValue();
				final Rectangle box = new Rectangle(b[0], b[1], b[2] - b[0] + 1, b[3] - b[1] + 1);
				final boolean[] mask = new boolean[box.width * box.height];
				for (int y = 0; y < box.height; y++) {
					for (int x = 0; x < box.width; x++) {
						mask[y * box.width + x] = label(ip, box.x + x, box.y + y) == e.getKey();
					}
				}
				final ImageObject o = ImageObject.of(String.valueOf(e.getKey()), slice, box, mask, ip
					.getWidth(), ip.getHeight(), null);
				if (o == null) skipped++;
				else objects.add(o);
			}
		}
		return new ObjectSet(objects, skipped);
	}

	/** Bounding box {minX, minY, maxX, maxY} of every non-zero label, in label order. */
	private static TreeMap<Integer, int[]> boxes(final ImageProcessor ip) {
		final TreeMap<Integer, int[]> boxes = new TreeMap<>();
		for (int y = 0; y < ip.getHeight(); y++) {
			for (int x = 0; x < ip.getWidth(); x++) {
				final int v = label(ip, x, y);
				if (v == 0) continue;
				int[] b = boxes.get(v);
				if (b == null) boxes.put(v, b = new int[] { x, y, x, y });
				b[0] = Math.min(b[0], x);
				b[2] = Math.max(b[2], x);
				b[3] = y;
			}
		}
		return boxes;
	}

	/** NB: getf, so that 32-bit labels are read as numbers, not bits; rounded. */
	private static int label(final ImageProcessor ip, final int x, final int y) {
		return Math.round(ip.getf(x, y));
	}

	/**
	 * One object per ROI, on the plane of the ROI's position (its (z, t)
	 * position in a hyperstack), or the first plane when it has none.
	 */
	public static ObjectSet fromRois(final Roi[] rois, final ImagePlus image) {
		final List<ImageObject> objects = new ArrayList<>();
		int skipped = 0;
		for (int i = 0; i < rois.length; i++) {
			final Roi roi = rois[i];
			final Rectangle box = roi.getBounds();
			final boolean[] mask = new boolean[Math.max(0, box.width * box.height)];
			final ImageProcessor m = roi.getMask();
			for (int y = 0; y < box.height; y++) {
				for (int x = 0; x < box.width; x++) {
					mask[y * box.width + x] = m == null || m.get(x, y) != 0;
				}
			}
			final String name = roi.getName() == null ? String.valueOf(i + 1) : roi.getName();
			final ImageObject o = ImageObject.of(name, slice(roi, image), box, mask, image
				.getWidth(), image.getHeight(), roi);
			if (o == null) skipped++;
			else objects.add(o);
		}
		return new ObjectSet(objects, skipped);
	}

	private static int slice(final Roi roi, final ImagePlus image) {
		if (roi.hasHyperStackPosition()) {
			return image.getStackIndex(1, Math.max(1, roi.getZPosition()), Math.max(1, roi
				.getTPosition()));
		}
		final int p = roi.getPosition();
		if (p < 1 || p > image.getStackSize()) return 1;
		// NB: a plain position in a multi-channel image: the first channel of its (z, t).
		final int c = Math.max(1, image.getNChannels());
		return (p - 1) / c * c + 1;
	}
}
