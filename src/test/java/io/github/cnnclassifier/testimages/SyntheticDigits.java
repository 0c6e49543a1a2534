package io.github.cnnclassifier.testimages;

import ij.process.ByteProcessor;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.Random;

/**
 * Renders 28×28 white-on-black digits in the spirit of MATLAB's DigitDataset:
 * font glyphs with random font, rotation, scale, shear, stroke width, blur and
 * noise.
 */
final class SyntheticDigits {

	/** Side of the output image in pixels. */
	static final int SIZE = 28;

	/** Supersampling factor: glyphs are drawn at {@code SIZE * OVERSAMPLE} and block-averaged. */
	private static final int OVERSAMPLE = 4;

	private static final int HI = SIZE * OVERSAMPLE;

	/** Height of an unscaled digit, as MNIST fits digits into a 20-pixel box of 28. */
	private static final double BOX = 20;

	// NB: logical fonts only, so that any JDK finds them (they map to DejaVu here).
	private static final String[] FAMILIES = { Font.SERIF, Font.SANS_SERIF,
		Font.MONOSPACED, Font.DIALOG };

	private static final int[] STYLES = { Font.PLAIN, Font.BOLD, Font.ITALIC,
		Font.BOLD | Font.ITALIC };

	private SyntheticDigits() {}

	/** Renders digit {@code digit} (0..9) with variations drawn from {@code seed}. */
	static ByteProcessor render(final int digit, final long seed) {
		if (digit < 0 || digit > 9) throw new IllegalArgumentException(
			"digit must be 0..9: " + digit);
		final Random rnd = new Random(seed);
		final float[] pixels = blockAverage(drawGlyph(digit, rnd));
		final float[] blurred = Blur.gaussian(pixels, SIZE, SIZE, uniform(rnd, 0.3,
			0.75));
		final double gain = uniform(rnd, 0.85, 1.0);
		final double noise = uniform(rnd, 1.0, 6.0);
		final byte[] out = new byte[SIZE * SIZE];
		for (int i = 0; i < out.length; i++) {
			final double v = gain * blurred[i] + noise * rnd.nextGaussian();
			out[i] = (byte) clamp((int) Math.round(v), 0, 255);
		}
		return new ByteProcessor(SIZE, SIZE, out);
	}

	private static BufferedImage drawGlyph(final int digit, final Random rnd) {
		final BufferedImage img = new BufferedImage(HI, HI,
			BufferedImage.TYPE_BYTE_GRAY);
		final Graphics2D g = img.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING,
				RenderingHints.VALUE_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL,
				RenderingHints.VALUE_STROKE_PURE);
			g.setColor(Color.BLACK);
			g.fillRect(0, 0, HI, HI);

			final int style = STYLES[rnd.nextInt(STYLES.length)];
			final Font font = new Font(FAMILIES[rnd.nextInt(FAMILIES.length)], style,
				100);
			final GlyphVector gv = font.createGlyphVector(g.getFontRenderContext(),
				String.valueOf(digit));
			final Shape glyph = gv.getOutline();
			final Rectangle2D b = glyph.getBounds2D();

			final double scale = uniform(rnd, 0.75, 1.15) * BOX * OVERSAMPLE / b
				.getHeight();
			final double stretch = uniform(rnd, 0.85, 1.1);
			final double shear = uniform(rnd, -0.15, 0.15);
			final double angle = Math.toRadians(uniform(rnd, -20, 20));
			final double dx = uniform(rnd, -1.5, 1.5) * OVERSAMPLE;
			final double dy = uniform(rnd, -1.5, 1.5) * OVERSAMPLE;
			final AffineTransform t = new AffineTransform();
			t.translate(HI / 2.0 + dx, HI / 2.0 + dy);
			t.rotate(angle);
			t.shear(shear, 0);
			t.scale(scale * stretch, scale);
			t.translate(-b.getCenterX(), -b.getCenterY());
			final Shape shape = t.createTransformedShape(glyph);

			g.setColor(Color.WHITE);
			g.fill(shape);
			// NB: stroking the outline dilates (white) or erodes (black) the glyph by
			// half the stroke width; bold glyphs may thin, plain ones only thicken so
			// that thin serif strokes never break up.
			final boolean bold = (style & Font.BOLD) != 0;
			final double width = bold ? uniform(rnd, -4, 5) : uniform(rnd, 0, 8);
			if (Math.abs(width) > 0.5) {
				g.setColor(width > 0 ? Color.WHITE : Color.BLACK);
				g.setStroke(new BasicStroke((float) Math.abs(width),
					BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
				g.draw(shape);
			}
		}
		finally {
			g.dispose();
		}
		return img;
	}

	private static float[] blockAverage(final BufferedImage img) {
		final Raster r = img.getRaster();
		final float[] out = new float[SIZE * SIZE];
		final int[] row = new int[HI];
		for (int y = 0; y < HI; y++) {
			r.getSamples(0, y, HI, 1, 0, row);
			final int oy = y / OVERSAMPLE;
			for (int x = 0; x < HI; x++)
				out[oy * SIZE + x / OVERSAMPLE] += row[x];
		}
		final float n = OVERSAMPLE * OVERSAMPLE;
		for (int i = 0; i < out.length; i++)
			out[i] /= n;
		return out;
	}

	/** Returns a uniform random number in [{@code min}, {@code max}). */
	static double uniform(final Random rnd, final double min, final double max) {
		return min + (max - min) * rnd.nextDouble();
	}

	/** Returns {@code v} limited to [{@code min}, {@code max}]. */
	static int clamp(final int v, final int min, final int max) {
		return v < min ? min : v > max ? max : v;
	}
}
