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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * A sliding window over every plane (or channel group) of an image: tiles of
 * the network's input size at a stride, the last ones aligned to the right
 * and bottom edges so every pixel is covered; a pixel's probabilities are the
 * mean over the tiles that cover it. Tiles are cut when read, a strip of tile
 * rows at a time, and sums are held for the rows a strip touches only, so
 * memory beyond the outputs is bounded by the strip; probabilities too large
 * for the heap can be streamed to files.
 */
public final class TileClassification implements AutoCloseable {

	/** Tiles classified per strip: bounds the predictions held at once. */
	private static final int STRIP_TILES = 1 << 15;

	/** Bytes of the probability sums of the rows a strip touches (one strip at least). */
	private static final long WINDOW_BYTES = 64L << 20;

	private final ImagePlus classMap;
	private final ImagePlus probabilities;
	private final long tiles;
	private final ProbabilityFiles files;

	private TileClassification(final ImagePlus classMap, final ImagePlus probabilities,
		final long tiles, final ProbabilityFiles files)
	{
		this.classMap = classMap;
		this.probabilities = probabilities;
		this.tiles = tiles;
		this.files = files;
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
	 * Classifies the tiles of {@code image}, holding the probabilities in memory.
	 *
	 * @param stride pixels between tiles; 0: half a tile
	 * @throws IllegalArgumentException if the image is smaller than a tile or its channels do not fit the model
	 * @throws io.github.cnnclassifier.data.DataException if the outputs do not fit in memory
	 */
	public static TileClassification run(final ImagePlus image, final Classifier classifier,
		final int stride, final int batchSize, final LongConsumer progress)
	{
		return run(image, classifier, stride, batchSize, progress, null);
	}

	/**
	 * Classifies the tiles of {@code image}; when the probabilities do not fit
	 * in memory and {@code spill} is a folder, they are written to hidden
	 * files there as they are finished (deleted by {@link #close()}).
	 *
	 * @param spill folder for the probabilities that do not fit in memory, or null
	 */
	public static TileClassification run(final ImagePlus image, final Classifier classifier,
		final int stride, final int batchSize, final LongConsumer progress, final Path spill)
	{
		return classify(image, classifier, stride, batchSize, progress, spill, false, STRIP_TILES);
	}

	/**
	 * @param streamAlways stream to {@code spill} even when the probabilities fit in memory (tests)
	 * @param stripTiles tiles classified per strip
	 */
	static TileClassification classify(final ImagePlus image, final Classifier classifier,
		final int stride, final int batchSize, final LongConsumer progress, final Path spill,
		final boolean streamAlways, final int stripTiles)
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
		// NB: sums are held for the rows a strip of tiles touches only, at most WINDOW_BYTES.
		final long rowBytes = (long) k * w * Float.BYTES;
		final int rowsPerStrip = (int) Math.max(1, Math.min(stripTiles / xs.length,
			(WINDOW_BYTES / rowBytes - shape.height()) / sy + 1));
		// NB: a stride longer than a tile finishes the rows of its gaps too.
		final int windowRows = Math.min(h, (rowsPerStrip - 1) * sy + Math.max(sy, shape
			.height()));
		final String what = "The class map and probabilities of \"" + image.getTitle() + "\" (" +
			w + "x" + h + ", " + k + " classes)";
		final long window = (long) k * windowRows * w * Float.BYTES;
		final long inMemory = samples.count() * plane * (k * Float.BYTES + 1L) + window;
		final Path stream = spill != null && (streamAlways || !Memory.fits(inMemory)) ? spill
			: null;
		if (stream == null) {
			Memory.require(inMemory, what,
				"Give save_to (a folder) to write the probabilities there as they are computed, " +
					"or classify a smaller image or region.");
		}
		else {
			Memory.require(samples.count() * plane + window, what, "Classify a smaller image " +
				"or region.");
		}
		final ProbabilityFiles files = stream == null ? null : open(stream, image, labels, w, h,
			samples.count());
		try {
			final float[][] planes = stream == null ? new float[samples.count() * k][] : null;
			final Rows rows = stream != null ? files : (s, c, y, sums, count) -> {
				if (planes[s * k + c] == null) planes[s * k + c] = new float[w * h];
				System.arraycopy(sums, 0, planes[s * k + c], y * w, count * w);
			};
			final ImageStack maps = new ImageStack(w, h);
			final int[] cx = coverage(w, xs, shape.width());
			final int[] cy = coverage(h, ys, shape.height());
			final long total = (long) samples.count() * xs.length * ys.length;
			long done = 0;
			for (int s = 0; s < samples.count(); s++) {
				final float[][] p = new float[k][windowRows * w];
				final byte[] map = new byte[w * h];
				int top = 0;
				for (int r0 = 0; r0 < ys.length; r0 += rowsPerStrip) {
					final int n = Math.min(rowsPerStrip, ys.length - r0);
					final TileSamples tilesOf = new TileSamples(image, samples.planes(s), shape, xs,
						ys, r0, n);
					final List<Prediction> predictions = classifier.classify(tilesOf, batchSize,
						i -> {});
					for (int i = 0; i < predictions.size(); i++) {
						final int x0 = xs[i % xs.length];
						final int y0 = ys[r0 + i / xs.length] - top;
						for (int c = 0; c < k; c++) {
							add(p[c], w, x0, y0, shape.width(), shape.height(), predictions.get(i)
								.probability(c));
						}
					}
					// NB: later tiles start at or below the next strip's first row.
					final int finished = r0 + n < ys.length ? ys[r0 + n] : h;
					average(p, map, cx, cy, w, top, finished - top);
					for (int c = 0; c < k; c++) {
						rows.put(s, c, top, p[c], finished - top);
						System.arraycopy(p[c], (finished - top) * w, p[c], 0, (windowRows -
							finished + top) * w);
						Arrays.fill(p[c], (windowRows - finished + top) * w, p[c].length, 0);
					}
					top = finished;
					done += predictions.size();
					progress.accept(done * 100 / Math.max(1, total));
				}
				maps.addSlice(labelOf(image, s, samples), new ByteProcessor(w, h, map));
			}
			final ImageStack probs = stream != null ? files.stack() : new ImageStack(w, h);
			if (stream == null) {
				for (int i = 0; i < planes.length; i++) probs.addSlice("P_" + labels.get(i % k),
					new FloatProcessor(w, h, planes[i]));
			}
			return new TileClassification(classMap(image, maps, labels), probabilities(image, probs,
				k, samples.count()), total, files);
		}
		catch (final IOException e) {
			if (files != null) files.close();
			throw new UncheckedIOException("Could not write the probabilities to " + stream + ": " +
				e.getMessage(), e);
		}
		catch (final RuntimeException | Error e) {
			if (files != null) files.close();
			throw e;
		}
	}

