package io.github.cnnclassifier.command;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.github.cnnclassifier.api.CnnModel;
import io.github.cnnclassifier.output.Outputs;
import io.github.cnnclassifier.output.SafeFiles;
import io.github.cnnclassifier.ij.CommandProgress;
import io.github.cnnclassifier.ij.ImageClassification;
import io.github.cnnclassifier.ij.LogWindow;
import io.github.cnnclassifier.ij.Pictures;
import io.github.cnnclassifier.predict.ModelService;
import io.github.cnnclassifier.predict.Prediction;
import io.github.cnnclassifier.predict.Unsure;
import io.github.cnnclassifier.interop.ModelRef;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.nio.file.Path;
import java.util.List;

import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Classifies an image, or every plane of a stack, with a trained model: the
 * Results table gets one row per plane (the slice label, Slice, Class,
 * Confidence, P_label...), and each plane shows its class in an overlay. The model is read once and kept
 * by the {@link ModelService}, so a macro that classifies image after image
 * does not read it again for each.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>Classify with CNN")
public final class ClassifyCommand extends ContextCommand {

	@Parameter
	private LogService log;

	@Parameter
	private ModelService models;

	@Parameter(label = "Image", persist = false, description = "Image or stack to classify (the " +
		"current image; headless: image='/path/file')")
	private ImagePlus image;

	@Parameter(label = ModelInputs.MODEL, style = FileWidget.OPEN_STYLE, persist = false,
		description = ModelInputs.MODEL_HELP)
	private File model;

	@Parameter(label = ModelInputs.LABELS, required = false, persist = false,
		description = ModelInputs.LABELS_HELP)
	private String labels = "";

	@Parameter(label = ModelInputs.NORMALIZATION, required = false, persist = false,
		description = ModelInputs.NORMALIZATION_HELP)
	private String normalization = "";

	@Parameter(label = "Results CSV (optional)", style = FileWidget.SAVE_STYLE, required = false,
		persist = false, description = "Optional CSV file for the results. Macro key: results")
	private File results;

	@Parameter(label = "Mini-batch size", min = "1", persist = false,
		description = "Planes per forward pass. Macro key: mini_batch_size")
	private int mini_batch_size = 128;

	@Parameter(label = ModelInputs.UNSURE_BELOW, min = "0", max = "1", persist = false,
		description = "A plane" + ModelInputs.UNSURE_BELOW_HELP)
	private double unsure_below = 0;

	@Parameter(label = ModelInputs.UNSURE_LABEL, persist = false,
		description = "The class of planes" + ModelInputs.UNSURE_LABEL_HELP)
	private String unsure_label = Unsure.DEFAULT_LABEL;

	@Parameter(label = "Replace a file of another kind", required = false, persist = false,
		description = "Replace an existing file at 'results' that is not a results table. " +
			"Macro key: overwrite")
	private boolean overwrite = false;

	@Override
	public void run() {
		Commands.run(this, log, this::classify);
	}

	private void classify() {
		final Path csv = Commands.path(results);
		Outputs.of(overwrite).file("results", csv, Commands.RESULTS).input("model", model
			.toPath()).input("image", Pictures.fileOf(image)).check();
		final Unsure unsure = new Unsure(unsure_below, unsure_label);
		final ModelRef ref = new ModelRef(model.toPath(), labels, normalization);
		final ImageClassification classification;
		final CommandProgress progress = new CommandProgress("Classifying", log);
		try (CnnModel cnn = CnnModel.borrow(models, ref)) {
			// NB: once per model, not once per image of a macro's loop.
			if (!cnn.reused()) LogWindow.info(log, "Computing with " + cnn.engine());
			classification = ImageClassification.run(image, cnn, mini_batch_size, progress,
				w -> LogWindow.warn(log, w)).unsure(unsure.checkAgainst(cnn.labels()));
		}
		finally {
			progress.done();
		}
		classification.showClasses();
		final ResultsTable table = ResultsTable.getResultsTable();
		classification.fill(table);
		if (csv != null) SafeFiles.writeText(csv, "results", classification.csv());
		final boolean headless = GraphicsEnvironment.isHeadless();
		if (!headless) table.show("Results");
		final List<Prediction> predictions = classification.predictions();
		if (predictions.size() == 1) {
			// NB: not String.format: its Formatter is slow for a macro's short calls.
			LogWindow.info(log, image.getTitle() + ": " + predictions.get(0).label() +
				" (confidence " + IJ.d2s(predictions.get(0).confidence(), 4) + ")");
		}
		else {
			LogWindow.info(log, "Classified " + predictions.size() + " planes of " + image
				.getTitle() + (csv == null ? "" : "; results in " + csv));
		}
		Commands.printUnlessSaved(csv, classification::csv, "results");
	}
}
