package io.github.cnnclassifier.command;

import ij.ImagePlus;
import io.github.cnnclassifier.ij.ModelInspections;

import java.io.File;
import java.nio.file.Path;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * MATLAB's analyzeNetwork: every layer's name, type, output size and
 * learnables as a table "CNN Network Summary" (and CSV; headless without a file, on
 * standard output), and a picture of the layer graph.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>CNN Network Summary")
public final class NetworkSummaryCommand extends ModelCommand {

	@Parameter(label = "Table CSV (optional)", style = FileWidget.SAVE_STYLE, required = false,
		persist = false, description = "Optional CSV file for the table. Macro key: save_to")
	private File save_to;

	@Parameter(label = "Layer graph picture (optional)", style = FileWidget.SAVE_STYLE,
		required = false, persist = false, description = "Optional PNG file for the picture of " +
			"the layer graph. Macro key: picture")
	private File picture;

	@Parameter(label = "Replace a file of another kind", required = false, persist = false,
		description = "Replace existing files at 'save_to' and 'picture' that are not a network " +
			"summary or a PNG image. Macro key: overwrite")
	private boolean overwrite = false;

	@Parameter(label = "Layer graph", type = ItemIO.OUTPUT)
	private ImagePlus graph;

	@Override
	public void run() {
		Commands.run(this, log, this::summarise);
	}

	private void summarise() {
		final Path csv = Commands.path(save_to);
		final ModelInspections.Summary summary = new ModelInspections(models, log, ref(), csv,
			overwrite).summary(Commands.path(picture));
		graph = summary.graph();
		Commands.printUnlessSaved(csv, summary::csv, "network summary");
	}
}