	private static ProbabilityFiles open(final Path folder, final ImagePlus image,
		final List<String> labels, final int w, final int h, final int samples)
	{
		try {
			return new ProbabilityFiles(folder, stem(image), labels, w, h, samples);
		}
		catch (final IOException e) {
			throw new UncheckedIOException("Could not create the probabilities' temporary files " +
				"in " + folder + ": " + e.getMessage(), e);
		}
	}

	/** Where finished rows of probabilities go: {@code count} rows of class {@code c} from row {@code y}. */
	interface Rows {

		void put(int sample, int c, int y, float[] rows, int count) throws IOException;
	}

	/** Deletes the files the probabilities were streamed to, if they were. */
	@Override
	public void close() {
		if (files != null) files.close();
	}

	/** Whether the probabilities are a virtual stack over files, valid until {@link #close()}. */
	public boolean streamed() {
		return files != null;
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

	/** Divides the sums of rows {@code top..top+count} by the coverage and writes 1 + the most probable class (0 where uncovered). */
	private static void average(final float[][] p, final byte[] map, final int[] cx,
		final int[] cy, final int w, final int top, final int count)
	{
		for (int i = 0; i < count * w; i++) {
			final int n = cx[i % w] * cy[top + i / w];
			if (n == 0) continue;
			int best = 0;
			for (int c = 0; c < p.length; c++) {
				p[c][i] /= n;
				if (p[c][i] > p[best][i]) best = c;
			}
			map[top * w + i] = (byte) (best + 1);
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
