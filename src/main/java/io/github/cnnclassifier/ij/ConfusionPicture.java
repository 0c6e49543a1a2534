package io.github.cnnclassifier.ij;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import io.github.cnnclassifier.inspect.ConfusionMatrix;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * A confusion matrix as MATLAB's confusionchart draws it: counts in the
 * cells, correct ones blue and errors red, shaded by their share of the true
 * class; recall per true class at the right, precision per predicted class
 * below; long class names written upwards.
 */
public final class ConfusionPicture {

	private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
	private static final Font COUNT = new Font(Font.SANS_SERIF, Font.BOLD, 13);
	private static final int MARGIN = 20;

	private ConfusionPicture() {}

	/** The picture of {@code m}, titled {@code title}. */
	public static ImagePlus of(final ConfusionMatrix m, final String title) {
		final List<String> labels = m.labels();
		final int n = labels.size();
		final FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics()
			.getFontMetrics(TEXT);
		int widest = 0;
		for (final String l : labels) widest = Math.max(widest, fm.stringWidth(l));
		// NB: wide enough for a count and for the precision below it (100.0 %).
		final FontMetrics bold = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)
			.createGraphics().getFontMetrics(COUNT);
		final int cell = Math.max(bold.stringWidth("100.0 %") + 12, bold.stringWidth(Integer
			.toString(m.total())) + 14);
		final boolean upright = widest > cell - 6;
		final int colHead = upright ? widest + 8 : fm.getHeight() + 4;
		final int left = MARGIN + fm.getHeight() + 8 + Math.max(widest, fm.stringWidth(
			"Precision") + 4) + 8;
		final int top = MARGIN + 40;
		final int grid = n * cell;
		final int summary = cell;
		final int w = left + grid + 6 + summary + MARGIN;
		final int h = top + grid + 6 + cell + 6 + colHead + fm.getHeight() + MARGIN;
		final BufferedImage img = new BufferedImage(Math.max(w, fm.stringWidth(title) + 2 * MARGIN +
			60), h, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = img.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
			RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, img.getWidth(), h);
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
		g.drawString(title, MARGIN, MARGIN + 12);
		g.setFont(TEXT);
		g.drawString(String.format(Locale.ROOT, "Accuracy %.1f %% (%d of %d images)", 100 * m
			.accuracy(), m.correct(), m.total()), MARGIN, MARGIN + 30);
		for (int t = 0; t < n; t++) {
			final int support = m.support(t);
			for (int p = 0; p < n; p++) {
				final int count = m.counts()[t][p];
				final double share = support == 0 ? 0 : (double) count / support;
				final Color c = count == 0 ? Color.WHITE : shade(t == p ? new Color(0, 114, 189)
					: new Color(217, 83, 25), share);
				cellAt(g, left + p * cell, top + t * cell, cell, cell, c, count == 0 ? "" : Integer
					.toString(count), share > 0.5);
			}
			g.setColor(Color.BLACK);
			g.setFont(TEXT);
			g.drawString(labels.get(t), left - 8 - fm.stringWidth(labels.get(t)), top + t * cell +
				cell / 2 + fm.getAscent() / 2 - 1);
			cellAt(g, left + grid + 6, top + t * cell, summary, cell, new Color(240, 240, 240),
				percent(m.recall(t)), false);
		}
		for (int p = 0; p < n; p++) {
			cellAt(g, left + p * cell, top + grid + 6, cell, cell, new Color(240, 240, 240), percent(m
				.precision(p)), false);
			g.setColor(Color.BLACK);
			g.setFont(TEXT);
			final String l = labels.get(p);
			final int y = top + grid + 6 + cell + 6;
			if (upright) {
				final AffineTransform saved = g.getTransform();
				g.translate(left + p * cell + cell / 2 + fm.getAscent() / 2 - 1, y + fm.stringWidth(l));
				g.rotate(-Math.PI / 2);
				g.drawString(l, 0, 0);
				g.setTransform(saved);
			}
			else g.drawString(l, left + p * cell + (cell - fm.stringWidth(l)) / 2, y + fm
				.getAscent());
		}
		g.setColor(Color.DARK_GRAY);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
		final String predicted = "Predicted class";
		g.drawString(predicted, left + (grid - g.getFontMetrics().stringWidth(predicted)) / 2, h -
			MARGIN);
		g.drawString("Recall", left + grid + 6 + (summary - g.getFontMetrics().stringWidth(
			"Recall")) / 2, top - 6);
		g.drawString("Precision", left - 8 - g.getFontMetrics().stringWidth("Precision"), top +
			grid + 6 + cell / 2 + 5);
		final AffineTransform saved = g.getTransform();
		final String truth = "True class";
		g.translate(MARGIN + fm.getAscent(), top + (grid + g.getFontMetrics().stringWidth(truth)) /
			2);
		g.rotate(-Math.PI / 2);
		g.drawString(truth, 0, 0);
		g.setTransform(saved);
		g.dispose();
		return Pictures.mark(new ImagePlus(title, new ColorProcessor(img)), "a confusion matrix");
	}

	private static void cellAt(final Graphics2D g, final int x, final int y, final int w,
		final int h, final Color fill, final String text, final boolean dark)
	{
		g.setColor(fill);
		g.fillRect(x, y, w, h);
		g.setColor(new Color(200, 200, 200));
		g.drawRect(x, y, w, h);
		g.setColor(dark ? Color.WHITE : Color.BLACK);
		g.setFont(COUNT);
		final FontMetrics fm = g.getFontMetrics();
		g.drawString(text, x + (w - fm.stringWidth(text)) / 2, y + h / 2 + fm.getAscent() / 2 - 1);
	}

	/** {@code base} mixed with white: 0 is white, 1 is {@code base}. */
	private static Color shade(final Color base, final double share) {
		final double s = 0.12 + 0.88 * share;
		return new Color((int) Math.round(255 - s * (255 - base.getRed())), (int) Math.round(255 -
			s * (255 - base.getGreen())), (int) Math.round(255 - s * (255 - base.getBlue())));
	}

	private static String percent(final double v) {
		return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * v);
	}
}
