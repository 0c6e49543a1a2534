package io.github.cnnclassifier.ij;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import io.github.cnnclassifier.inspect.Reliability;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * A reliability diagram (Guo et al. 2017): per bin of top-class confidence a
 * bar of the accuracy there, against the diagonal a calibrated model
 * follows, the gap to the bin's mean confidence in red, the images per bin
 * above the bars, and the expected calibration error in the title.
 */
public final class ReliabilityPicture {

	private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
	private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
	private static final Font BOLD = new Font(Font.SANS_SERIF, Font.BOLD, 13);
	private static final Color BAR = new Color(0, 114, 189), GAP_FILL = new Color(217, 83, 25,
		120), GAP_EDGE = new Color(200, 40, 20);
	private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
		BasicStroke.JOIN_MITER, 10, new float[] { 6, 4 }, 0);
	private static final int MARGIN = 20, PLOT = 480, LEFT = MARGIN + 60, TOP = MARGIN + 64;

	private ReliabilityPicture() {}

	/** The diagram of {@code r}, titled {@code title} followed by the ECE. */
	public static ImagePlus of(final Reliability r, final String title) {
		final String heading = String.format(Locale.ROOT, "%s: ECE %.4f", title, r.ece());
		final FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics()
			.getFontMetrics(new Font(Font.SANS_SERIF, Font.BOLD, 15));
		final int w = Math.max(LEFT + PLOT + 190, fm.stringWidth(heading) + 2 * MARGIN);
		final int h = TOP + PLOT + 60 + MARGIN;
		final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = img.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
			RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, w, h);
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
		g.drawString(heading, MARGIN, MARGIN + 12);
		g.setFont(TEXT);
		g.drawString(String.format(Locale.ROOT, "%d images in %d bins of top-class confidence; " +
			"the number above a bar is its images", r.images(), Reliability.BINS), MARGIN, MARGIN +
				32);
		final int bottom = TOP + PLOT;
		final double bin = (double) PLOT / Reliability.BINS;
		// NB: grid and ticks first, so the bars and the diagonal lie on top.
		g.setFont(SMALL);
		for (int t = 0; t <= 5; t++) {
			final int x = LEFT + PLOT * t / 5, y = bottom - PLOT * t / 5;
			g.setColor(new Color(232, 232, 232));
			g.drawLine(LEFT, y, LEFT + PLOT, y);
			g.setColor(Color.BLACK);
			final String v = String.format(Locale.ROOT, "%.1f", t / 5.0);
			g.drawString(v, x - g.getFontMetrics().stringWidth(v) / 2, bottom + 16);
			g.drawString(v, LEFT - 8 - g.getFontMetrics().stringWidth(v), y + 4);
		}
		for (int b = 0; b < Reliability.BINS; b++) {
			if (r.count()[b] == 0) continue;
			final int x0 = LEFT + (int) Math.round(b * bin), x1 = LEFT + (int) Math.round((b + 1) *
				bin);
			final int top = bottom - (int) Math.round(r.accuracy()[b] * PLOT);
			final int expected = bottom - (int) Math.round(r.confidence()[b] * PLOT);
			g.setColor(BAR);
			g.fillRect(x0 + 1, top, x1 - x0 - 2, bottom - top);
			gap(g, x0 + 1, Math.min(top, expected), x1 - x0 - 2, Math.abs(top - expected));
		}
		g.setColor(Color.DARK_GRAY);
		g.setStroke(DASHED);
		g.drawLine(LEFT, bottom, LEFT + PLOT, TOP);
		// NB: counts last, on white, so that neither the diagonal nor a bar hides them.
		g.setFont(SMALL);
		final FontMetrics small = g.getFontMetrics();
		for (int b = 0; b < Reliability.BINS; b++) {
			if (r.count()[b] == 0) continue;
			final int x0 = LEFT + (int) Math.round(b * bin), x1 = LEFT + (int) Math.round((b + 1) *
				bin);
			final int above = bottom - (int) Math.round(Math.max(r.accuracy()[b], r.confidence()[b]) *
				PLOT) - 4;
			final String count = Integer.toString(r.count()[b]);
			final int cw = small.stringWidth(count);
			final AffineTransform saved = g.getTransform();
			if (cw <= x1 - x0) g.translate((x0 + x1 - cw) / 2, above);
			else {
				// NB: a count wider than its bar is written upwards.
				g.translate((x0 + x1 + small.getAscent()) / 2 - 1, above);
				g.rotate(-Math.PI / 2);
			}
			g.setColor(Color.WHITE);
			g.fillRect(-1, -small.getAscent(), cw + 2, small.getAscent() + 1);
			g.setColor(Color.BLACK);
			g.drawString(count, 0, 0);
			g.setTransform(saved);
		}
		g.setStroke(new BasicStroke(1));
		g.setColor(Color.BLACK);
		g.drawRect(LEFT, TOP, PLOT, PLOT);
		g.setFont(BOLD);
		final String x = "Confidence of the predicted class";
		g.drawString(x, LEFT + (PLOT - g.getFontMetrics().stringWidth(x)) / 2, bottom + 40);
		final AffineTransform saved = g.getTransform();
		g.translate(MARGIN + 14, TOP + (PLOT + g.getFontMetrics().stringWidth("Accuracy")) / 2);
		g.rotate(-Math.PI / 2);
		g.drawString("Accuracy", 0, 0);
		g.setTransform(saved);
		legend(g, LEFT + PLOT + 16, TOP + 10);
		g.dispose();
		return Pictures.mark(new ImagePlus(title, new ColorProcessor(img)), "a reliability diagram");
	}

	/** The gap between a bin's accuracy and its mean confidence: red, outlined, over a bar or not. */
	private static void gap(final Graphics2D g, final int x, final int y, final int w,
		final int h)
	{
		if (h == 0) return;
		g.setColor(GAP_FILL);
		g.fillRect(x, y, w, h);
		g.setColor(GAP_EDGE);
		g.drawRect(x, y, w - 1, h);
	}

	private static void legend(final Graphics2D g, final int x, final int y) {
		g.setFont(TEXT);
		g.setColor(BAR);
		g.fillRect(x, y, 14, 14);
		gap(g, x, y + 26, 14, 14);
		g.setColor(Color.DARK_GRAY);
		g.setStroke(DASHED);
		g.drawLine(x, y + 75, x + 14, y + 75);
		g.setStroke(new BasicStroke(1));
		g.setColor(Color.BLACK);
		g.drawString("accuracy", x + 20, y + 12);
		g.drawString("gap to the mean", x + 20, y + 38);
		g.drawString("confidence", x + 20, y + 38 + 15);
		g.drawString("calibrated", x + 20, y + 80);
	}
}
