package io.github.cnnclassifier.predict;

import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.ImageFiles;
import io.github.cnnclassifier.data.LabelledFolder;
import io.github.cnnclassifier.data.SafeFiles;
import io.github.cnnclassifier.engine.Runners;
import io.github.cnnclassifier.tensor.ImageSamples;
import io.github.cnnclassifier.tensor.InputShape;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Classifies every image file below a folder, at any depth, with one model:
 * one row per sample (per plane of a stack) with the file's path relative to
 * the folder, in sorted path order, then plane order.
 * <p>
 * Memory is bounded by the mini-batch, not by the folder: files are listed
 * one folder at a time, decoded {@code Runners.threads()} at a time, at most
 * about one mini-batch of samples ahead of the batch being classified, and
 * each row goes to the sink as soon as its batch is done. A file is decoded
 * whole, so one huge stack takes its own size on top. Hidden files and
 * folders (names starting with '.') and files that are not images by their
 * extension are left out, as in {@link LabelledFolder}. Not thread-safe; one
 * call at a time.
 * </p>
 */
public final class FolderClassifier {

	private final Classifier classifier;
	private final int batchSize;
	private final BadFiles badFiles;
	private final int threads;

	/**
	 * @param classifier used from the calling thread only; the caller closes it
	 * @param miniBatchSize samples per forward pass (and about how many are decoded ahead)
	 * @param badFiles what to do with a file that cannot be read or does not fit the model
	 * @throws IllegalArgumentException if {@code miniBatchSize} is below 1
	 */
	public FolderClassifier(final Classifier classifier, final int miniBatchSize,
		final BadFiles badFiles)
	{
		if (miniBatchSize < 1) {
			throw new IllegalArgumentException("mini_batch_size must be at least 1, got " +
				miniBatchSize + ".");
		}
		this.classifier = classifier;
		this.batchSize = miniBatchSize;
		this.badFiles = badFiles;
		this.threads = Runners.threads();
	}

	/** One sample's result: the file, the plane, the prediction. */
	public static final class Row {

		private final String file;
		private final int slice;
		private final Prediction prediction;

		Row(final String file, final int slice, final Prediction prediction) {
			this.file = file;
			this.slice = slice;
			this.prediction = prediction;
		}

		/** Path of the file relative to the folder, '/'-separated. */
		public String file() {
			return file;
		}

		/** 1-based stack index of the sample's (first) plane; 1 for a single image. */
		public int slice() {
			return slice;
		}

		public Prediction prediction() {
			return prediction;
		}

		/** The row as one CSV line (no line end), in {@link FolderClassifier#headings()} order. */
		public String csv() {
			final StringBuilder sb = new StringBuilder(64 + 12 * prediction.labels().size());
			sb.append(Prediction.csvField(file)).append(',').append(slice).append(',');
			sb.append(Prediction.csvField(prediction.label())).append(',');
			sb.append(prediction.confidence());
			for (int k = 0; k < prediction.labels().size(); k++) {
				sb.append(',').append(prediction.probability(k));
			}
			return sb.toString();
		}

		@Override
		public String toString() {
			return file + " [" + slice + "]: " + prediction;
		}
	}

	/** What a run did: counts, skipped files, time. */
	public static final class Summary {

		private final Path folder;
		private final int files;
		private final long rows;
		private final List<String> skipped;
		private final double seconds;
		private final long peakSamples;

		Summary(final Path folder, final int files, final long rows, final List<String> skipped,
			final double seconds, final long peakSamples)
		{
			this.folder = folder;
			this.files = files;
			this.rows = rows;
			this.skipped = Collections.unmodifiableList(new ArrayList<>(skipped));
			this.seconds = seconds;
			this.peakSamples = peakSamples;
		}

		/** Image files classified (skipped ones not counted). */
		public int files() {
			return files;
		}

		/** Rows written: one per sample. */
		public long rows() {
			return rows;
		}

		/** One message per file left out, naming the file and the reason, in path order. */
		public List<String> skipped() {
			return skipped;
		}

		/** Wall-clock seconds, listing and decoding included. */
		public double seconds() {
			return seconds;
		}

		/**
		 * The most decoded samples held at once, waiting or being classified:
		 * at most two mini-batches when every file is a single image.
		 */
		public long peakSamples() {
			return peakSamples;
		}

