package io.github.cnnclassifier.folder;

import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.predict.Prediction;
import io.github.cnnclassifier.predict.Unsure;

import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.ImageWalk;
import io.github.cnnclassifier.engine.Runners;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Classifies the image files of a folder with one model: one row per sample
 * (per plane of a stack) with the file's path relative to the folder, in
 * sorted path order, then plane order.
 * <p>
 * Memory is bounded by the mini-batch, not by the folder: files are listed
 * one folder at a time ({@link ImageWalk}), decoded {@code Runners.threads()}
 * at a time about one mini-batch ahead ({@link ReadAhead}), and each
 * mini-batch's rows are handed on as soon as it is classified. Not
 * thread-safe; one call at a time.
 * </p>
 */
public final class FolderClassifier {

	/**
	 * NB: when this many files in a row, from the first, do not fit the model
	 * (channels), the model is the wrong one: stop instead of skipping them all.
	 */
	private static final int MISFITS_TO_STOP = 20;

	private final Classifier classifier;
	private final int batchSize;
	private final BadFiles badFiles;

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
	}

	/** Column headings: File, Slice, Class, Confidence, then P_label per class in output order. */
	public List<String> headings() {
		return headings(classifier.model().labels());
	}

	/** The results' column headings for a model with these labels (the Spark job's too). */
	public static List<String> headings(final List<String> labels) {
		final List<String> h = new ArrayList<>(List.of("File", "Slice", "Class",
			"Confidence"));
		for (final String label : labels) h.add("P_" + label);
		return h;
	}

	/** The results CSV's heading line (no line end) for these labels (the Spark job's too). */
	public static String headingLine(final List<String> labels) {
		return ResultsCsv.line(headings(labels));
	}

	/**
	 * Runs {@code job}: classifies its files into its results CSV, continuing
	 * what a stopped run of the same job and model left (unless
	 * {@code overwrite}) and the files it had not seen, writes the per-class
	 * counts beside it, and sorts the images if asked. Rows reach the disk
	 * after every mini-batch; the CSV itself appears when all are there.
	 *
	 * @param progress told after each mini-batch
	 * @throws DataException for anything the user must fix: see {@link FolderJob#check()},
	 *           {@link BadFiles#STOP}, {@link ResultsCsv#open}, no file
	 *           classified at all; rows written so far stay to be continued
	 */
	public FolderSummary run(final FolderJob job, final Consumer<FolderProgress> progress) {
		job.check();
		final Unsure unsure = job.unsure().checkAgainst(classifier.model().labels());
		final List<String> classes = unsure.classes(classifier.model().labels());
		final ClassSorter sorter = job.sortTo() == null ? null : new ClassSorter(job.folder(),
			job.sortTo(), job.move(), classes);
		try (ResultsCsv csv = ResultsCsv.open(job, headings(), classes, ResultsCsv.modelId(
			classifier.model().metadata())))
		{
			final int[] sorted = new int[2];
			if (sorter != null) {
				for (final String[] u : csv.unmoved()) {
					sorter.place(u[0], u[1]);
					sorted[0]++;
				}
			}
			final Predicate<String> todo = f -> job.shard().contains(f) && !csv.done(f);
			final int newFiles = newFiles(job.walk(), todo, csv.lastDone());
			final FolderSummary s;
			try {
				s = classify(job.walk(), todo, unsure, batch -> {
					// NB: copies before their rows are written, moves after: a stop between
					// the two then leaves a copy to find again, or a row to move by.
					if (sorter != null && !job.move()) sort(sorter, batch, sorted);
					csv.append(batch);
					if (sorter != null && job.move()) sort(sorter, batch, sorted);
				}, progress);
			}
			catch (final DataException e) {
				if (csv.rows() == 0) throw e;
				throw new DataException(e.getMessage() + " The " + csv.rows() + " rows so far " +
					"are in " + csv.partial() + "; the same command continues from there.", e);
			}
			if (csv.rows() == 0 && !s.skipped().isEmpty()) {
				throw new DataException("No image in " + job.folder() + " could be classified (" +
					s.skipped().size() + " skipped); the first: " + s.skipped().get(0));
			}
			csv.finish(job.countsFile());
			return new FolderSummary(s.folder(), s.files(), s.rows(), s.skipped(), csv
				.earlierRows(), newFiles, csv.counts(), sorted[0], sorted[1], s.seconds(), s
					.peakSamples());
		}
	}

	/**
	 * The files of {@code walk} still {@code todo} that sort before
	 * {@code lastDone}: added since an earlier run passed their place (or left
	 * out by it, as bad files); 0 without an earlier run.
	 */
	private static int newFiles(final ImageWalk walk, final Predicate<String> todo,
		final String lastDone)
	{
		int n = 0;
		if (lastDone == null) return n;
		for (final String f : walk) {
			if (f.compareTo(lastDone) >= 0) break;
			if (todo.test(f)) n++;
		}
		return n;
	}

	/**
	 * Classifies the files of {@code walk} that belong to {@code shard},
	 * giving the rows of each mini-batch to {@code sink} in this thread, in
	 * path order, then plane order.
	 *
	 * @param progress told after each mini-batch
	 * @throws DataException if a folder cannot be read, the first files do
	 *           not fit the model, or, under {@link BadFiles#STOP}, for the
	 *           first bad file in path order
	 */
	public FolderSummary classify(final ImageWalk walk, final Shard shard,
		final Consumer<List<FolderRow>> sink, final Consumer<FolderProgress> progress)
	{
		return classify(walk, shard::contains, Unsure.OFF, sink, progress);
	}

	/**
	 * Classifies {@code files} of {@code folder} in their order, as a folder
	 * run does (mini-batches across files, decoded ahead, bad files skipped or
	 * stopping the run, the first files all unfitting stopping it), giving the
	 * rows of each mini-batch to {@code sink} in this thread: the Spark job's
	 * parts, on any file system.
	 *
	 * @param decoders threads that decode files ahead: a Spark task's cores, not
	 *          the executor's, as several tasks share them
	 * @return files classified, rows, skipped files and counts; no folder path
	 * @throws DataException if the first files do not fit the model, or, under
	 *           {@link BadFiles#STOP}, for the first bad file
	 */
	public FolderSummary classify(final FolderFiles folder, final List<String> files,
		final int decoders, final Consumer<List<FolderRow>> sink)
	{
		return classify(folder, null, files.iterator(), new AtomicLong(files.size()), decoders,
			Unsure.OFF, sink, p -> {});
	}

	/**
	 * {@link #classify(ImageWalk, Shard, Consumer, Consumer)} of the files
	 * {@code wanted}, the predictions below {@code unsure}'s threshold unsure.
	 */
	private FolderSummary classify(final ImageWalk walk, final Predicate<String> wanted,
		final Unsure unsure, final Consumer<List<FolderRow>> sink,
		final Consumer<FolderProgress> progress)
	{
		final AtomicLong total = new AtomicLong(-1);
		final Thread counter = new Thread(() -> count(walk, wanted, total),
			"cnn-classifier-count");
		counter.setDaemon(true);
		counter.start();
		try {
			return classify(FolderFiles.local(walk.root()), walk.root(), new Filtered(walk
				.iterator(), wanted), total, Runners.threads(), unsure, sink, progress);
		}
		finally {
			counter.interrupt();
		}
	}

	/**
	 * The one loop of every folder run: classifies {@code names} of
	 * {@code folder} in order, in mini-batches across files.
	 *
	 * @param root the summary's folder (null: none)
	 * @param total the files in all, for the progress; -1 while not known
	 * @param decoders threads that decode files ahead
	 */
	private FolderSummary classify(final FolderFiles folder, final Path root,
		final Iterator<String> names, final AtomicLong total, final int decoders,
		final Unsure unsure, final Consumer<List<FolderRow>> sink,
		final Consumer<FolderProgress> progress)
	{
		final long start = System.nanoTime();
		final int size = classifier.model().inputShape().size();
		final List<String> labels = classifier.model().labels();
		final ClassCounts counts = new ClassCounts(unsure.classes(labels));
		final List<String> skipped = new ArrayList<>();
		final float[] x = new float[batchSize * size];
		final List<ReadAhead.Decoded> owners = new ArrayList<>(batchSize);
		final int[] indices = new int[batchSize];
		int filled = 0;
		int filesDone = 0;
		int filesRead = 0;
		long rows = 0;
		int misfits = 0;
		final ReadAhead files = new ReadAhead(folder, names, classifier.model().inputShape(),
			batchSize, decoders);
		try {
			for (ReadAhead.Decoded d; (d = files.next()) != null;) {
				filesDone++;
				if (d.error != null) {
					if (d.misfit && filesRead == 0 && ++misfits == MISFITS_TO_STOP) {
						throw new DataException("The model does not fit the images in " + folder
							.folder() + ": the first " + misfits + " files were all left out. " +
							d.error);
					}
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
					owners.add(d);
					indices[filled] = i;
					if (++filled == batchSize) {
						rows += classify(x, owners, indices, labels, unsure, counts, sink);
						files.release(filled);
						filled = 0;
						progress.accept(new FolderProgress(filesDone, total.get(), seconds(start)));
					}
				}
			}
			if (filled > 0) {
				rows += classify(x, owners, indices, labels, unsure, counts, sink);
				files.release(filled);
			}
			progress.accept(new FolderProgress(filesDone, Math.max(filesDone, total.get()),
				seconds(start)));
			return new FolderSummary(root, filesRead, rows, skipped, 0, 0, counts, 0, 0,
				seconds(start), files.peak());
		}
		finally {
			files.close();
		}
	}

	/** Classifies the {@code owners.size()} samples in {@code x} and hands their rows on. */
	private int classify(final float[] x, final List<ReadAhead.Decoded> owners,
		final int[] indices, final List<String> labels, final Unsure unsure,
		final ClassCounts counts, final Consumer<List<FolderRow>> sink)
	{
		final int n = owners.size();
		final int classes = labels.size();
		final float[] p = classifier.probabilities(x, n);
		final float[] one = new float[classes];
		final List<FolderRow> rows = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			System.arraycopy(p, i * classes, one, 0, classes);
			final ReadAhead.Decoded d = owners.get(i);
			final Prediction prediction = unsure.apply(new Prediction(labels, one));
			counts.add(prediction);
			rows.add(new FolderRow(d.file, d.slices[indices[i]], d.count, prediction));
		}
		owners.clear();
		sink.accept(rows);
		return n;
	}

	/** Sorts the single images of {@code batch}; {@code sorted} counts {sorted, stacks left}. */
	private static void sort(final ClassSorter sorter, final List<FolderRow> batch,
		final int[] sorted)
	{
		for (final FolderRow row : batch) {
			if (row.samples() == 1) {
				sorter.place(row.file(), row.prediction().label());
				sorted[0]++;
			}
			else if (row.slice() == 1) sorted[1]++;
		}
	}

	/** Counts the files for the progress's total; NB: on its own thread, ended by interrupt. */
	private static void count(final ImageWalk walk, final Predicate<String> wanted,
		final AtomicLong total)
	{
		try {
			long n = 0;
			for (final Iterator<String> it = new Filtered(walk.iterator(), wanted); it
				.hasNext(); it.next())
			{
				if (Thread.currentThread().isInterrupted()) return;
				n++;
			}
			total.set(n);
		}
		catch (final RuntimeException e) {
			// NB: the walk that classifies reports the same problem.
		}
	}

	private static double seconds(final long start) {
		return (System.nanoTime() - start) / 1e9;
	}

	/** The files of a walk that are wanted. */
	private static final class Filtered implements Iterator<String> {

		private final Iterator<String> files;
		private final Predicate<String> wanted;
		private String next;

		Filtered(final Iterator<String> files, final Predicate<String> wanted) {
			this.files = files;
			this.wanted = wanted;
		}

		@Override
		public boolean hasNext() {
			while (next == null && files.hasNext()) {
				final String f = files.next();
				if (wanted.test(f)) next = f;
			}
			return next != null;
		}

		@Override
		public String next() {
			if (!hasNext()) throw new NoSuchElementException();
			final String f = next;
			next = null;
			return f;
		}
	}
}
