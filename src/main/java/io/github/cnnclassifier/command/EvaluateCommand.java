package io.github.cnnclassifier.command;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.github.cnnclassifier.api.CnnModel;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.OutputFile;
import io.github.cnnclassifier.data.Outputs;
import io.github.cnnclassifier.data.SafeFiles;
import io.github.cnnclassifier.ij.CommandProgress;
import io.github.cnnclassifier.ij.ConfusionPicture;
import io.github.cnnclassifier.ij.InspectionTables;
import io.github.cnnclassifier.ij.LogWindow;
import io.github.cnnclassifier.ij.Pictures;
import io.github.cnnclassifier.inspect.ConfusionMatrix;
import io.github.cnnclassifier.inspect.Evaluation;
import io.github.cnnclassifier.predict.ModelService;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Classifies a labelled folder and reports how well the model does: accuracy,
 * per-class precision, recall, F1 and support (Results table, CSV; headless
 * without a file, on standard output), the confusion matrix (CSV and
 * picture), and the misclassified files.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>Evaluate CNN")
public final class EvaluateCommand extends ContextCommand {

	/** Misclassified files named in the log; the CSV and the GUI table list them all. */
	private static final int LOGGED = 20;

	/** The CSV files this command writes, recognised by their headings. */
	private static final OutputFile.Kind TABLE = OutputFile.Kind.csvWithColumns("results",
		"a per-class table (a CSV with Class, Precision and Recall columns)", "Class",
		"Precision", "Recall"), COUNTS = OutputFile.Kind.csvWithColumns("confusion matrix",
			"a confusion matrix (a CSV with a True column)", "True"), LIST = OutputFile.Kind
				.csvWithColumns("misclassified list", "a list of misclassified images (a CSV with " +
					"File, True and Predicted columns)", "File", "True", "Predicted");

	@Parameter
	private LogService log;

	@Parameter
	private ModelService models;

	@Parameter(style = FileWidget.OPEN_STYLE, persist = false,
		description = "Model file written by Train CNN Classifier")
	private File model;

	@Parameter(style = FileWidget.DIRECTORY_STYLE, persist = false,
		description = "Labelled folder: one sub-folder of images per class, named as the " +
			"model's classes")
	private File data;

	@Parameter(style = FileWidget.SAVE_STYLE, required = false, persist = false,
		description = "Optional CSV file for the per-class table")
	private File results;

	@Parameter(style = FileWidget.SAVE_STYLE, required = false, persist = false,
		description = "Optional CSV file for the confusion matrix (rows: true class)")
	private File confusion;

	@Parameter(style = FileWidget.SAVE_STYLE, required = false, persist = false,
		description = "Optional CSV file listing the misclassified images")
	private File misclassified;

	@Parameter(style = FileWidget.SAVE_STYLE, required = false, persist = false,
		description = "Optional PNG file for the picture of the confusion matrix")
	private File save_to;

	@Parameter(min = "1", persist = false, description = "Images per forward pass")
	private int mini_batch_size = 128;

	@Parameter(choices = { "skip", "stop" }, persist = false,
		description = "An unreadable image: leave it out and report it, or stop")
	private String on_bad_file = "skip";

	@Parameter(required = false, persist = false, description = "Replace existing files at " +
		"'results', 'confusion', 'misclassified' and 'save_to' that are not of their kind")
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus confusion_matrix;

	@Override
	public void run() {
		Commands.run(this, log, this::evaluate);
	}

	private void evaluate() {
		final Path table = Commands.path(results), counts = Commands.path(confusion), wrong =
			Commands.path(misclassified), png = Commands.path(save_to);
		final Path folder = data.toPath();
		Outputs.of(overwrite).file("results", table, TABLE).file("confusion", counts, COUNTS)
			.file("misclassified", wrong, LIST).file("save_to", png, p -> Pictures.kind(p,
				"confusion matrix picture")).input("model", model.toPath()).inputFolder(
					"data folder", folder).check();
		final Evaluation e;
		final CommandProgress progress = new CommandProgress("Evaluating", log);
		try (CnnModel cnn = CnnModel.borrow(models, model.toPath())) {
			e = cnn.evaluate(folder, BadFiles.of(on_bad_file), mini_batch_size, progress);
		}
		finally {
			progress.done();
		}
		final ConfusionMatrix m = e.confusion();
		for (final String skipped : e.skipped()) LogWindow.info(log, "Skipped: " + skipped);
		final String name = OutputFile.withoutZip(model.getName());
		LogWindow.info(log, String.format(Locale.ROOT, "%s on %s: accuracy %.2f %% (%d of %d images), %d " +
			"misclassified", name, folder, 100 * m.accuracy(), m.correct(), m.total(), e
				.misclassified().size()));
		e.misclassified().stream().limit(LOGGED).forEach(w -> LogWindow.info(log, String.format(
			Locale.ROOT,
			"Misclassified: %s (%s) as %s (confidence %.3f)", Evaluation.relative(folder, w.file()),
			w.truth(), w.predicted(), w.confidence())));
		if (e.misclassified().size() > LOGGED) {
			LogWindow.info(log, "... and " + (e.misclassified().size() - LOGGED) + " more" + (wrong ==
				null
				? " (misclassified= writes them all to a CSV)" : ""));
		}
		final ResultsTable rt = ResultsTable.getResultsTable();
		InspectionTables.fill(rt, m);
		if (!GraphicsEnvironment.isHeadless()) {
			InspectionTables.show(rt, "Results", 520, 320);
			if (!e.misclassified().isEmpty()) InspectionTables.show(InspectionTables.misclassified(
				e, folder), "Misclassified", 520, 260);
		}
		confusion_matrix = ConfusionPicture.of(m, "Confusion matrix: " + name + " on " + folder
			.getFileName());
		write(table, "results", m.metricsCsv());
		write(counts, "confusion matrix", m.csv());
		write(wrong, "misclassified list", e.misclassifiedCsv(folder));
		if (png != null) Pictures.save(confusion_matrix, png, "confusion matrix picture");
		Commands.printUnlessSaved(table, m.metricsCsv(), "results");
	}

	private static void write(final Path file, final String what, final String text) {
		if (file != null) SafeFiles.writeText(file, what, text);
	}
}
