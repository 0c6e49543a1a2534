package io.github.cnnclassifier.ij;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import io.github.cnnclassifier.inspect.Saliency;
import io.github.cnnclassifier.tensor.ImageSamples;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/** Saliency heat maps as ImageJ images: a stack, an overlay on the image, a picture. */
public final class SaliencyImages {

	/** How much of the heat map shows over the image. */
	private static final float OPACITY = 0.5f;

	private SaliencyImages() {}

	/**
	 * A 32-bit stack with the heat map of each sample, the size of the image
	 * (resized bilinearly from the network's input), slice labels such as
	 * "grad-cam: 7 (98 %)" (class and confidence), shown with Fire
	 * (blue-white-red where negative).
	 */
	public static ImagePlus stack(final Saliency s, final ImagePlus image,
		final List<String> labels)
	{
		final ImageStack stack = new ImageStack(image.getWidth(), image.getHeight());
		for (int i = 0; i < s.samples(); i++) {
			stack.addSlice(label(s, i, labels), heat(s, i, image.getWidth(), image.getHeight()));
		}
		final ImagePlus imp = new ImagePlus(s.method() + " of " + image.getTitle(), stack);
		final double[] range = range(imp);
		return Pictures.mark(Luts.withLut(imp, Luts.forRange(range[0], Luts.fire()), range),
			"the " + s.method() + " saliency of " + image.getTitle());
	}

	/**
	 * The heat maps over {@code image}, one per plane (every channel plane of
	 * a sample gets its sample's map), in Fire at half opacity. NB: evidence
	 * against the class (negative occlusion values) shows as none, so the
	 * image stays visible where the map is empty.
	 */
	public static Overlay overlay(final ImagePlus heat, final ImagePlus image,
		final ImageSamples samples)
	{
		final Overlay overlay = new Overlay();
		final double[] range = evidence(heat);
		for (int i = 0; i < samples.count(); i++) {
			final ImageRoi roi = new ImageRoi(0, 0, colour(heat.getStack().getProcessor(i + 1),
				range));
			roi.setOpacity(OPACITY);
			roi.setName(heat.getStack().getSliceLabel(i + 1));
			for (final int plane : samples.planes(i)) {
				final ImageRoi r = (ImageRoi) roi.clone();
				if (image.isHyperStack()) {
					final int[] czt = image.convertIndexToPosition(plane);
					r.setPosition(samples.planes(i).length > 1 ? 0 : czt[0], czt[1], czt[2]);
				}
				else r.setPosition(plane);
				overlay.add(r);
			}
		}
		return overlay;
	}

	/**
	 * A picture of sample {@code i}: the image in grey with its heat map over
	 * it, scaled so that its shorter side is at least 256 pixels, the class
	 * and method as title, and a colour bar.
	 */
	public static ColorProcessor picture(final ImagePlus heat, final ImagePlus image,
		final ImageSamples samples, final int i)
	{
		final int plane = samples.planes(i)[0];
		final ImageProcessor ip = image.getStack().getProcessor(plane).duplicate();
		ip.resetMinAndMax();
		if (image.getStackSize() > 1 && image.getDisplayRangeMax() > image.getDisplayRangeMin()) {
			ip.setMinAndMax(image.getDisplayRangeMin(), image.getDisplayRangeMax());
		}
		final double[] range = evidence(heat);
		final int scale = Math.max(1, (int) Math.ceil(256.0 / Math.min(ip.getWidth(), ip
			.getHeight())));
		final int w = ip.getWidth() * scale, h = ip.getHeight() * scale;
		final int margin = 16, top = 44, bar = 18;
		final BufferedImage img = new BufferedImage(margin * 3 + w + bar + 60, top + h + margin,
			BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = img.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
			RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, img.getWidth(), img.getHeight());
		g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
			RenderingHints.VALUE_INTERPOLATION_BILINEAR);
		g.drawImage(ip.convertToByteProcessor(true).createImage(), margin, top, w, h, null);
		g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, OPACITY));
		g.drawImage(colour(heat.getStack().getProcessor(i + 1), range).createImage(), margin, top,
			w, h, null);
		g.setComposite(AlphaComposite.SrcOver);
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
		g.drawString(heat.getStack().getSliceLabel(i + 1), margin, 26);
		final LUT lut = Luts.fire();
		final int bx = margin * 2 + w;
		for (int y = 0; y < h; y++) {
			g.setColor(Luts.color(lut, range[1] - (range[1] - range[0]) * y / (h - 1.0), range[0],
				range[1]));
			g.fillRect(bx, top + y, bar, 1);
		}
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		g.drawString(Montage.number(range[1]), bx + bar + 4, top + 10);
		g.drawString(Montage.number(range[0]), bx + bar + 4, top + h);
		g.dispose();
		return new ColorProcessor(img);
	}

	private static FloatProcessor heat(final Saliency s, final int i, final int width,
		final int height)
	{
		final FloatProcessor fp = new FloatProcessor(s.width(), s.height(), s.map(i));
		if (s.width() == width && s.height() == height) return fp;
		fp.setInterpolationMethod(ImageProcessor.BILINEAR);
		return (FloatProcessor) fp.resize(width, height);
	}

	private static String label(final Saliency s, final int i, final List<String> labels) {
		// NB: no decimal point: ImageJ cuts a slice label it shows at the first dot.
		return String.format(Locale.ROOT, "%s: %s (%.0f %%)", s.method(), labels.get(s
			.classes()[i]), 100 * s.confidences()[i]);
	}

	private static double[] range(final ImagePlus imp) {
		final ImageStack stack = imp.getStack();
		final float[] all = new float[stack.getSize() * imp.getWidth() * imp.getHeight()];
		final int n = imp.getWidth() * imp.getHeight();
		for (int i = 0; i < stack.getSize(); i++) {
			System.arraycopy((float[]) stack.getPixels(i + 1), 0, all, i * n, n);
		}
		return Luts.range(all);
	}

	/** The range of evidence for the class: 0 to the largest value. */
	private static double[] evidence(final ImagePlus heat) {
		return new double[] { 0, Math.max(heat.getDisplayRangeMax(), 1e-12) };
	}

	/** The heat map in Fire over {@code range}. */
	private static ColorProcessor colour(final ImageProcessor heat, final double[] range) {
		final LUT lut = Luts.fire();
		final ColorProcessor cp = new ColorProcessor(heat.getWidth(), heat.getHeight());
		for (int p = 0; p < heat.getPixelCount(); p++) {
			cp.set(p, Luts.color(lut, heat.getf(p), range[0], range[1]).getRGB());
		}
		return cp;
	}
}
