package io.github.cnnclassifier.objects;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import io.github.cnnclassifier.data.Memory;
import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.predict.Prediction;
import io.github.cnnclassifier.tensor.ImageSamples;
import io.github.cnnclassifier.tensor.InputShape;
import io.github.cnnclassifier.tensor.SampleSource;

import java.util.List;
import java.util.function.LongConsumer;

/**
 * A sliding window over every plane (or channel group) of an image: tiles of
 * the network's input size at a stride, the last ones aligned to the right
 * and bottom edges so every pixel is covered; a pixel's probabilities are the
 * mean over the tiles that cover it. Tiles are cut when read, a strip of tile
 * rows at a time, so memory beyond the outputs is bounded by the strip.
 */
public final class TileClassification {

	/** Tiles classified per strip: bounds the predictions held at once. */
	private static final int STRIP_TILES = 1 << 15;

	private final ImagePlus classMap;
	private final ImagePlus probabilities;
	private final long tiles;

	private TileClassification(final ImagePlus classMap, final ImagePlus probabilities,
		final long tiles)
	{
		this.classMap = classMap;
		this.probabilities = probabilities;
		this.tiles = tiles;
	}

	/** 8-bit: 1 + the class index of each pixel, 0 where no tile covers it; a LUT with a colour per class. */
	public ImagePlus classMap() {
		return classMap;
	}

	/** 32-bit: one plane per class (per sample of a stack: channels = classes). */
	public ImagePlus probabilities() {
		return probabilities;
	}

	/** Tiles classified. */
	public long tiles() {
		return tiles;
	}

	/**
	 * Classifies the tiles of {@code image}.
	 *
	 * @param stride pixels between tiles; 0: half a tile
	 * @throws IllegalArgumentException if the image is smaller than a tile or its channels do not fit the model
	 * @throws io.github.cnnclassifier.data.DataException if the outputs do not fit in memory
	 */
	public static TileClassification run(final ImagePlus image, final Classifier classifier,
		final int stride, final int batchSize, final LongConsumer progress)
	{
		final InputShape shape = classifier.model().inputShape();
		final List<String> labels = classifier.model().labels();
		final ImageSamples samples = new ImageSamples(image, shape);
		final int w = image.getWidth();
		final int h = image.getHeight();
		if (w < shape.width() || h < shape.height()) {
			throw new IllegalArgumentException("Image \"" + image.getTitle() + "\" (" + w + "x" + h +
				") is smaller than one tile, the model's input " + shape.width() + "x" + shape
					.height() + ": classify it with Classify with CNN instead");
		}
		if (stride < 0) {
			throw new IllegalArgumentException("stride=" + stride + " is negative: give pixels " +
				"between tiles, or 0 for half a tile");
		}
		final int sx = stride == 0 ? Math.max(1, shape.width() / 2) : stride;
		final int sy = stride == 0 ? Math.max(1, shape.height() / 2) : stride;
		final int[] xs = origins(w, shape.width(), sx);
		final int[] ys = origins(h, shape.height(), sy);
		final int k = labels.size();
		final long plane = (long) w * h;
		Memory.require(samples.count() * plane * (k * Float.BYTES + 1L), "The class map and " +
			"probabilities of \"" + image.getTitle() + "\" (" + w + "x" + h + ", " + k +
			" classes)", "Give Java more memory or classify a smaller image or region.");
		final ImageStack maps = new ImageStack(w, h);
		final ImageStack probs = new ImageStack(w, h);
		final long total = (long) samples.count() * xs.length * ys.length;
		long done = 0;
		for (int s = 0; s < samples.count(); s++) {
			final float[][] p = new float[k][w * h];
			final int rowsPerStrip = Math.max(1, STRIP_TILES / xs.length);
			for (int r0 = 0; r0 < ys.length; r0 += rowsPerStrip) {
				final int rows = Math.min(rowsPerStrip, ys.length - r0);
				final TileSamples tilesOf = new TileSamples(image, samples.planes(s), shape, xs, ys,
					r0, rows);
				final List<Prediction> predictions = classifier.classify(tilesOf, batchSize,
					n -> {});
				for (int i = 0; i < predictions.size(); i++) {
					final int x0 = xs[i % xs.length];
					final int y0 = ys[r0 + i / xs.length];
					for (int c = 0; c < k; c++) {
						add(p[c], w, x0, y0, shape.width(), shape.height(), predictions.get(i)
							.probability(c));
					}
				}
				done += predictions.size();
				progress.accept(done * 100 / Math.max(1, total));
			}
			final byte[] map = new byte[w * h];
			average(p, map, coverage(w, xs, shape.width()), coverage(h, ys, shape.height()), w);
			maps.addSlice(labelOf(image, s, samples), new ByteProcessor(w, h, map));
			for (int c = 0; c < k; c++) probs.addSlice("P_" + labels.get(c), new FloatProcessor(w,
				h, p[c]));
		}
		return new TileClassification(classMap(image, maps, labels), probabilities(image, probs,
			k, samples.count()), total);
	}

