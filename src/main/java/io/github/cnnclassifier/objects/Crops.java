package io.github.cnnclassifier.objects;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;

import java.awt.Rectangle;
import java.util.HashMap;
import java.util.Map;

/**
 * Cuts objects out of one image: a square of the {@link CropGeometry}, with
 * the image's bit depth and the planes a model needs (one plane, or all
 * channels of the object's (z, t) position). Pixels outside the image repeat
 * the nearest edge pixel, so border objects are kept.
 * NB: reads each plane's processor once (getProcessor on a big stack scans
 * the plane for its range); not thread-safe.
 */
public final class Crops {

	private final ImagePlus image;
	private final CropGeometry geometry;
	private final int channels;
	private final Map<Integer, ImageProcessor> planes = new HashMap<>();

	/**
	 * @param allChannels whether a crop holds every channel of a multi-channel
	 *          image (for a model of that many channels), else only the object's plane
	 */
	public Crops(final ImagePlus image, final CropGeometry geometry, final boolean allChannels) {
		this.image = image;
		this.geometry = geometry;
		this.channels = allChannels ? Math.max(1, image.getNChannels()) : 1;
	}

	/** The crop of {@code o} as an image titled {@code <image title>-<object name>}. */
	public ImagePlus crop(final ImageObject o) {
		final Rectangle sq = geometry.square(o);
		final ImageStack out = new ImageStack(sq.width, sq.height);
		for (int c = 0; c < channels; c++) {
			out.addSlice(cut(plane(o.slice() + c), o, sq));
		}
		final ImagePlus crop = new ImagePlus(title(o), out);
		if (channels > 1) crop.setDimensions(channels, 1, 1);
		crop.setCalibration(image.getCalibration().copy());
		return crop;
	}

	/** The crop's title and file name stem: the image's title without extension, a dash, the object. */
	public String title(final ImageObject o) {
		String t = image.getTitle();
		final int dot = t.lastIndexOf('.');
		if (dot > 0) t = t.substring(0, dot);
		return t + "-" + o.name();
	}

	private ImageProcessor plane(final int n) {
		return planes.computeIfAbsent(n, k -> image.getStack().getProcessor(k));
	}

	private ImageProcessor cut(final ImageProcessor ip, final ImageObject o, final Rectangle sq) {
		final ImageProcessor out = ip.createProcessor(sq.width, sq.height);
		final int w = ip.getWidth();
		final int h = ip.getHeight();
		// NB: get/set carry the raw value of every type (a float's bits, a packed RGB).
		for (int y = 0; y < sq.height; y++) {
			final int iy = Math.min(h - 1, Math.max(0, sq.y + y));
			for (int x = 0; x < sq.width; x++) {
				out.set(x, y, ip.get(Math.min(w - 1, Math.max(0, sq.x + x)), iy));
			}
		}
		if (geometry.maskOutside()) maskOutside(out, o, sq);
		out.resetMinAndMax();
		return out;
	}

	/** Sets the pixels outside the object to the mean of those pixels (per colour for RGB). */
	private static void maskOutside(final ImageProcessor out, final ImageObject o,
		final Rectangle sq)
	{
		final int components = out.getNChannels();
		final double[] sum = new double[components];
		int n = 0;
		final int[] rgb = new int[3];
		for (int y = 0; y < sq.height; y++) {
			for (int x = 0; x < sq.width; x++) {
				if (o.contains(sq.x + x, sq.y + y)) continue;
				n++;
				if (components == 3) {
					out.getPixel(x, y, rgb);
					for (int k = 0; k < 3; k++) sum[k] += rgb[k];
				}
				else sum[0] += out.getf(x, y);
			}
		}
		if (n == 0) return;
		for (int y = 0; y < sq.height; y++) {
			for (int x = 0; x < sq.width; x++) {
				if (o.contains(sq.x + x, sq.y + y)) continue;
				if (components == 3) {
					for (int k = 0; k < 3; k++) rgb[k] = (int) Math.round(sum[k] / n);
					out.putPixel(x, y, rgb);
				}
				else out.setf(x, y, (float) (sum[0] / n));
			}
		}
	}
}
