package io.github.cnnclassifier.command;

import ij.IJ;
import ij.measure.ResultsTable;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.Memory;
import io.github.cnnclassifier.ij.LogWindow;
import io.github.cnnclassifier.predict.ClassCounts;
import io.github.cnnclassifier.predict.FolderClassifier;
import io.github.cnnclassifier.predict.FolderJob;
import io.github.cnnclassifier.predict.FolderProgress;
import io.github.cnnclassifier.predict.FolderSummary;
import io.github.cnnclassifier.predict.LoadedModel;
import io.github.cnnclassifier.predict.ModelService;
import io.github.cnnclassifier.predict.Shard;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Classifies the image files of a folder with a trained model into a CSV, one
 * row per image or stack plane (File, Slice, Class, Confidence, P_label...),
 * plus per-class counts (a second CSV and the Results table). A stopped run
 * continues where it stopped when run again; images can be sorted into class
 * folders; a shard of the folder lets several machines share it.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>Classify Folder with CNN")
public final class ClassifyFolderCommand extends ContextCommand {

	/** NB: headless, a progress line at most this often. */
	private static final double PROGRESS_SECONDS = 10;

	@Parameter
	private LogService log;

	@Parameter
	private ModelService models;

	@Parameter(style = FileWidget.DIRECTORY_STYLE, persist = false,
		description = "Folder of images to classify")
	private File folder;

	@Parameter(style = FileWidget.OPEN_STYLE, persist = false,
		description = "Model file written by Train CNN Classifier")
	private File model;

	@Parameter(style = FileWidget.SAVE_STYLE, persist = false,
		description = "CSV file to write, one row per image or plane; the class counts go " +
			"beside it (name-counts.csv)")
	private File results;

	@Parameter(min = "1", persist = false, description = "Samples per forward pass")
	private int mini_batch_size = 128;

	@Parameter(choices = { "skip", "stop" }, persist = false,
		description = "An unreadable image: leave it out and report it, or stop")
	private String on_bad_file = "skip";

	@Parameter(required = false, persist = false,
		description = "Only files whose name matches, e.g. *.tif; empty: all images")
	private String pattern = "";

	/**
	 * NB: a choice, not a checkbox: an ImageJ 1.x macro that leaves a checkbox
	 * out turns it off, so a default of true would differ between macros and --run.
	 */
	@Parameter(choices = { "true", "false" }, persist = false,
		description = "Include sub-folders")
	private String recursive = "true";

	@Parameter(required = false, persist = false,
		description = "i/n: classify only part i of n of the folder (e.g. 3/8, one per " +
			"machine); empty: all")
	private String shard = "";

	@Parameter(style = FileWidget.DIRECTORY_STYLE, required = false, persist = false,
		description = "Optional folder to sort the images into, one sub-folder per class")
	private File sort_to;

	@Parameter(choices = { "copy", "move" }, persist = false,
		description = "Copy the images into sort_to, or move them")
	private String sort_mode = "copy";

	@Parameter(persist = false,
		description = "Start afresh instead of continuing a stopped run, replacing the results")
	private boolean overwrite = false;

	@Override
	public void run() {
		Commands.run(this, log, this::classify);
	}

	private void classify() {
		if (folder == null || folder.getPath().isEmpty()) {
			throw new IllegalArgumentException("Give the folder of images to classify.");
		}
		if (results == null || results.getPath().isEmpty()) {
			throw new IllegalArgumentException("Give the results file (.csv) to write.");
		}
		if (model == null || model.getPath().isEmpty()) {
			throw new IllegalArgumentException("Give the model file (.zip) to classify with.");
		}
		if (!recursive.equalsIgnoreCase("true") && !recursive.equalsIgnoreCase("false")) {
			throw new IllegalArgumentException("recursive must be true or false, got '" +
				recursive + "'.");
		}
		final boolean move = sort_mode.equalsIgnoreCase("move");
		if (!move && !sort_mode.equalsIgnoreCase("copy")) {
			throw new IllegalArgumentException("sort_mode must be copy or move, got '" +
				sort_mode + "'.");
		}
		final Path sortTo = Commands.path(sort_to);
		final FolderJob job = new FolderJob(folder.toPath(), results.toPath(), pattern,
			recursive.equalsIgnoreCase("true"), Shard.of(shard), sortTo, move, overwrite);
		final BadFiles policy = BadFiles.of(on_bad_file);
		// NB: folder, results, counts and sort_to are checked before the model loads, so a
		// typo fails at once.
		job.check(model.toPath());
		final FolderSummary summary;
		try (LoadedModel loaded = models.borrow(model.toPath())) {
			// NB: a batch being classified, one being decoded, and room for the engine.
			Memory.requireBatches(mini_batch_size, 3, loaded.classifier().model().inputShape());
			if (!loaded.reused()) {
				LogWindow.info(log, "Computing with " + loaded.classifier().engine());
			}
			summary = new FolderClassifier(loaded.classifier(), mini_batch_size, policy).run(job,
				progress());
		}
		for (final String skipped : summary.skipped()) LogWindow.warn(log, "Skipped: " + skipped);
		LogWindow.info(log, summary.line() + "; results in " + results + ", class counts in " +
			job.countsFile());
		if (summary.sorted() > 0 || summary.unsorted() > 0) {
			LogWindow.info(log, (move ? "Moved " : "Copied ") + summary.sorted() + " images " +
				"into " + sortTo + "/<class>/" + (summary.unsorted() == 0 ? "" : "; " + summary
					.unsorted() + " stacks stay where they are (their planes have classes of " +
					"their own)"));
		}
		LogWindow.info(log, "Rows per class: " + summary.counts());
		showCounts(summary.counts());
		if (IJ.getInstance() != null) IJ.showStatus(summary.line());
	}

	/** GUI: progress bar and status line, Esc stops; headless: a line now and then. */
	private Consumer<FolderProgress> progress() {
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
