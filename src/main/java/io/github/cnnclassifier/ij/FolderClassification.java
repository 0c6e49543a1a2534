package io.github.cnnclassifier.ij;

import ij.IJ;
import ij.measure.ResultsTable;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.Memory;
import io.github.cnnclassifier.folder.ClassCounts;
import io.github.cnnclassifier.folder.FolderClassifier;
import io.github.cnnclassifier.folder.FolderJob;
import io.github.cnnclassifier.folder.FolderProgress;
import io.github.cnnclassifier.folder.FolderSummary;
import io.github.cnnclassifier.predict.LoadedModel;
import io.github.cnnclassifier.predict.ModelService;
import io.github.cnnclassifier.interop.ModelRef;

import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.scijava.log.LogService;

/**
 * Classify Folder with CNN in ImageJ: checks the job, classifies with a
 * borrowed model, logs the summary and shows the per-class counts.
 */
public final class FolderClassification {

	/** NB: headless, a progress line at most this often. */
	private static final double PROGRESS_SECONDS = 10;

	private FolderClassification() {}

	/**
	 * Runs {@code job} with the model file {@code model}.
	 *
	 * @throws DataException naming the file or value and what to do
	 */
	public static FolderSummary run(final FolderJob job, final ModelRef model,
		final int miniBatchSize, final BadFiles policy, final ModelService models,
		final LogService log)
	{
		// NB: folder, results, counts and sort_to are checked before the model loads, so a
		// typo fails at once.
		job.check(model.file());
		final FolderSummary summary;
		try (LoadedModel loaded = models.borrow(model)) {
			// NB: a batch being classified, one being decoded, and room for the engine.
			Memory.requireBatches(miniBatchSize, 3, loaded.classifier().model().inputShape());
			if (!loaded.reused()) {
				LogWindow.info(log, "Computing with " + loaded.classifier().engine());
			}
			summary = new FolderClassifier(loaded.classifier(), miniBatchSize, policy).run(job,
				progress(log));
		}
		for (final String skipped : summary.skipped()) LogWindow.warn(log, "Skipped: " + skipped);
		LogWindow.info(log, summary.line() + "; results in " + job.results() +
			", class counts in " + job.countsFile());
		if (summary.sorted() > 0 || summary.unsorted() > 0) {
			LogWindow.info(log, (job.move() ? "Moved " : "Copied ") + summary.sorted() +
				" images into " + job.sortTo() + "/<class>/" + (summary.unsorted() == 0 ? ""
					: "; " + summary.unsorted() + " stacks stay where they are (their planes " +
						"have classes of their own)"));
		}
		LogWindow.info(log, "Rows per class: " + summary.counts());
		showCounts(summary.counts());
		if (IJ.getInstance() != null) IJ.showStatus(summary.line());
		return summary;
	}

	/** GUI: progress bar and status line, Esc stops; headless: a line now and then. */
	private static Consumer<FolderProgress> progress(final LogService log) {
		if (IJ.getInstance() != null) {
			IJ.resetEscape();
			return p -> {
				if (IJ.escapePressed()) {
					IJ.showProgress(1.0);
					throw new DataException("Classify Folder with CNN stopped (Esc) after " + p
						.done() + " files.");
				}
				IJ.showProgress(p.fraction());
				IJ.showStatus("Classify Folder with CNN: " + p.line() + "  (Esc stops)");
			};
		}
		final double[] last = { 0 };
		return p -> {
			if (p.seconds() - last[0] >= PROGRESS_SECONDS && p.done() < p.total()) {
				last[0] = p.seconds();
				log.info("Classify Folder with CNN: " + p.line());
			}
		};
	}

	/** The per-class counts in the Results table: Class, Count, Percent. */
	private static void showCounts(final ClassCounts counts) {
		final ResultsTable table = ResultsTable.getResultsTable();
		table.reset();
		for (int k = 0; k < counts.labels().size(); k++) {
			table.addRow();
			table.addValue("Class", counts.labels().get(k));
			table.addValue("Count", counts.count(k));
			table.addValue("Percent", counts.percent(k));
		}
		table.setDecimalPlaces(table.getColumnIndex("Percent"), 2);
		if (!GraphicsEnvironment.isHeadless()) table.show("Results");
	}
}
