package io.github.cnnclassifier.command;

import ij.ImagePlus;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.ij.EvaluationReport;

import java.io.File;
import java.nio.file.Path;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Classifies a labelled folder and reports how well the model does: accuracy,
 * macro-F1, per-class precision, recall (with 95 % bootstrap intervals), F1 and
 * support (table "CNN Evaluation", CSV; headless without a file, on standard
 * output), calibration (ECE, Brier score, reliability diagram), the confusion
 * matrix (CSV and picture), the misclassified files, and a warning when the
 * folder holds images the model trained on.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>Evaluate CNN")
public final class EvaluateCommand extends ModelCommand {

	@Parameter(label = "Folder of labelled images", style = FileWidget.DIRECTORY_STYLE,
		persist = false, description = "Labelled folder: one sub-folder of images per class, " +
			"named as the model's classes. Macro key: data")
	private File data;

	@Parameter(label = "Per-class table CSV (optional)", style = FileWidget.SAVE_STYLE,
		required = false, persist = false, description = "Optional CSV file for the per-class " +
			"table. Macro key: results")
	private File results;

	@Parameter(label = "Confusion matrix CSV (optional)", style = FileWidget.SAVE_STYLE,
		required = false, persist = false, description = "Optional CSV file for the confusion " +
			"matrix (rows: true class). Macro key: confusion")
	private File confusion;

	@Parameter(label = "Misclassified images CSV (optional)", style = FileWidget.SAVE_STYLE,
		required = false, persist = false, description = "Optional CSV file listing the " +
			"misclassified images. Macro key: misclassified")
	private File misclassified;

	@Parameter(label = "Confusion matrix picture (optional)", style = FileWidget.SAVE_STYLE,
		required = false, persist = false, description = "Optional PNG file for the picture of " +
			"the confusion matrix. Macro key: save_to")
	private File save_to;

	@Parameter(label = "Reliability diagram PNG (optional)", style = FileWidget.SAVE_STYLE,
		required = false, persist = false, description = "Optional PNG file for the reliability " +
			"diagram. Macro key: reliability")
	private File reliability;

	@Parameter(label = "Mini-batch size", min = "1", persist = false,
		description = "Images per forward pass. Macro key: mini_batch_size")
	private int mini_batch_size = 128;

	@Parameter(label = "Unreadable image", choices = { "skip", "stop" }, persist = false,
		description = "An unreadable image: leave it out and report it, or stop. " +
			"Macro key: on_bad_file")
	private String on_bad_file = "skip";

	@Parameter(label = "Replace a file of another kind", required = false, persist = false,
		description = "Replace existing files at 'results', 'confusion', 'misclassified', " +
			"'save_to' and 'reliability' that are not of their kind. Macro key: overwrite")
	private boolean overwrite = false;

	// NB: outputs are shown in this order: the confusion matrix last, so it stays the current image.
	@Parameter(label = "Reliability diagram", type = ItemIO.OUTPUT)
	private ImagePlus reliability_diagram;

	@Parameter(label = "Confusion matrix", type = ItemIO.OUTPUT)
	private ImagePlus confusion_matrix;

	@Override
	public void run() {
		Commands.run(this, log, this::evaluate);
	}

	private void evaluate() {
		final Path table = Commands.path(results);
		final EvaluationReport.Result r = new EvaluationReport(table, Commands.path(confusion),
			Commands.path(misclassified), Commands.path(save_to), Commands.path(reliability),
			overwrite).run(ref(), data.toPath(), BadFiles.of(on_bad_file), mini_batch_size,
				models, log);
		confusion_matrix = r.picture();
		reliability_diagram = r.reliability();
		Commands.printUnlessSaved(table, r.evaluation()::metricsCsv, "results");
	}
}
