package io.github.cnnclassifier.ij;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import io.github.cnnclassifier.inspect.NetworkSummary;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A picture of a network, as analyzeNetwork draws it: one box per layer,
 * top to bottom, coloured by kind, with its type, output size and
 * learnables; connections that skip layers (residual shortcuts) run at the right.
 */
public final class LayerGraph {

	private static final int BOX_W = 400, BOX_H = 38, STEP = 52, MARGIN = 20, LANE = 14;
	private static final Font NAME = new Font(Font.SANS_SERIF, Font.BOLD, 13);
	private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

	private LayerGraph() {}

	/** The picture of {@code summary}, titled {@code title}. */
	public static ImagePlus of(final NetworkSummary summary, final String title) {
		final List<NetworkSummary.Row> rows = summary.rows();
		final Map<String, Integer> index = new HashMap<>();
		for (int i = 0; i < rows.size(); i++) index.put(rows.get(i).name(), i);
		// Connections that do not go to the next box, each in a lane of its own where they overlap.
		final List<int[]> skips = new ArrayList<>();
		for (int i = 0; i < rows.size(); i++) {
			for (final String from : rows.get(i).inputs()) {
				final Integer f = index.get(from);
				if (f != null && f != i - 1) skips.add(new int[] { f, i, 0 });
			}
		}
		final List<int[]> placed = new ArrayList<>();
		int lanes = 0;
		for (final int[] s : skips) {
			int lane = 0;
			while (true) {
				final int l = lane;
				if (placed.stream().noneMatch(p -> p[2] == l && p[0] < s[1] && s[0] < p[1])) break;
				lane++;
			}
			s[2] = lane;
			placed.add(s);
			lanes = Math.max(lanes, lane + 1);
		}
		final int top = MARGIN + 30;
		final int w = MARGIN * 2 + BOX_W + lanes * LANE + (lanes > 0 ? 12 : 0);
		final int h = top + rows.size() * STEP - (STEP - BOX_H) + MARGIN;
		final Font heading = new Font(Font.SANS_SERIF, Font.BOLD, 15);
		final int titleW = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics()
			.getFontMetrics(heading).stringWidth(title) + 2 * MARGIN;
		final BufferedImage img = new BufferedImage(Math.max(w, titleW), h,
			BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = img.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
			RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, img.getWidth(), h);
		g.setColor(Color.BLACK);
		g.setFont(heading);
		g.drawString(title, MARGIN, MARGIN + 12);
		g.setStroke(new BasicStroke(1.5f));
		for (int i = 0; i < rows.size(); i++) {
			final int y = top + i * STEP;
			final NetworkSummary.Row r = rows.get(i);
			if (i > 0 && r.inputs().contains(rows.get(i - 1).name())) {
				arrow(g, MARGIN + BOX_W / 2, y - (STEP - BOX_H), MARGIN + BOX_W / 2, y);
			}
			g.setColor(fill(r.type()));
			g.fillRoundRect(MARGIN, y, BOX_W, BOX_H, 10, 10);
			g.setColor(fill(r.type()).darker().darker());
			g.drawRoundRect(MARGIN, y, BOX_W, BOX_H, 10, 10);
			g.setColor(Color.BLACK);
			g.setFont(NAME);
			final FontMetrics fm = g.getFontMetrics();
			g.drawString(r.name(), MARGIN + 10, y + 16);
			g.setFont(TEXT);
			g.drawString(r.type(), MARGIN + 20 + Math.max(fm.stringWidth(r.name()), 110), y + 16);
			g.setColor(Color.DARK_GRAY);
			g.drawString(r.activations() + (r.learnables() > 0 ? String.format(Locale.ROOT,
				"   %,d learnables", r.learnables()) : ""), MARGIN + 10, y + 32);
		}
		for (final int[] s : skips) {
			final int x = MARGIN + BOX_W + 12 + s[2] * LANE;
			final int y0 = top + s[0] * STEP + BOX_H / 2, y1 = top + s[1] * STEP + BOX_H / 2;
			g.setColor(new Color(90, 90, 90));
			g.drawLine(MARGIN + BOX_W, y0, x, y0);
			g.drawLine(x, y0, x, y1);
			arrow(g, x, y1, MARGIN + BOX_W, y1);
		}
		g.dispose();
		return Pictures.mark(new ImagePlus(title, new ColorProcessor(img)), "a network graph");
	}

	private static void arrow(final Graphics2D g, final int x0, final int y0, final int x1,
		final int y1)
	{
		g.setColor(new Color(90, 90, 90));
		g.drawLine(x0, y0, x1, y1);
		final double a = Math.atan2(y1 - y0, x1 - x0);
		final int[] xs = { x1, (int) Math.round(x1 - 8 * Math.cos(a - 0.4)), (int) Math.round(x1 -
			8 * Math.cos(a + 0.4)) };
		final int[] ys = { y1, (int) Math.round(y1 - 8 * Math.sin(a - 0.4)), (int) Math.round(y1 -
			8 * Math.sin(a + 0.4)) };
		g.fillPolygon(xs, ys, 3);
	}

	/** Box colours by kind of layer. */
	private static Color fill(final String type) {
		if (type.startsWith("Image Input")) return new Color(222, 230, 240);
		if (type.startsWith("Convolution")) return new Color(207, 226, 243);
		if (type.startsWith("Batch")) return new Color(217, 234, 211);
		if (type.contains("ReLU") || type.startsWith("Activation")) return new Color(252, 229,
			205);
		if (type.contains("Pooling")) return new Color(228, 215, 240);
		if (type.startsWith("Fully")) return new Color(244, 204, 204);
		if (type.startsWith("Addition")) return new Color(255, 242, 204);
		return new Color(238, 238, 238);
	}
}
