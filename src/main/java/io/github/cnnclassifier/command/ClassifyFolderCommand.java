package io.github.cnnclassifier.command;

import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.ij.FolderClassification;
import io.github.cnnclassifier.folder.FolderJob;
import io.github.cnnclassifier.predict.ModelService;
import io.github.cnnclassifier.predict.Unsure;
import io.github.cnnclassifier.folder.Shard;
import io.github.cnnclassifier.interop.ModelRef;

import java.io.File;
import java.nio.file.Path;

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

	@Parameter
	private LogService log;

	@Parameter
	private ModelService models;

	@Parameter(label = "Folder of images", style = FileWidget.DIRECTORY_STYLE, persist = false,
		description = "Folder of images to classify. Macro key: folder")
	private File folder;

	@Parameter(label = ModelInputs.MODEL, style = FileWidget.OPEN_STYLE, persist = false,
		description = ModelInputs.MODEL_HELP)
	private File model;

	@Parameter(label = ModelInputs.LABELS, required = false, persist = false,
		description = ModelInputs.LABELS_HELP)
	private String labels = "";

	@Parameter(label = ModelInputs.NORMALIZATION, required = false, persist = false,
		description = ModelInputs.NORMALIZATION_HELP)
	private String normalization = "";

	@Parameter(label = "Results CSV", style = FileWidget.SAVE_STYLE, persist = false,
		description = "CSV file to write, one row per image or plane; the class counts go beside " +
			"it (name-counts.csv). Macro key: results")
	private File results;

	@Parameter(label = "Mini-batch size", min = "1", persist = false,
		description = "Samples per forward pass. Macro key: mini_batch_size")
	private int mini_batch_size = 128;

	@Parameter(label = "Unreadable image", choices = { "skip", "stop" }, persist = false,
		description = "An unreadable image: leave it out and report it, or stop. " +
			"Macro key: on_bad_file")
	private String on_bad_file = "skip";

	@Parameter(label = "File name pattern (optional)", required = false, persist = false,
		description = "Only files whose name matches, e.g. *.tif; empty: all images. " +
			"Macro key: pattern")
	private String pattern = "";

	/**
	 * NB: a choice, not a checkbox: an ImageJ 1.x macro that leaves a checkbox
	 * out turns it off, so a default of true would differ between macros and --run.
	 */
	@Parameter(label = "Include sub-folders", choices = { "true", "false" }, persist = false,
		description = "Include sub-folders. Macro key: recursive")
	private String recursive = "true";

	@Parameter(label = "Part of the folder (i/n, optional)", required = false, persist = false,
		description = "i/n: classify only part i of n of the folder (e.g. 3/8, one per machine); " +
			"empty: all. Macro key: shard")
	private String shard = "";

	@Parameter(label = "Sort into folder (optional)", style = FileWidget.DIRECTORY_STYLE,
		required = false, persist = false, description = "Optional folder to sort the images " +
			"into, one sub-folder per class. Macro key: sort_to")
	private File sort_to;

	@Parameter(label = "Copy or move when sorting", choices = { "copy", "move" }, persist = false,
		description = "Copy the images into sort_to, or move them. Macro key: sort_mode")
	private String sort_mode = "copy";

	@Parameter(label = ModelInputs.UNSURE_BELOW, min = "0", max = "1", persist = false,
		description = "A row" + ModelInputs.UNSURE_BELOW_HELP)
	private double unsure_below = 0;

	@Parameter(label = ModelInputs.UNSURE_LABEL, persist = false,
		description = "The class of rows" + ModelInputs.UNSURE_LABEL_HELP)
	private String unsure_label = Unsure.DEFAULT_LABEL;

	@Parameter(label = "Start afresh (replace the results)", persist = false,
		description = "Start afresh instead of continuing a stopped run, replacing the results. " +
			"Macro key: overwrite")
	private boolean overwrite = false;

	@Override
	public void run() {
		Commands.run(this, log, this::classify);
	}

	private void classify() {
		final Path in = Commands.required(folder, "Give the folder of images to classify."), csv =
			Commands.required(results, "Give the results file (.csv) to write."), file = Commands
				.required(model, "Give the model file (.zip) to classify with.");
		final boolean deep = Commands.choice("recursive", recursive, "true", "false").equals(
			"true"), move = Commands.choice("sort_mode", sort_mode, "copy", "move").equals("move");
		final FolderJob job = new FolderJob(in, csv, pattern, deep, Shard.of(shard), Commands
			.path(sort_to), move, overwrite, new Unsure(unsure_below, unsure_label));
		FolderClassification.run(job, new ModelRef(file, labels, normalization),
			mini_batch_size, BadFiles.of(on_bad_file), models, log);
	}
}
