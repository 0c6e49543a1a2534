package io.github.cnnclassifier.data;

import ij.ImagePlus;
import io.github.cnnclassifier.tensor.ImageSamples;
import io.github.cnnclassifier.tensor.InputShape;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Reads labelled image files into an {@link ImageDataset}, fitting each to
 * the input shape (resize, colour conversion) on all cores.
 */
public final class DatasetReader {

	private final InputShape shape;
	private final List<String> classes;
	private final BadFiles badFiles;
	private long cacheBytes;
	/** Why each file left out was left out. Guarded by itself. */
	private final Map<LabelledImage, String> skipped = new HashMap<>();
	/** The hash of every image opened, when {@link #hashing()}; else null. */
	private Map<LabelledImage, ImageHash> hashes;
	/** The images this reader takes instead of decoding them; null when it decodes. */
	private final HeldImages held;

	/**
	 * @param classes class names in output order; every image's label must be one of them
	 */
	public DatasetReader(final InputShape shape, final List<String> classes,
		final BadFiles badFiles)
	{
		this(shape, classes, badFiles, defaultCacheBytes());
	}

	/**
	 * @param cacheBytes memory for decoded samples, shared by all reads of this
	 *          reader in order; the samples beyond it are decoded from their
	 *          files whenever they are read
	 */
	public DatasetReader(final InputShape shape, final List<String> classes,
		final BadFiles badFiles, final long cacheBytes)
	{
		this.shape = shape;
		this.classes = List.copyOf(classes);
		this.badFiles = badFiles;
		this.cacheBytes = Math.max(0, cacheBytes);
		this.held = null;
	}

	/** A reader that takes {@code held}'s images, decoding none: {@link HeldImages#reader}. */
	DatasetReader(final HeldImages held, final BadFiles badFiles) {
		this.shape = held.shape();
		this.classes = held.classes();
		this.badFiles = badFiles;
		this.held = held;
	}

	/**
	 * Also hashes every image it opens ({@link #hashes()}), from the pixels it
	 * decodes anyway: no file is decoded a second time to be hashed.
	 *
	 * @return this reader
	 */
	public DatasetReader hashing() {
		hashes = new ConcurrentHashMap<>();
		return this;
	}

	/**
	 * The hashes of the images read so far, once {@link #hashing()}; also of
	 * those opened but then skipped (e.g. for NaN values), none of those that
	 * could not be opened.
	 */
	public ImageHashes hashes() {
		if (hashes == null) throw new IllegalStateException("This reader does not hash");
		return new ImageHashes(hashes);
	}

	/** The input shape every image is fitted to. */
	public InputShape shape() {
		return shape;
	}

	/** Whether {@code held} was decoded for this reader's input shape and classes. */
	public boolean reads(final HeldImages held) {
		return held.shape().equals(shape) && held.classes().equals(classes);
	}

	/** A quarter of the maximum heap. */
	public static long defaultCacheBytes() {
		return Runtime.getRuntime().maxMemory() / 4;
	}

	/** The input shape a network for this image gets: its size, and 3 channels for RGB. */
	public static InputShape shapeOf(final ImagePlus imp) {
		final int channels = imp.getType() == ImagePlus.COLOR_RGB ? 3 : imp.getNChannels();
		return new InputShape(imp.getHeight(), imp.getWidth(), channels);
	}

	/**
	 * Reads every image; a file that cannot be used is skipped and named in
	 * {@link #skipped()}, or stops the read, as {@link BadFiles} says.
	 *
	 * @param progress called with the number of files read so far
	 * @throws DataException for a bad file under {@link BadFiles#STOP}, or when
	 *           a class is left without any readable image
	 */
	public ImageDataset read(final List<LabelledImage> images, final IntConsumer progress) {
		if (held != null) return readHeld(images, progress);
		final int n = images.size();
		final int size = shape.size();
		final int cacheable = (int) Math.min(n, cacheBytes / (4L * size));
		cacheBytes -= 4L * size * cacheable;
		final float[] data = new float[cacheable * size];
		final boolean[] ok = new boolean[n];
		final double[] sum = new double[n], squares = new double[n];
		final AtomicInteger done = new AtomicInteger();
		IntStream.range(0, n).parallel().forEach(i -> {
			// NB: every file is decoded once here, to check it and measure its values;
			// those beyond the cache are decoded again when training reads them.
			final float[] into = i < cacheable ? data : new float[size];
			final int at = i < cacheable ? i * size : 0;
			final Failure failure = decodeOne(images.get(i), into, at);
			ok[i] = failure == null || bad(images.get(i), failure);
			if (ok[i]) measure(into, at, size, sum, squares, i);
			progress.accept(done.incrementAndGet());
		});
		final int[] slots = IntStream.range(0, n).map(i -> i < cacheable ? i : -1).toArray();
		return collect(images, data, slots, cacheable == n, ok, sum, squares);
	}

