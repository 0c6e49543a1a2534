package io.github.cnnclassifier.spark;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.LabelledFolder;
import io.github.cnnclassifier.folder.FolderClassifier;
import io.github.cnnclassifier.folder.FolderJob;
import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.predict.Classifier;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Classify Folder with CNN on Apache Spark: lists the image files under a
 * folder of any Hadoop file system, cuts them into parts, classifies each part
 * on an executor with the model sent as bytes, and merges the parts into one
 * results CSV with Classify Folder's columns, plus its per-class counts. A
 * re-run after a kill classifies only the parts not yet finished.
 */
public final class ClassifyFolderJob {

	private final JobOptions options;

	public ClassifyFolderJob(final JobOptions options) {
		this.options = options;
	}

	/** For spark-submit: the options as {@code key=value} arguments; a refusal is one line, exit 1 (2 for usage). */
	public static void main(final String[] args) {
		try {
			final JobOptions options = JobOptions.parse(args);
			final SparkConf conf = new SparkConf().setAppName("Classify Folder with CNN");
			try (JavaSparkContext sc = new JavaSparkContext(conf)) {
				System.out.println(new ClassifyFolderJob(options).run(sc));
			}
		}
		// NB: a task's refusal reaches here as Spark's SparkException, which is checked.
		catch (final Exception e) {
			final String line = refusal(e);
			if (line == null) throw e;
			System.err.println(line);
			System.exit(e instanceof JobException j ? j.exitStatus() : 1);
		}
	}

	/**
	 * Runs the job on {@code sc}.
	 *
	 * @return what was done, for the user: files, rows, parts, time, the skipped files
	 * @throws JobException, DataException, ModelException for what the user must fix
	 */
	public Summary run(final JavaSparkContext sc) {
		final long start = System.nanoTime();
		final Configuration hadoop = sc.hadoopConfiguration();
		try {
			final Path folder = new Path(options.folder());
			final Path results = new Path(options.results());
			final Path modelPath = new Path(options.model());
			final FileSystem out = fileSystem(results, hadoop);
			final Path counts = countsFile(results);
			checkResults(out, results, modelPath, folder);
			final byte[] bytes = read(fileSystem(modelPath, hadoop), modelPath);
			final String modelId = Part.sha256(bytes);
			// NB: opened here too, to refuse a file that is no model before any task starts.
			final Classifier model = ExecutorModels.borrow(modelId, modelPath.getName(), () -> bytes);
			final List<String> labels = model.model().labels();
			ExecutorModels.giveBack(modelId, model);
			final List<String> files = ImageListing.list(fileSystem(folder, hadoop), folder,
				options.pattern());
			final List<Part> parts = Part.of(files, options.partitionsFor(files.size(), sc
				.defaultParallelism()), modelId);
			final PartStore store = new PartStore(out, results);
			if (options.overwrite()) store.clear();
			final List<Part> todo = new ArrayList<>();
			for (final Part p : parts) if (!store.done(p)) todo.add(p);
			if (!todo.isEmpty()) {
				final Broadcast<byte[]> shared = sc.broadcast(bytes);
				sc.parallelize(todo, todo.size()).foreach(new PartTask(folder.toString(), results
					.toString(), hadoop, modelId, modelPath.getName(), shared, options
						.miniBatchSize()));
				shared.destroy();
			}
			final PartOutcome all = store.merge(parts, labels, options.parquet() ? new ParquetResults(
				sc, labels) : store.csv(FolderClassifier.headingLine(labels)), results, counts);
			return new Summary(files.size(), all, parts.size(), parts.size() - todo.size(),
				(System.nanoTime() - start) / 1e9, results, counts, sc.master());
		}
		catch (final IOException e) {
			throw new JobException("Cannot write the results " + options.results() + ": " + e
				.getMessage());
		}
	}

