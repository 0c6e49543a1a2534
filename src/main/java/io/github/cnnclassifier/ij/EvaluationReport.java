package io.github.cnnclassifier.ij;

import ij.ImagePlus;
import io.github.cnnclassifier.api.CnnModel;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.output.OutputFile;
import io.github.cnnclassifier.output.Outputs;
import io.github.cnnclassifier.output.SafeFiles;
import io.github.cnnclassifier.inspect.ConfusionMatrix;
import io.github.cnnclassifier.inspect.Evaluation;
import io.github.cnnclassifier.inspect.TrainingOverlap;
import io.github.cnnclassifier.predict.ModelService;
import io.github.cnnclassifier.interop.ModelRef;

import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

import org.scijava.log.LogService;

/**
 * Evaluate CNN in ImageJ: evaluates a model on a labelled folder, logs the
 * accuracy, the summary line of the metrics, a warning when the folder holds
 * images the model trained on, and the misclassified files, fills the
 * Results table, draws the confusion matrix and the reliability diagram and
 * writes the files asked for.
 *
 * @param results the per-class table's CSV, or null
 * @param confusion the confusion matrix's CSV, or null
 * @param misclassified the CSV listing the misclassified images, or null
 * @param picture the confusion matrix picture (PNG or TIFF), or null
 * @param reliability the reliability diagram (PNG or TIFF), or null
 * @param overwrite whether a file of another kind may be replaced
 */
public record EvaluationReport(Path results, Path confusion, Path misclassified,
	Path picture, Path reliability, boolean overwrite)
{

	/** Misclassified files named in the log; the CSV and the GUI table list them all. */
	private static final int LOGGED = 20;

	/** Files named in the warning about images the model trained on. */
	private static final int OVERLAP_NAMED = 3;

	/** The CSV files Evaluate CNN writes, recognised by their headings. */
	private static final OutputFile.Kind TABLE = OutputFile.Kind.csvWithColumns("results",
		"a per-class table (a CSV with Class, Precision and Recall columns)", "Class",
		"Precision", "Recall"), COUNTS = OutputFile.Kind.csvWithColumns("confusion matrix",
			"a confusion matrix (a CSV with a True column)", "True"), LIST = OutputFile.Kind
				.csvWithColumns("misclassified list", "a list of misclassified images (a CSV with " +
					"File, True and Predicted columns)", "File", "True", "Predicted");

	/** What happened, the confusion matrix's picture and the reliability diagram. */
	public record Result(Evaluation evaluation, ImagePlus picture, ImagePlus reliability) {}

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
				p -> Pictures.kind(p, "confusion matrix picture")).file("reliability", reliability,
					p -> Pictures.kind(p, "reliability diagram")).input("model", model.file())
			.inputFolder("data folder", folder).check();
		final Evaluation e;
		final CommandProgress progress = new CommandProgress("Evaluating", log);
		try (CnnModel cnn = CnnModel.borrow(models, model)) {
			// NB: says whether the probabilities are calibrated, and by which temperature.
			LogWindow.info(log, "Computing with " + cnn.engine());
			e = cnn.evaluate(folder, policy, miniBatchSize, progress);
		}
		finally {
			progress.done();
		}
		final ConfusionMatrix m = e.confusion();
		final String name = OutputFile.withoutZip(model.file());
		log(e, name, folder, log);
		InspectionTables.publish(t -> InspectionTables.fill(t, e), InspectionTables.EVALUATION,
			680, 320);
		if (!GraphicsEnvironment.isHeadless()) {
			if (!e.misclassified().isEmpty()) InspectionTables.show(InspectionTables.misclassified(
				e, folder), "Misclassified", 520, 260);
		}
		final ImagePlus image = ConfusionPicture.of(m, "Confusion matrix: " + name + " on " +
			folder.getFileName());
		final ImagePlus diagram = ReliabilityPicture.of(e.metrics().reliability(), "Reliability: " +
			name + " on " + folder.getFileName());
		write(results, "results", e.metricsCsv());
		write(confusion, "confusion matrix", m.csv());
		write(misclassified, "misclassified list", e.misclassifiedCsv(folder));
		if (picture != null) Pictures.save(image, picture, "confusion matrix picture");
		if (reliability != null) Pictures.save(diagram, reliability, "reliability diagram");
		return new Result(e, image, diagram);
	}

	private void log(final Evaluation e, final String name, final Path folder,
		final LogService log)
	{
		final ConfusionMatrix m = e.confusion();
		for (final String skipped : e.skipped()) LogWindow.info(log, "Skipped: " + skipped);
		LogWindow.info(log, String.format(Locale.ROOT, "%s on %s: accuracy %.2f %% (%d of %d " +
			"images), %d misclassified", name, folder, 100 * m.accuracy(), m.correct(), m.total(),
			e.misclassified().size()));
		LogWindow.info(log, "Evaluate CNN: " + e.metrics().summary());
		logOverlap(e.overlap(), folder, log);
		e.misclassified().stream().limit(LOGGED).forEach(w -> LogWindow.info(log, String.format(
			Locale.ROOT, "Misclassified: %s (%s) as %s (confidence %.3f)", Evaluation.relative(
				folder, w.file()), w.truth(), w.predicted(), w.confidence())));
		if (e.misclassified().size() > LOGGED) {
			LogWindow.info(log, "... and " + (e.misclassified().size() - LOGGED) + " more" +
				(misclassified == null ? " (misclassified= writes them all to a CSV)" : ""));
		}
	}

	/** One warning when the folder holds images the model trained on; one line when it cannot tell. */
	private static void logOverlap(final TrainingOverlap overlap, final Path folder,
		final LogService log)
	{
		if (overlap == null) {
			LogWindow.info(log, "The model file records no hashes of training images (written " +
				"before they were kept, or not trained by this plugin), so whether these images " +
				"trained it is not checked.");
		}
		else if (overlap.images() > 0) {
			LogWindow.warn(log, String.format(Locale.ROOT, "%d of the evaluated images are " +
				"training images of the model and %d near copies of them, so these figures may " +
				"overstate how it does on new images (%s). Evaluate on images it never saw; near " +
				"copies can be look-alikes (as many hand-written digits are): look at them.", overlap
					.exact(), overlap.near(), overlap.files().stream().limit(OVERLAP_NAMED).map(
						f -> Evaluation.relative(folder, f)).collect(Collectors.joining(", ")) + (overlap
							.images() > OVERLAP_NAMED ? ", ..." : "")));
		}
	}

	private static void write(final Path file, final String what, final String text) {
		if (file != null) SafeFiles.writeText(file, what, text);
	}
}
