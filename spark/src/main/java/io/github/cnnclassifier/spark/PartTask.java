package io.github.cnnclassifier.spark;

import io.github.cnnclassifier.api.CnnModel;
import io.github.cnnclassifier.api.Progress;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.ImageFiles;
import io.github.cnnclassifier.folder.FolderRow;
import io.github.cnnclassifier.predict.Prediction;
import io.github.cnnclassifier.tensor.ImageSamples;
import io.github.cnnclassifier.tensor.InputShape;
import io.github.cnnclassifier.tensor.SampleSource;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * What each task runs: classifies one part's files through the model API, in
 * mini-batches across files, and commits the part's rows
 * ({@link PartStore}); a part already finished is left as it is.
 */
final class PartTask implements VoidFunction<Part> {

	private static final long serialVersionUID = 1L;

	/** NB: as Classify Folder: this many unfitting files from a part's first means the wrong model. */
	private static final int MISFITS_TO_STOP = 20;

	private final String folder;
	private final String results;
	private final Map<String, String> hadoop;
	private final String modelId;
	private final String modelName;
	private final Broadcast<byte[]> model;
	private final int batchSize;

	/**
	 * @param hadoop the driver's Hadoop configuration (the file systems' settings)
	 * @param model the model file's bytes
	 */
	PartTask(final String folder, final String results, final Configuration hadoop,
		final String modelId, final String modelName, final Broadcast<byte[]> model,
		final int batchSize)
	{
		this.folder = folder;
		this.results = results;
		this.hadoop = new HashMap<>();
		for (final Map.Entry<String, String> e : hadoop) this.hadoop.put(e.getKey(), e.getValue());
		this.modelId = modelId;
		this.modelName = modelName;
		this.model = model;
		this.batchSize = batchSize;
	}

	@Override
	public void call(final Part part) throws IOException {
		final Configuration conf = new Configuration(false);
		hadoop.forEach(conf::set);
		final Path root = new Path(folder);
		final FileSystem in = root.getFileSystem(conf);
		final Path resultsPath = new Path(results);
		final PartStore store = new PartStore(resultsPath.getFileSystem(conf), resultsPath);
		if (store.done(part)) return;
		final CnnModel cnn = ExecutorModels.borrow(modelId, modelName, model::value);
		try {
			final Path rows = store.temporary(part);
			final PartOutcome outcome;
			try (Writer out = new BufferedWriter(new OutputStreamWriter(resultsPath.getFileSystem(
				conf).create(rows, true), StandardCharsets.UTF_8)))
			{
				outcome = classify(cnn, in, root, part, out);
			}
			store.commit(part, rows, outcome);
		}
		finally {
			ExecutorModels.giveBack(modelId, cnn);
		}
	}

	/** Classifies the files of {@code part}, writing a CSV line per sample to {@code out}. */
	private PartOutcome classify(final CnnModel cnn, final FileSystem fs, final Path root,
		final Part part, final Writer out) throws IOException
	{
		final PartOutcome outcome = new PartOutcome(cnn.labels().size());
		final List<Decoded> pending = new ArrayList<>();
		int samples = 0;
		int misfits = 0;
		for (final String file : part.files()) {
			final Decoded d = decode(fs, root, file, cnn.input());
			if (d.error != null) {
				if (d.misfit && outcome.files == 0 && ++misfits == MISFITS_TO_STOP) {
					throw new DataException("The model does not fit the images in " + root +
						": the first " + misfits + " files of " + part.name() + " were all left " +
						"out. " + d.error);
				}
				outcome.skipped.add(d.error);
				continue;
			}
			outcome.files++;
			pending.add(d);
			samples += d.samples.count();
			if (samples >= batchSize) {
				write(cnn, pending, outcome, out);
				pending.clear();
				samples = 0;
			}
		}
		write(cnn, pending, outcome, out);
		return outcome;
	}

	/** Classifies the samples of {@code files} together and writes their rows. */
	private void write(final CnnModel cnn, final List<Decoded> files,
		final PartOutcome outcome, final Writer out) throws IOException
	{
		if (files.isEmpty()) return;
		final List<Prediction> predictions = cnn.classify(new Joined(files, cnn.input()),
			batchSize, Progress.NONE);
		int i = 0;
		for (final Decoded d : files) {
			final int n = d.samples.count();
			for (int s = 0; s < n; s++, i++) {
				final Prediction p = predictions.get(i);
				outcome.counts[p.classIndex()]++;
				out.write(new FolderRow(d.file, d.samples.planes(s)[0], n, p).csv());
				out.write('\n');
			}
		}
	}

	/**
	 * Opens one file with ImageJ's decoders (as Classify Folder does), from a
	 * local copy when its file system is not the local one.
	 */
	private static Decoded decode(final FileSystem fs, final Path root, final String file,
		final InputShape shape) throws IOException
	{
		final Path path = new Path(root, file);
		final Decoded d = new Decoded(file);
		java.nio.file.Path local = null;
		java.nio.file.Path copy = null;
		try {
			if (fs instanceof LocalFileSystem lfs) local = lfs.pathToFile(path).toPath();
			else {
				final String name = file.substring(file.lastIndexOf('/') + 1);
				copy = Files.createTempFile("cnn-classifier-", "-" + name);
				try (InputStream s = fs.open(path)) {
					Files.copy(s, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
				}
				local = copy;
			}
			try {
				d.samples = new ImageSamples(ImageFiles.open(local), shape);
			}
			catch (final IllegalArgumentException e) {
				d.misfit = true;
				d.error = "Cannot classify image " + local + ": " + e.getMessage() + ".";
			}
			catch (final DataException e) {
				d.error = e.getMessage();
			}
		}
		catch (final IOException e) {
			d.error = "Cannot read " + path + ": " + e.getMessage();
		}
		finally {
			if (copy != null) {
				if (d.error != null) d.error = d.error.replace(copy.toString(), path.toString());
				try {
					Files.deleteIfExists(copy);
				}
				catch (final IOException e) {
					throw new UncheckedIOException(e);
				}
			}
		}
		return d;
	}

	/** One file, decoded and fitted to the model's input, or why not. */
	private static final class Decoded {

		final String file;
		ImageSamples samples;
		String error;
		boolean misfit;

		Decoded(final String file) {
			this.file = file;
		}
	}

	/** The samples of several files, one after another. */
	private record Joined(List<Decoded> files, InputShape shape) implements SampleSource {

		@Override
		public int count() {
			int n = 0;
			for (final Decoded d : files) n += d.samples.count();
			return n;
		}

		@Override
		public void fill(final int index, final float[] dest, final int offset) {
			int i = index;
			for (final Decoded d : files) {
				if (i < d.samples.count()) {
					d.samples.fill(i, dest, offset);
					return;
				}
				i -= d.samples.count();
			}
			throw new IndexOutOfBoundsException(index);
		}
	}
}