	/**
	 * Decodes and hashes every image once and holds them all in memory, so
	 * that {@link HeldImages#reader readers} of any of them decode nothing
	 * (e.g. the folds of a cross-validation). A file that cannot be used is
	 * only recorded here; each read of it skips it or stops, as its reader's
	 * {@link BadFiles} says.
	 *
	 * @param progress called with the number of files decoded so far
	 * @return the images held, taken from this reader's cache budget; or null,
	 *         with nothing decoded, when they do not all fit in it
	 */
	public HeldImages hold(final List<LabelledImage> images, final IntConsumer progress) {
		final int n = images.size();
		final int size = shape.size();
		final long bytes = 4L * size * n;
		if (bytes > cacheBytes || (long) size * n > Integer.MAX_VALUE - 8) return null;
		cacheBytes -= bytes;
		final float[] data = new float[n * size];
		final Failure[] failures = new Failure[n];
		final double[] sum = new double[n], squares = new double[n];
		final Map<LabelledImage, ImageHash> before = hashes;
		hashing();
		try {
			final AtomicInteger done = new AtomicInteger();
			IntStream.range(0, n).parallel().forEach(i -> {
				failures[i] = decodeOne(images.get(i), data, i * size);
				if (failures[i] == null) measure(data, i * size, size, sum, squares, i);
				progress.accept(done.incrementAndGet());
			});
			return new HeldImages(shape, classes, images, data, failures, sum, squares, hashes());
		}
		finally {
			hashes = before;
		}
	}

	/** Why an image cannot be used: the message of {@link #skipped()}, and its cause or null. */
	record Failure(String message, Exception cause) {}

	/** Adds up image {@code i}'s {@code size} values from {@code at}, and their squares. */
	private static void measure(final float[] values, final int at, final int size,
		final double[] sum, final double[] squares, final int i)
	{
		for (int j = at; j < at + size; j++) {
			sum[i] += values[j];
			squares[i] += (double) values[j] * values[j];
		}
	}

	/**
	 * {@link #read} from the held images: the samples, sums, skipped files and
	 * refusals that decoding them would give, without decoding.
	 */
	private ImageDataset readHeld(final List<LabelledImage> images, final IntConsumer progress) {
		final int n = images.size();
		final boolean[] ok = new boolean[n];
		final double[] sum = new double[n], squares = new double[n];
		final int[] slots = new int[n];
		for (int i = 0; i < n; i++) {
			final int at = held.indexOf(images.get(i));
			final Failure failure = held.failure(at);
			ok[i] = failure == null || bad(images.get(i), failure);
			if (ok[i]) {
				sum[i] = held.sum(at);
				squares[i] = held.squares(at);
			}
			slots[i] = at;
			progress.accept(i + 1);
		}
		return collect(images, held.values(), slots, false, ok, sum, squares);
	}

	/** One message per file left out, naming it and the reason; empty under {@link BadFiles#STOP}. */
	public List<String> skipped() {
		synchronized (skipped) {
			final List<String> sorted = new ArrayList<>(skipped.values());
			Collections.sort(sorted);
			return sorted;
		}
	}

	/** The messages of {@link #skipped()} about files of class {@code label}. */
	private List<String> skippedOf(final String label) {
		synchronized (skipped) {
			final List<String> messages = new ArrayList<>();
			skipped.forEach((image, message) -> {
				if (image.label().equals(label)) messages.add(message);
			});
			Collections.sort(messages);
			return messages;
		}
	}

	/** Decodes {@code image} into {@code data} at {@code offset}: null, or why it cannot be used. */
	private Failure decodeOne(final LabelledImage image, final float[] data, final int offset) {
		final Path file = image.file();
		try {
			final ImagePlus imp = ImageFiles.open(file);
			if (hashes != null) hash(image, imp);
			final ImageSamples samples = new ImageSamples(imp, shape);
			if (samples.count() != 1) throw notOneImage(file, imp, samples.count());
			samples.fill(0, data, offset);
			final int nonFinite = nonFinite(data, offset, shape.size());
			if (nonFinite > 0) {
				throw new DataException("Image " + file + " has " + nonFinite + " pixel values " +
					"that are NaN or infinite, which would make the normalisation of all " +
					"images meaningless. Replace them (e.g. Process > Math > Remove NaNs) or " +
					"remove the file.");
			}
			return null;
		}
		catch (final DataException | IllegalArgumentException e) {
			return new Failure(e.getMessage(), e);
		}
		catch (final OutOfMemoryError e) {
			// NB: the memory check passed, but images decoded at the same time took the memory.
			return new Failure("Image " + file + " did not fit in the memory left while other " +
				"images were read (" + Memory.format(Memory.available()) + " free). Make it " +
				"smaller or give Java more memory (-Xmx).", null);
		}
	}