	private static String labelOf(final ImagePlus image, final int s, final ImageSamples samples) {
		final String label = image.getStack().getSliceLabel(samples.planes(s)[0]);
		return label == null ? null : label.split("\n")[0];
	}

	/** Tile origins along one axis: every stride, then one flush with the far edge. */
	static int[] origins(final int length, final int tile, final int stride) {
		final int n = (length - tile) / stride + 1;
		final boolean flush = (length - tile) % stride != 0;
		final int[] o = new int[n + (flush ? 1 : 0)];
		for (int i = 0; i < n; i++) o[i] = i * stride;
		if (flush) o[n] = length - tile;
		return o;
	}

	/** How many tiles cover each position along one axis. */
	private static int[] coverage(final int length, final int[] origins, final int tile) {
		final int[] c = new int[length];
		for (final int o : origins) for (int i = o; i < o + tile; i++) c[i]++;
		return c;
	}

	private static void add(final float[] plane, final int w, final int x0, final int y0,
		final int tw, final int th, final float v)
	{
		for (int y = y0; y < y0 + th; y++) {
			final int row = y * w;
			for (int x = x0; x < x0 + tw; x++) plane[row + x] += v;
		}
	}

	/** Divides the sums by the coverage and writes 1 + the most probable class (0 where uncovered). */
	private static void average(final float[][] p, final byte[] map, final int[] cx,
		final int[] cy, final int w)
	{
		for (int i = 0; i < map.length; i++) {
			final int n = cx[i % w] * cy[i / w];
			if (n == 0) continue;
			int best = 0;
			for (int c = 0; c < p.length; c++) {
				p[c][i] /= n;
				if (p[c][i] > p[best][i]) best = c;
			}
			map[i] = (byte) (best + 1);
		}
	}

	private static ImagePlus classMap(final ImagePlus image, final ImageStack maps,
		final List<String> labels)
	{
		final ImagePlus map = new ImagePlus(stem(image) + "-class-map", maps);
		final byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		final StringBuilder info = new StringBuilder("CNN Classifier class map\n0 = not covered\n");
		for (int c = 0; c < labels.size() && c < 255; c++) {
			final java.awt.Color colour = ClassifiedRois.colour(c);
			r[c + 1] = (byte) colour.getRed();
			g[c + 1] = (byte) colour.getGreen();
			b[c + 1] = (byte) colour.getBlue();
			info.append(c + 1).append(" = ").append(labels.get(c)).append('\n');
		}
		final LUT lut = new LUT(r, g, b);
		map.getProcessor().setLut(lut);
		map.getStack().setColorModel(lut);
		map.setDisplayRange(0, 255);
		map.setProperty("Info", info.toString());
		map.setCalibration(image.getCalibration().copy());
		return map;
	}

	private static ImagePlus probabilities(final ImagePlus image, final ImageStack probs,
		final int k, final int samples)
	{
		final ImagePlus p = new ImagePlus(stem(image) + "-probabilities", probs);
		if (samples > 1) p.setDimensions(k, 1, samples);
		p.setCalibration(image.getCalibration().copy());
		p.setDisplayRange(0, 1);
		return p;
	}

	/** The title without its extension. */
	public static String stem(final ImagePlus image) {
		final String t = image.getTitle();
		final int dot = t.lastIndexOf('.');
		return dot > 0 ? t.substring(0, dot) : t;
	}

	/** The tiles of a strip of tile rows of one sample, cut when read. */
	private static final class TileSamples implements SampleSource {

		private final ImageProcessor[] planes;
		private final InputShape shape;
		private final int[] xs;
		private final int[] ys;
		private final int r0;
		private final int rows;

		TileSamples(final ImagePlus image, final int[] planes, final InputShape shape,
			final int[] xs, final int[] ys, final int r0, final int rows)
		{
			this.planes = new ImageProcessor[planes.length];
			for (int i = 0; i < planes.length; i++) {
				// NB: a processor per plane over the stack's array (no copy).
				final ImageStack stack = image.getStack();
				this.planes[i] = stack.getProcessor(planes[i]);
			}
			this.shape = shape;
			this.xs = xs;
			this.ys = ys;
			this.r0 = r0;
			this.rows = rows;
		}

		@Override
		public InputShape shape() {
			return shape;
		}

		@Override
		public int count() {
			return rows * xs.length;
		}

		@Override
		public void fill(final int index, final float[] dest, final int offset) {
			final int x0 = xs[index % xs.length];
			final int y0 = ys[r0 + index / xs.length];
			final ImageStack tile = new ImageStack(shape.width(), shape.height());
			for (final ImageProcessor ip : planes) {
				final ImageProcessor t = ip.createProcessor(shape.width(), shape.height());
				for (int y = 0; y < shape.height(); y++) {
					for (int x = 0; x < shape.width(); x++) t.set(x, y, ip.get(x0 + x, y0 + y));
				}
				tile.addSlice(t);
			}
			final ImagePlus imp = new ImagePlus("tile", tile);
			if (planes.length > 1) imp.setDimensions(planes.length, 1, 1);
			new ImageSamples(imp, shape).fill(0, dest, offset);
		}
	}
}
