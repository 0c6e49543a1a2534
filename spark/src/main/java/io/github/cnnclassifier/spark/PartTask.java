package io.github.cnnclassifier.spark;

import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.folder.FolderClassifier;
import io.github.cnnclassifier.folder.FolderRow;
import io.github.cnnclassifier.folder.FolderSummary;
import io.github.cnnclassifier.predict.Classifier;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * What each task runs: classifies one part's files with Classify Folder's own
 * loop ({@link FolderClassifier#classify(io.github.cnnclassifier.folder.FolderFiles,
 * java.util.List, java.util.function.Consumer)}: mini-batches across files,
 * bad files skipped) and commits the part's rows ({@link PartStore}); a part
 * already finished is left as it is.
 */
final class PartTask implements VoidFunction<Part> {

	private static final long serialVersionUID = 1L;

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
		final Classifier classifier = ExecutorModels.borrow(modelId, modelName, model::value);
		try {
			final Path rows = store.temporary(part);
			final FolderSummary summary;
			try (Writer out = new BufferedWriter(new OutputStreamWriter(resultsPath.getFileSystem(
				conf).create(rows, true), StandardCharsets.UTF_8)))
			{
				summary = classify(classifier, new HadoopFolder(in, root), part, out);
			}
			store.commit(part, rows, PartOutcome.of(summary));
		}
		finally {
			ExecutorModels.giveBack(modelId, classifier);
		}
	}

	/** Classifies the files of {@code part}, writing a CSV line per sample to {@code out}. */
	private FolderSummary classify(final Classifier classifier, final HadoopFolder folder,
		final Part part, final Writer out) throws IOException
	{
		try {
			// NB: the task's cores decode, not the executor's: its other tasks share them.
			final TaskContext task = TaskContext.get();
			return new FolderClassifier(classifier, batchSize, BadFiles.SKIP).classify(folder,
				part.files(), task == null ? 1 : task.cpus(), batch -> {
					try {
						for (final FolderRow row : batch) {
							out.write(row.csv());
							out.write('\n');
						}
					}
					catch (final IOException e) {
						throw new UncheckedIOException(e);
					}
				});
		}
		catch (final UncheckedIOException e) {
			throw e.getCause();
		}
	}
}
