package io.github.cnnclassifier.objects;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.measure.Measurements;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.ImageStatistics;
import io.github.cnnclassifier.predict.Prediction;

import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the classes into ROIs: each ROI's group is 1 + its class index (the
 * groups named after the classes, unsure_label last), its colour the class's and its
 * {@code class} property the label; a label image's objects become ROIs first.
 */
public final class ClassifiedRois {

	/** The key of the property that holds a ROI's class. */
	public static final String CLASS = "class";

	private static final Color[] COLOURS = { new Color(230, 25, 75), new Color(60, 180, 75),
		new Color(0, 130, 200), new Color(245, 130, 48), new Color(145, 30, 180), new Color(70,
			240, 240), new Color(240, 50, 230), new Color(210, 245, 60), new Color(250, 190,
				212), new Color(0, 128, 128), new Color(220, 190, 255), new Color(170, 110, 40) };

	static {
		quietGroupColours();
	}

	private ClassifiedRois() {}

	/**
	 * NB: {@link Roi#setGroup} colours a ROI from luts/glasbey.lut, which only
	 * Fiji has; without it ImageJ prints "LUT not found" for every ROI (onto
	 * standard output, where headless results go). Our palette stands in.
	 */
	private static void quietGroupColours() {
		final String luts = ij.IJ.getDir("luts");
		if (luts != null && (new java.io.File(luts, "glasbey.lut").isFile() || new java.io.File(
			luts, "Glasbey.lut").isFile())) return;
		final byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int i = 0; i < 256; i++) {
			final Color c = COLOURS[(i + COLOURS.length - 1) % COLOURS.length];
			r[i] = (byte) c.getRed();
			g[i] = (byte) c.getGreen();
			b[i] = (byte) c.getBlue();
		}
		try {
			final java.lang.reflect.Field f = Roi.class.getDeclaredField("glasbeyLut");
			f.setAccessible(true);
			if (f.get(null) == null) f.set(null, new ij.process.LUT(r, g, b));
		}
		catch (final ReflectiveOperationException | RuntimeException e) {
			// NB: another ImageJ version: the messages stay, nothing else changes.
		}
	}

	/** The colour of class {@code k} (a fixed palette, repeated beyond 12 classes). */
	public static Color colour(final int k) {
		return COLOURS[k % COLOURS.length];
	}

	/** One ROI per object, carrying its class. */
	public static List<Roi> of(final ObjectClassification c, final ImagePlus image) {
		final List<String> labels = c.classes();
		// NB: group names are global in ImageJ; they are what the ROI Manager shows.
		if (!labels.isEmpty()) Roi.setGroupNames(String.join(",", labels));
		final List<Roi> rois = new ArrayList<>();
		for (int i = 0; i < c.objects().size(); i++) {
			final ImageObject o = c.objects().get(i);
			final Prediction p = c.predictions().get(i);
			final Roi roi = o.roi() != null ? (Roi) o.roi().clone() : outline(o);
			roi.setName(o.name());
			roi.setProperty(CLASS, p.label());
			// NB: an unsure object's class is the last of the classes.
			final int k = p.unsure() ? labels.size() - 1 : p.classIndex();
			roi.setGroup(Math.min(255, k + 1));
			roi.setStrokeColor(colour(k));
			if (image.getStackSize() > 1 && o.roi() == null) roi.setPosition(o.slice());
			rois.add(roi);
		}
		return rois;
	}

	/** The outline of a label image's object. */
	private static Roi outline(final ImageObject o) {
		final ByteProcessor mask = new ByteProcessor(o.bounds().width, o.bounds().height);
		for (int i = 0; i < o.mask().length; i++) if (o.mask()[i]) mask.set(i, 255);
		mask.setThreshold(255, 255, ByteProcessor.NO_LUT_UPDATE);
		final Roi roi = new ThresholdToSelection().convert(mask);
		roi.setLocation(o.bounds().x, o.bounds().y);
		return roi;
	}

	/** Draws {@code rois} as the image's overlay, with a legend of the classes' colours beside them. */
	public static void overlay(final ImagePlus image, final List<Roi> rois,
		final List<String> labels)
	{
		final Overlay overlay = new Overlay();
		for (final Roi roi : rois) overlay.add(roi);
		for (final Roi entry : legend(image, labels, rois)) overlay.add(entry);
		image.setOverlay(overlay);
	}

	/**
	 * The legend of the classes' colours where it hides the least
	 * ({@link #place}): each label in its colour on a dark band, so that it
	 * reads over bright and dark images alike; every part named "legend ...".
	 *
	 * @param objects the ROIs drawn beside it, which it should not cover; may be empty
	 */
	public static List<Roi> legend(final ImagePlus image, final List<String> labels,
		final List<Roi> objects)
	{
		final int size = Math.max(10, Math.min(image.getWidth(), image.getHeight()) / 30);
		final Font font = new Font("SansSerif", Font.BOLD, size);
		// NB: measured on an image's graphics, which headless Java has too.
		final java.awt.FontMetrics metrics = new java.awt.image.BufferedImage(1, 1,
			java.awt.image.BufferedImage.TYPE_INT_RGB).getGraphics().getFontMetrics(font);
		final int line = metrics.getHeight(), gap = metrics.stringWidth("  ");
		int widest = 0, row = 0;
		for (final String label : labels) {
			widest = Math.max(widest, metrics.stringWidth(label));
			row += metrics.stringWidth(label);
		}
		row += gap * Math.max(0, labels.size() - 1);
		final Rectangle column = new Rectangle(widest + 8, labels.size() * line + 4);
		final Rectangle box = place(image, List.of(column, new Rectangle(row + 8, line + 4)),
			objects);
		final boolean across = !box.getSize().equals(column.getSize());
		final Roi band = new Roi(box);
		band.setFillColor(new Color(0, 0, 0, 160));
		band.setName("legend background");
		final List<Roi> legend = new ArrayList<>(List.of(band));
		int x = box.x + 4, y = box.y + 2;
		for (int k = 0; k < labels.size(); k++) {
			final TextRoi entry = new TextRoi(x, y, labels.get(k), font);
			entry.setStrokeColor(colour(k));
			entry.setName("legend " + labels.get(k));
			legend.add(entry);
			if (across) x += metrics.stringWidth(labels.get(k)) + gap;
			else y += line;
		}
		return legend;
	}

	/**
	 * Where a legend of one of the {@code shapes} (a column, a row) hides the
	 * least: in a corner that covers none of {@code objects} (their bounds) if
	 * one does, and there where it covers the least of the picture (the sum of
	 * how far its pixels lie from the image's median: objects without ROIs
	 * too, as under a class map). Each shape is tried top left, top right,
	 * bottom left, bottom right; the first is kept when they tie.
	 */
	static Rectangle place(final ImagePlus image, final List<Rectangle> shapes,
		final List<Roi> objects)
	{
		final ImageProcessor ip = image.getProcessor();
		final double background = ImageStatistics.getStatistics(ip, Measurements.MEDIAN, null)
			.median;
		final int w = image.getWidth(), h = image.getHeight();
		Rectangle best = null;
		boolean bestCovers = true;
		double bestInk = Double.MAX_VALUE;
		for (final Rectangle shape : shapes) {
			final int right = Math.max(0, w - shape.width), bottom = Math.max(0, h - shape.height);
			for (final int[] at : new int[][] { { 0, 0 }, { right, 0 }, { 0, bottom }, { right,
				bottom } })
			{
				final Rectangle box = new Rectangle(at[0], at[1], shape.width, shape.height);
				final boolean covers = objects.stream().anyMatch(roi -> roi.getBounds().intersects(
					box));
				if (covers && !bestCovers) continue;
				final double ink = ink(ip, box.intersection(new Rectangle(w, h)), background);
				if (best == null || bestCovers && !covers || ink < bestInk) {
					best = box;
					bestCovers = covers;
					bestInk = ink;
				}
			}
		}
		return best;
	}

	/** The sum of how far the values in {@code box} lie from {@code background}. */
	private static double ink(final ImageProcessor ip, final Rectangle box,
		final double background)
	{
		double sum = 0;
		for (int y = box.y; y < box.y + box.height; y++) {
			for (int x = box.x; x < box.x + box.width; x++) {
				sum += Math.abs(ip.getPixelValue(x, y) - background);
			}
		}
		return sum;
	}
}