	/**
	 * The per-class counts beside the results, by Classify Folder's rule:
	 * {@code plates.csv} and {@code plates.parquet} get {@code plates-counts.csv}.
	 */
	static Path countsFile(final Path results) {
		final String name = results.getName();
		final String stem = name.toLowerCase(Locale.ROOT).endsWith(".parquet") ? name.substring(0,
			name.length() - 8) + ".csv" : name;
		return new Path(results.getParent(), FolderJob.countsFile(java.nio.file.Path.of(stem))
			.getFileName().toString());
	}

	/**
	 * Refuses results that would replace the model, an image, the image folder
	 * (or a folder above it) or a folder that is not an earlier Parquet result,
	 * and finished results without overwrite.
	 */
	private void checkResults(final FileSystem fs, final Path results, final Path model,
		final Path folder) throws IOException
	{
		final String out = fs.makeQualified(results).toString();
		final String images = folder.getFileSystem(fs.getConf()).makeQualified(folder).toString();
		if (out.equals(model.getFileSystem(fs.getConf()).makeQualified(model).toString())) {
			throw new JobException("Results " + results + " would replace the model. Give " +
				"another file.", true);
		}
		if ((images + "/").startsWith(out + "/")) {
			throw new JobException("Results " + results + " would replace the image folder. " +
				"Give a file beside it.", true);
		}
		if (LabelledFolder.isImageFile(java.nio.file.Path.of(results.getName()))) {
			throw new JobException("Results " + results + " would be an image file. Give a " +
				(options.parquet() ? ".parquet folder." : ".csv file."), true);
		}
		if (!fs.exists(results)) return;
		if (!options.overwrite()) {
			throw new JobException("Results " + results + " are there from a finished run. " +
				"Choose another " + (options.parquet() ? "folder" : "file") + ", or set " +
				"overwrite=true to replace them.");
		}
		if (fs.getFileStatus(results).isDirectory() && !(options.parquet() && fs.exists(
			new Path(results, "_SUCCESS"))))
		{
			throw new JobException("Results " + results + " is a folder" + (options.parquet()
				? " that Spark did not write (no _SUCCESS in it)" : "") + "; overwrite=true " +
				"replaces only results. Give " + (options.parquet() ? "another folder." :
					"a .csv file."), true);
		}
	}

	private static FileSystem fileSystem(final Path path, final Configuration conf)
		throws IOException
	{
		final FileSystem fs = path.getFileSystem(conf);
		// NB: no hidden .crc files beside the results on a local disk.
		fs.setWriteChecksum(false);
		return fs;
	}

	private static byte[] read(final FileSystem fs, final Path model) throws IOException {
		try (InputStream in = fs.open(model)) {
			return in.readAllBytes();
		}
		catch (final FileNotFoundException e) {
			throw new JobException("Model file not found: " + model + ". Train one with " +
				"\"Train CNN Classifier\" or check the path.");
		}
	}

	/** The one line to show for {@code e} or a cause of it, or null for a bug. */
	static String refusal(final Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (t instanceof JobException || t instanceof DataException ||
				t instanceof ModelException)
			{
				return t.getMessage();
			}
		}
		return null;
	}

	/**
	 * What a run did.
	 *
	 * @param listed image files found
	 * @param outcome rows per class, files read, files skipped
	 * @param parts the parts the files were cut into
	 * @param reused parts finished by an earlier run and not classified again
	 */
	public record Summary(int listed, PartOutcome outcome, int parts, int reused,
		double seconds, Path results, Path counts, String master)
	{

		/** Rows written (one per image or stack plane). */
		public long rows() {
			long n = 0;
			for (final long c : outcome.counts) n += c;
			return n;
		}

		/** The files skipped, each with why. */
		public List<String> skipped() {
			return outcome.skipped;
		}

		@Override
		public String toString() {
			final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
				"Classified %d of %d files (%d rows) on Spark %s in %d parts (%d finished " +
					"before) in %.1f s; results: %s, counts: %s", outcome.files, listed, rows(),
				master, parts, reused, seconds, results, counts));
			if (!skipped().isEmpty()) {
				sb.append(String.format(Locale.ROOT, "%nSkipped %d files:", skipped().size()));
				for (final String s : skipped()) sb.append(System.lineSeparator()).append("  ")
					.append(s);
			}
			return sb.toString();
		}
	}
}
