package io.github.cnnclassifier.ij;

import ij.ImagePlus;
import io.github.cnnclassifier.api.CnnModel;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.output.OutputFile;
import io.github.cnnclassifier.output.Outputs;
import io.github.cnnclassifier.output.SafeFiles;
import io.github.cnnclassifier.inspect.ConfusionMatrix;
import io.github.cnnclassifier.inspect.Evaluation;
import io.github.cnnclassifier.predict.ModelService;
import io.github.cnnclassifier.interop.ModelRef;

import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.util.Locale;

import org.scijava.log.LogService;

/**
 * Evaluate CNN in ImageJ: evaluates a model on a labelled folder, logs the
 * accuracy and the misclassified files, fills the Results table and writes
 * the files asked for.
 *
 * @param results the per-class table's CSV, or null
 * @param confusion the confusion matrix's CSV, or null
 * @param misclassified the CSV listing the misclassified images, or null
 * @param picture the confusion matrix picture (PNG or TIFF), or null
 * @param overwrite whether a file of another kind may be replaced
 */
public record EvaluationReport(Path results, Path confusion, Path misclassified,
	Path picture, boolean overwrite)
{

	/** Misclassified files named in the log; the CSV and the GUI table list them all. */
	private static final int LOGGED = 20;

	/** The CSV files Evaluate CNN writes, recognised by their headings. */
	private static final OutputFile.Kind TABLE = OutputFile.Kind.csvWithColumns("results",
		"a per-class table (a CSV with Class, Precision and Recall columns)", "Class",
		"Precision", "Recall"), COUNTS = OutputFile.Kind.csvWithColumns("confusion matrix",
			"a confusion matrix (a CSV with a True column)", "True"), LIST = OutputFile.Kind
				.csvWithColumns("misclassified list", "a list of misclassified images (a CSV with " +
					"File, True and Predicted columns)", "File", "True", "Predicted");

	/** What happened: the matrix (its per-class table is {@code matrix.metricsCsv()}) and its picture. */
	public record Result(ConfusionMatrix matrix, ImagePlus picture) {}

	/**
	 * Checks the outputs, evaluates {@code model} on {@code folder}, reports and writes.
	 *
	 * @throws io.github.cnnclassifier.data.DataException naming the file or value and what to do
	 */
	public Result run(final ModelRef model, final Path folder, final BadFiles policy,
		final int miniBatchSize, final ModelService models, final LogService log)
	{
		Outputs.of(overwrite).file("results", results, TABLE).file("confusion", confusion,
			COUNTS).file("misclassified", misclassified, LIST).file("save_to", picture,
				p -> Pictures.kind(p, "confusion matrix picture")).input("model", model.file())
			.inputFolder("data folder", folder).check();
		final Evaluation e;
		final CommandProgress progress = new CommandProgress("Evaluating", log);
		try (CnnModel cnn = CnnModel.borrow(models, model)) {
			e = cnn.evaluate(folder, policy, miniBatchSize, progress);
		}
		finally {
			progress.done();
		}
		final ConfusionMatrix m = e.confusion();
		final String name = OutputFile.withoutZip(model.file());
		log(e, name, folder, log);
		InspectionTables.publish(t -> InspectionTables.fill(t, m), InspectionTables.EVALUATION,
			520, 320);
		if (!GraphicsEnvironment.isHeadless()) {
			if (!e.misclassified().isEmpty()) InspectionTables.show(InspectionTables.misclassified(
				e, folder), "Misclassified", 520, 260);
		}
		final ImagePlus image = ConfusionPicture.of(m, "Confusion matrix: " + name + " on " +
			folder.getFileName());
		write(results, "results", m.metricsCsv());
		write(confusion, "confusion matrix", m.csv());
		write(misclassified, "misclassified list", e.misclassifiedCsv(folder));
		if (picture != null) Pictures.save(image, picture, "confusion matrix picture");
		return new Result(m, image);
	}

	private void log(final Evaluation e, final String name, final Path folder,
		final LogService log)
	{
		final ConfusionMatrix m = e.confusion();
		for (final String skipped : e.skipped()) LogWindow.info(log, "Skipped: " + skipped);
		LogWindow.info(log, String.format(Locale.ROOT, "%s on %s: accuracy %.2f %% (%d of %d " +
			"images), %d misclassified", name, folder, 100 * m.accuracy(), m.correct(), m.total(),
			e.misclassified().size()));
		e.misclassified().stream().limit(LOGGED).forEach(w -> LogWindow.info(log, String.format(
			Locale.ROOT, "Misclassified: %s (%s) as %s (confidence %.3f)", Evaluation.relative(
				folder, w.file()), w.truth(), w.predicted(), w.confidence())));
		if (e.misclassified().size() > LOGGED) {
			LogWindow.info(log, "... and " + (e.misclassified().size() - LOGGED) + " more" +
				(misclassified == null ? " (misclassified= writes them all to a CSV)" : ""));
		}
	}

	private static void write(final Path file, final String what, final String text) {
		if (file != null) SafeFiles.writeText(file, what, text);
	}
}
