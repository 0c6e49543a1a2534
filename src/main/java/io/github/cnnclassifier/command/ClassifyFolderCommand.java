package io.github.cnnclassifier.command;

import ij.IJ;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.Memory;
import io.github.cnnclassifier.data.OutputFile;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.predict.FolderClassifier;

import java.io.File;
import java.nio.file.Path;

import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Classifies every image file below a folder (at any depth) with a trained
 * model and writes one CSV row per image or stack plane (File, Slice, Class,
 * Confidence, P_label...), streaming: memory is bounded by the mini-batch.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>Classify Folder with CNN")
public final class ClassifyFolderCommand extends ContextCommand {

	@Parameter
	private LogService log;

	@Parameter(style = FileWidget.DIRECTORY_STYLE, persist = false,
		description = "Folder of images to classify; sub-folders are included")
	private File folder;

	@Parameter(style = FileWidget.OPEN_STYLE, persist = false,
		description = "Model file written by Train CNN Classifier")
	private File model;

	@Parameter(style = FileWidget.SAVE_STYLE, persist = false,
		description = "CSV file to write, one row per image or plane")
	private File results;

	@Parameter(min = "1", persist = false, description = "Samples per forward pass")
	private int mini_batch_size = 128;

	@Parameter(choices = { "skip", "stop" }, persist = false,
		description = "An unreadable image: leave it out and report it, or stop")
	private String on_bad_file = "skip";

	@Parameter(required = false, persist = false,
		description = "Replace an existing file at 'results' that is not a results table")
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
		// NB: folder and results are checked before the model loads, so a typo fails at once.
		final Path dir = folder.toPath();
		FolderClassifier.imageFiles(dir);
		OutputFile.of(results.toPath(), Commands.RESULTS).notTheSameAs("model", model.toPath())
			.overwrite(overwrite).check();
		final BadFiles policy = BadFiles.of(on_bad_file);
		final boolean gui = IJ.getInstance() != null;
		final FolderClassifier.Summary summary;
		try (Classifier classifier = new Classifier(ModelIO.load(model.toPath()))) {
			// NB: a batch being classified, one being decoded, and room for the engine.
			Memory.requireBatches(mini_batch_size, 3, classifier.model().inputShape());
			summary = new FolderClassifier(classifier, mini_batch_size, policy).writeCsv(dir,
				results.toPath(), done -> {
					if (gui) IJ.showStatus("Classify Folder with CNN: " + done + " files");
				});
		}
		for (final String skipped : summary.skipped()) log.warn("Skipped: " + skipped);
		log.info(summary.line() + "; results in " + results);
		if (gui) IJ.showStatus(summary.line());
	}
}
