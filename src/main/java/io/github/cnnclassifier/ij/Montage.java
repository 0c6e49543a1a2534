package io.github.cnnclassifier.ij;

import ij.process.ColorProcessor;
import ij.process.LUT;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A picture for a talk: a title, a grid of equally sized maps (each scaled
 * up by whole pixels, no smoothing, so every value stays a visible square),
 * shared colours from one lookup table and display range, labels, and a
 * colour bar with its numbers.
 */
final class Montage {

	/** The largest grid, in pixels, before tiles are made smaller. */
	private static final int MAX_SIDE = 1200;
	private static final int GAP = 6, MARGIN = 16;
	private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
	private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

	private final String title;
	private final String subtitle;
	private final int width, height;
	private final List<float[]> tiles = new ArrayList<>();
	private final List<String> labels = new ArrayList<>();
	private int columns;
	private List<String> rowHeads = List.of(), columnHeads = List.of();
	/** The side a map is scaled up to, where the montage has room. */
	private static final int TILE = 96;

	/** A montage of maps of {@code width} x {@code height} values each. */
	Montage(final String title, final String subtitle, final int width, final int height) {
		this.title = title;
		this.subtitle = subtitle;
		this.width = width;
		this.height = height;
	}

	/** Adds a map (width x height values, row after row) with the label shown under it. */
	Montage add(final float[] map, final String label) {
		tiles.add(map);
		labels.add(label);
		return this;
	}

	/** Lays the maps out in rows of {@code n}, with these headings (instead of tile labels). */
	Montage grid(final int n, final List<String> rows, final List<String> cols) {
		this.columns = n;
		this.rowHeads = rows;
		this.columnHeads = cols;
		return this;
	}

	/** The picture, coloured by {@code lut} over [min, max]; {@code unit} names the values on the colour bar. */
	ColorProcessor render(final LUT lut, final double min, final double max, final String unit) {
		final int n = tiles.size();
		final int cols = columns > 0 ? columns : columns(n);
		final int rows = (n + cols - 1) / cols;
		final int tile = Math.max(1, Math.min(TILE, Math.min(MAX_SIDE / cols - GAP,
			MAX_SIDE / rows - GAP)));
		final int scale = Math.max(1, tile / Math.max(width, height));
		final int tw = width * scale, th = height * scale;
		final BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
		final FontMetrics text = probe.createGraphics().getFontMetrics(TEXT);
		final boolean tileLabels = rowHeads.isEmpty() && labels.stream().allMatch(l -> text
			.stringWidth(l) <= tw + GAP);
		final int labelH = tileLabels ? text.getHeight() : 0;
		final int rowHeadW = rowHeads.stream().mapToInt(text::stringWidth).max().orElse(-GAP) +
			GAP;
		final int colHeadH = columnHeads.isEmpty() ? 0 : text.getHeight() + 2;
		final int gridW = cols * (tw + GAP) - GAP, gridH = rows * (th + GAP + labelH) - GAP;
		final int barH = Math.max(Math.min(gridH, 256), 96);
		final int top = MARGIN + 24 + (subtitle.isEmpty() ? 0 : 18) + colHeadH;
		final int barX = MARGIN + rowHeadW + gridW + 2 * MARGIN;
		final String[] barText = { number(max), number(min), unit };
		int barTextW = 0;
		for (final String s : barText) barTextW = Math.max(barTextW, text.stringWidth(s));
		final int w = Math.max(barX + 18 + 6 + barTextW + MARGIN, MARGIN * 2 + probe
			.createGraphics().getFontMetrics(TITLE).stringWidth(title));
		final int h = top + Math.max(gridH, barH + text.getHeight()) + MARGIN;
		final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = img.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
			RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, w, h);
		g.setColor(Color.BLACK);
		g.setFont(TITLE);
		g.drawString(title, MARGIN, MARGIN + 16);
		g.setFont(TEXT);
		if (!subtitle.isEmpty()) {
			g.setColor(Color.DARK_GRAY);
			g.drawString(subtitle, MARGIN, MARGIN + 36);
		}
		g.setColor(Color.BLACK);
		for (int c = 0; c < columnHeads.size() && c < cols; c++) {
			final String s = columnHeads.get(c);
			g.drawString(s, MARGIN + rowHeadW + c * (tw + GAP) + (tw - text.stringWidth(s)) / 2,
				top - 4);
		}
		for (int i = 0; i < n; i++) {
			final int x = MARGIN + rowHeadW + i % cols * (tw + GAP);
			final int y = top + i / cols * (th + GAP + labelH);
			final float[] map = tiles.get(i);
			final BufferedImage pixels = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
			for (int p = 0; p < map.length; p++) {
				pixels.setRGB(p % width, p / width, Luts.color(lut, map[p], min, max).getRGB());
			}
			// NB: drawImage scales by repeating pixels unless told to interpolate.
			g.drawImage(pixels, x, y, tw, th, null);
			g.setColor(Color.LIGHT_GRAY);
			g.drawRect(x - 1, y - 1, tw + 1, th + 1);
			g.setColor(Color.BLACK);
			if (tileLabels) {
				final String s = labels.get(i);
				g.drawString(s, x + (tw - text.stringWidth(s)) / 2, y + th + text.getAscent());
			}
			if (i % cols == 0 && i / cols < rowHeads.size()) {
				g.drawString(rowHeads.get(i / cols), MARGIN, y + th / 2 + text.getAscent() / 2);
			}
		}
		colourBar(g, lut, barX, top, barH, min, max, unit, text);
		g.dispose();
		return new ColorProcessor(img);
	}

	private static void colourBar(final Graphics2D g, final LUT lut, final int x, final int y,
		final int h, final double min, final double max, final String unit,
		final FontMetrics text)
	{
		for (int i = 0; i < h; i++) {
			g.setColor(Luts.color(lut, max - (max - min) * i / (h - 1), min, max));
			g.fillRect(x, y + i, 18, 1);
		}
		g.setColor(Color.GRAY);
		g.setStroke(new BasicStroke(1));
		g.drawRect(x, y, 18, h - 1);
		g.setColor(Color.BLACK);
		g.drawString(number(max), x + 24, y + text.getAscent() - 2);
		g.drawString(number(min), x + 24, y + h);
		if (min < 0 && max > 0) {
			final int zero = y + (int) Math.round(max / (max - min) * (h - 1));
			g.drawLine(x + 18, zero, x + 22, zero);
			g.drawString("0", x + 24, zero + text.getAscent() / 2);
		}
		g.drawString(unit, x, y + h + text.getHeight());
	}

	/** Rows of as many tiles as divide {@code n} evenly near its square root, e.g. 8 as 4 x 2. */
	static int columns(final int n) {
		final double root = Math.sqrt(n);
		for (int c = (int) Math.ceil(root); c <= 2 * root; c++) {
			if (n % c == 0) return c;
		}
		return (int) Math.ceil(root);
	}

	/** Three significant digits, plainly. */
	static String number(final double v) {
		if (v == 0) return "0";
		final double a = Math.abs(v);
		if (a >= 1000 || a < 0.001) return String.format(Locale.ROOT, "%.2e", v);
		return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros()
			.toPlainString();
	}
}