		/** One line for the log: files, rows, skipped, seconds, rows per second. */
		public String line() {
			return String.format(Locale.ROOT,
				"Classified %d files of %s: %d rows, %d skipped, %.1f s, %.0f rows/s", files,
				folder, rows, skipped.size(), seconds, seconds > 0 ? rows / seconds : 0.0);
		}

		@Override
		public String toString() {
			return line();
		}
	}

	/** Column headings: File, Slice, Class, Confidence, then P_label per class in output order. */
	public List<String> headings() {
		final List<String> h = new ArrayList<>(List.of("File", "Slice", "Class",
			"Confidence"));
		for (final String label : classifier.model().labels()) h.add("P_" + label);
		return h;
	}

	/**
	 * Classifies the folder and writes the rows to {@code csv} as they come,
	 * through a temporary file moved into place at the end: an error or a
	 * stop on a bad file leaves any older {@code csv} as it was.
	 *
	 * @param progress called with the number of files done (read or skipped) after each batch
	 * @throws DataException if the folder is missing or has no image, under
	 *           {@link BadFiles#STOP} for the first bad file, or if {@code csv} cannot be written
	 */
	public Summary writeCsv(final Path folder, final Path csv, final IntConsumer progress) {
		checkFolder(folder);
		SafeFiles.checkWritable(csv, "results");
		final Summary[] summary = new Summary[1];
		SafeFiles.write(csv, "results", tmp -> {
			try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
				final StringBuilder head = new StringBuilder();
				for (final String h : headings()) {
					head.append(head.length() == 0 ? "" : ",").append(Prediction.csvField(h));
				}
				out.write(head.append('\n').toString());
				summary[0] = classify(folder, row -> {
					try {
						out.write(row.csv());
						out.write('\n');
					}
					catch (final IOException e) {
						throw new UncheckedIOException(e);
					}
				}, progress);
			}
			catch (final UncheckedIOException e) {
				throw e.getCause();
			}
		});
		return summary[0];
	}

	/**
	 * Classifies every image file below {@code folder}, giving each row to
	 * {@code sink} in this thread, in sorted path order, then plane order.
	 *
	 * @param progress called with the number of files done (read or skipped) after each batch
	 * @throws DataException if the folder is missing or has no image file, or,
	 *           under {@link BadFiles#STOP}, for the first bad file in path order
	 */
	public Summary classify(final Path folder, final Consumer<Row> sink,
		final IntConsumer progress)
	{
		checkFolder(folder);
		final Iterator<String> files = imageFiles(folder);
		if (!files.hasNext()) {
			throw new DataException("Folder " + folder + " has no image files (" + String.join(
				", ", LabelledFolder.IMAGE_EXTENSIONS) + ") at any depth; hidden files are " +
				"left out. Choose a folder of images.");
		}
		final long start = System.nanoTime();
		final Pipeline pipeline = new Pipeline(folder, files);
		try {
			pipeline.run(sink, progress);
		}
		finally {
			pipeline.stop();
		}
		return new Summary(folder, pipeline.filesRead, pipeline.rows, pipeline.skipped,
			(System.nanoTime() - start) / 1e9, pipeline.peak());
	}

	/**
	 * The image files below {@code folder}, at any depth, as '/'-separated
	 * paths relative to it, in sorted (String) order; listed lazily, one
	 * folder at a time. Hidden files and folders and non-image files are left
	 * out; links to folders are not followed.
	 *
	 * @throws DataException (also from the iterator) if a folder cannot be read
	 */
	public static Iterator<String> imageFiles(final Path folder) {
		checkFolder(folder);
		return new Walk(folder);
	}

	private static void checkFolder(final Path folder) {
		if (!Files.isDirectory(folder)) {
			throw new DataException((Files.exists(folder) ? folder + " is a file, not a folder"
				: "Image folder not found: " + folder) + ". Choose the folder of images to " +
				"classify.");
		}
	}

	/** One file, decoded and fitted (or why not). */
	private static final class Decoded {

		final String file;
		float[] x;
		int[] slices;
		int count;
		String error;
		Throwable failure;
		boolean done;

		Decoded(final String file) {
			this.file = file;
		}
	}

	/**
	 * Decoder threads take files in order while less than a mini-batch of
	 * samples waits ahead (decoded or being decoded); the calling thread fills
	 * mini-batches from the oldest file and classifies them.
	 * <p>
	 * NB: a decoder waits before it starts a file, never after, so the oldest
	 * file always finishes and the calling thread always makes progress.
	 * </p>
	 */
	private final class Pipeline {

		private final Path root;
		private final Iterator<String> files;
		private final InputShape shape;
		private final ExecutorService pool;
		/** Files taken, in order; the head is the next one to classify. Guarded by this. */
		private final Deque<Decoded> window = new ArrayDeque<>();
		/** Samples decoded in the window. Guarded by this. */
		private long ahead;
		/** Files being decoded. Guarded by this. */
		private int running;
		/** Samples decoded and not yet classified, anywhere. Guarded by this. */
		private long held;
		private long peak;
		private boolean listed;
		private boolean stopped;
		private RuntimeException listingFailure;

		int filesRead;
		long rows;
		final List<String> skipped = new ArrayList<>();

		Pipeline(final Path root, final Iterator<String> files) {
			this.root = root;
			this.files = files;
			this.shape = classifier.model().inputShape();
			this.pool = Executors.newFixedThreadPool(threads, r -> {
				final Thread t = new Thread(r, "cnn-classifier-decode");
				t.setDaemon(true);
				return t;
			});
			for (int t = 0; t < threads; t++) pool.execute(this::decodeLoop);
		}

		void run(final Consumer<Row> sink, final IntConsumer progress) {
			final int size = shape.size();
			final float[] x = new float[batchSize * size];
			final String[] names = new String[batchSize];
			final int[] slices = new int[batchSize];
			int filled = 0;
			int filesDone = 0;
			Decoded d;
			while ((d = next()) != null) {
				filesDone++;
				if (d.error != null) {
					if (badFiles == BadFiles.STOP) {
						throw new DataException(d.error + " (Or set on_bad_file=skip to leave " +
							"such files out.)");
					}
					skipped.add(d.error);
					continue;
				}
				filesRead++;
				for (int i = 0; i < d.count; i++) {
					System.arraycopy(d.x, i * size, x, filled * size, size);
					names[filled] = d.file;
					slices[filled] = d.slices[i];
					if (++filled == batchSize) {
						classify(x, names, slices, filled, sink);
						filled = 0;
						progress.accept(filesDone);
					}
				}
			}
			if (filled > 0) classify(x, names, slices, filled, sink);
			progress.accept(filesDone);
		}

		/** The oldest file once decoded, or null when all are done. */
		private synchronized Decoded next() {
			try {
				while (true) {
					if (listingFailure != null) throw listingFailure;
					final Decoded head = window.peekFirst();
					if (head != null && head.done) {
						window.removeFirst();
						ahead -= head.count;
						notifyAll();
						if (head.failure != null) throw rethrow(head.failure);
						return head;
					}
					if (head == null && listed && running == 0) return null;
					wait();
				}
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new DataException("Classifying " + root + " was interrupted after " +
					filesRead + " files.");
			}
		}

		private void classify(final float[] x, final String[] names, final int[] slices,
			final int n, final Consumer<Row> sink)
		{
			final List<String> labels = classifier.model().labels();
			final int classes = labels.size();
			final float[] p = classifier.probabilities(x, n);
			final float[] one = new float[classes];
			for (int i = 0; i < n; i++) {
				System.arraycopy(p, i * classes, one, 0, classes);
				sink.accept(new Row(names[i], slices[i], new Prediction(labels, one)));
				names[i] = null;
			}
			rows += n;
			synchronized (this) {
				held -= n;
			}
		}

		/** What each decoder thread runs: take the next file when there is room, decode it. */
		private void decodeLoop() {
			while (true) {
				final Decoded d;
				synchronized (this) {
					try {
						while (!stopped && !listed && !(ahead + running < batchSize || (window
							.isEmpty() && running == 0)))
						{
							wait();
						}
					}
					catch (final InterruptedException e) {
						return;
					}
					if (stopped || listed) return;
					try {
						if (!files.hasNext()) {
							listed = true;
							notifyAll();
							return;
						}
						d = new Decoded(files.next());
					}
					catch (final RuntimeException e) {
						listingFailure = e;
						listed = true;
						notifyAll();
						return;
					}
					window.addLast(d);
					running++;
				}
				decode(d);
				synchronized (this) {
					d.done = true;
					running--;
					ahead += d.count;
					held += d.count;
					peak = Math.max(peak, held);
					notifyAll();
				}
			}
		}

		private void decode(final Decoded d) {
			final Path file = root.resolve(d.file);
			try {
				final ImageSamples samples = new ImageSamples(ImageFiles.open(file), shape);
				final int n = samples.count();
				final int size = shape.size();
				if ((long) n * size > Integer.MAX_VALUE - 8) {
					throw new IllegalArgumentException("it has too many planes (" + n + ") to " +
						"classify at once; split it into smaller stacks");
				}
				final float[] x = new float[n * size];
				final int[] slices = new int[n];
				for (int i = 0; i < n; i++) {
					samples.fill(i, x, i * size);
					slices[i] = samples.planes(i)[0];
				}
				d.x = x;
				d.slices = slices;
				d.count = n;
			}
			catch (final DataException e) {
				d.error = e.getMessage();
			}
			catch (final IllegalArgumentException e) {
				d.error = "Cannot classify image " + file + ": " + e.getMessage() + ".";
			}
			catch (final RuntimeException | Error e) {
				d.failure = e;
			}
		}

		synchronized long peak() {
			return peak;
		}

		/** Ends the decoder threads; called when the run ends, normally or not. */
		void stop() {
			synchronized (this) {
				stopped = true;
				window.clear();
				notifyAll();
			}
			pool.shutdownNow();
		}

		private RuntimeException rethrow(final Throwable t) {
			if (t instanceof Error) throw (Error) t;
			return (RuntimeException) t;
		}
	}

	/** A depth-first walk that lists one folder at a time and yields files in sorted path order. */
	private static final class Walk implements Iterator<String> {

		/** A folder entry: its relative path, and whether it is a folder to descend into. */
		private static final class Entry {

			final String path;
			final boolean folder;
			/** NB: a folder sorts as "name/", so the walk yields exactly the sorted full paths. */
			final String key;

			Entry(final String path, final boolean folder) {
				this.path = path;
				this.folder = folder;
				this.key = folder ? path + "/" : path;
			}
		}

		private final Path root;
		private final Deque<Iterator<Entry>> stack = new ArrayDeque<>();
		private String next;

		Walk(final Path root) {
			this.root = root;
			push(root, "");
		}

		@Override
		public boolean hasNext() {
			if (next == null) next = advance();
			return next != null;
		}

		@Override
		public String next() {
			if (!hasNext()) throw new NoSuchElementException();
			final String n = next;
			next = null;
			return n;
		}

		private String advance() {
			while (!stack.isEmpty()) {
				final Iterator<Entry> top = stack.peek();
				if (!top.hasNext()) {
					stack.pop();
					continue;
				}
				final Entry e = top.next();
				if (!e.folder) return e.path;
				push(root.resolve(e.path), e.path + "/");
			}
			return null;
		}

		private void push(final Path dir, final String prefix) {
			final List<Entry> entries = new ArrayList<>();
			try (DirectoryStream<Path> list = Files.newDirectoryStream(dir)) {
				for (final Path p : list) {
					final String name = p.getFileName().toString();
					if (name.startsWith(".")) continue;
					// NB: one stat per entry; a link counts as what it points to, but
					// links to folders are not followed (no cycles).
					final BasicFileAttributes a;
					try {
						a = Files.readAttributes(p, BasicFileAttributes.class,
							LinkOption.NOFOLLOW_LINKS);
					}
					catch (final NoSuchFileException e) {
						continue; // NB: removed since it was listed
					}
					if (a.isDirectory()) entries.add(new Entry(prefix + name, true));
					else if (LabelledFolder.isImageFile(p) && (a.isRegularFile() || a
						.isSymbolicLink() && Files.isRegularFile(p)))
					{
						entries.add(new Entry(prefix + name, false));
					}
				}
			}
			catch (final IOException | java.nio.file.DirectoryIteratorException e) {
				throw new DataException("Cannot read folder " + dir + ": " + e.getMessage(), e);
			}
			entries.sort(Comparator.comparing(e -> e.key));
			stack.push(entries.iterator());
		}
	}
}