	/**
	 * Records the hash of {@code imp}, opened from {@code image}. NB: before
	 * its checks, so that an image skipped for its content still has one, as
	 * with {@link ImageHashes#of}; one that cannot be hashed has none.
	 */
	private void hash(final LabelledImage image, final ImagePlus imp) {
		try {
			hashes.put(image, ImageHash.of(imp));
		}
		catch (final RuntimeException | OutOfMemoryError e) {
			// NB: no hash, as ImageHashes.of gives none; the reading goes on.
		}
	}

	/** Stops under {@link BadFiles#STOP}, else records {@code message} as skipped; returns false. */
	private boolean bad(final LabelledImage image, final Failure failure) {
		if (badFiles == BadFiles.STOP) {
			throw new DataException(failure.message() + " (Or set on_bad_file=skip to leave " +
				"such files out.)", failure.cause());
		}
		synchronized (skipped) {
			skipped.put(image, failure.message());
		}
		return false;
	}

	private DataException notOneImage(final Path file, final ImagePlus imp, final int count) {
		final int channels = imp.getNChannels();
		if (channels > 1 && channels == count) {
			return new DataException("Image " + file + " has " + channels + " channels but " +
				"the network input has " + shape.channels() + " (" + shape + ", the channels " +
				"of most training images): give all training images the same channels " +
				"(Image > Color > Split Channels / Merge Channels) or set input_channels.");
		}
		return new DataException("Image " + file + " holds " + count + " planes; a " +
			"training image must be one 2D image (split stacks with Image > Stacks > " +
			"Stack to Images).");
	}

	/** Counts the NaN and infinite values among {@code n} values from {@code offset}. */
	private static int nonFinite(final float[] data, final int offset, final int n) {
		int count = 0;
		for (int i = offset; i < offset + n; i++) {
			if (!Float.isFinite(data[i])) count++;
		}
		return count;
	}

	/**
	 * The dataset of the usable images: {@code slotOf} gives each image's place
	 * in {@code data} (or -1); {@code all} says each has the place of its
	 * index, so the samples are compacted in place.
	 */
	private ImageDataset collect(final List<LabelledImage> images, final float[] data,
		final int[] slotOf, final boolean all, final boolean[] ok, final double[] sum,
		final double[] squares)
	{
		final int size = shape.size();
		final int[] perClass = new int[classes.size()];
		final List<Integer> labels = new ArrayList<>();
		final List<Integer> slots = new ArrayList<>();
		final List<Path> files = new ArrayList<>();
		final double[] sums = new double[3];
		int kept = 0;
		for (int i = 0; i < images.size(); i++) {
			if (!ok[i]) continue;
			final int label = classes.indexOf(images.get(i).label());
			if (label < 0) {
				throw new DataException("Image " + images.get(i).file() + " has class '" +
					images.get(i).label() + "', which is not one of " + classes + ".");
			}
			if (all) {
				// NB: compact in place; kept <= i, so nothing unread is overwritten.
				if (kept != i) System.arraycopy(data, i * size, data, kept * size, size);
				slots.add(kept);
			}
			else slots.add(slotOf[i]);
			labels.add(label);
			files.add(images.get(i).file());
			perClass[label]++;
			sums[0] += size;
			sums[1] += sum[i];
			sums[2] += squares[i];
			kept++;
		}
		for (int c = 0; c < classes.size(); c++) {
			final String label = classes.get(c);
			final boolean present = images.stream().anyMatch(im -> im.label().equals(label));
			if (present && perClass[c] == 0) {
				throw new DataException("Class '" + label + "' has no readable image: " +
					"every one of its files was skipped: " + Messages.sentence(skippedOf(
						label)));
			}
		}
		final float[] cache = all && kept < images.size() ? java.util.Arrays.copyOf(data, kept *
			size) : data;
		return new ImageDataset(shape, classes, cache, slots.stream().mapToInt(
			Integer::intValue).toArray(), labels.stream().mapToInt(Integer::intValue).toArray(),
			files, sums);
	}
}
