package io.github.cnnclassifier.command;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.github.cnnclassifier.data.OutputFile;
import io.github.cnnclassifier.data.Outputs;
import io.github.cnnclassifier.data.SafeFiles;
import io.github.cnnclassifier.ij.InspectionTables;
import io.github.cnnclassifier.ij.LayerGraph;
import io.github.cnnclassifier.ij.LogWindow;
import io.github.cnnclassifier.ij.Pictures;
import io.github.cnnclassifier.inspect.NetworkSummary;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.predict.LoadedModel;
import io.github.cnnclassifier.predict.ModelService;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.nio.file.Path;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * MATLAB's analyzeNetwork: every layer's name, type, output size and
 * learnables as a Results table (and CSV; headless without a file, on
 * standard output), and a picture of the layer graph.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>CNN Network Summary")
public final class NetworkSummaryCommand extends ContextCommand {

	/** What save_to holds: a CSV with the summary's columns. */
	private static final OutputFile.Kind TABLE = OutputFile.Kind.csvWithColumns(
		"network summary", "a network summary (a CSV with Name and Learnables columns)", "Name",
		"Learnables");

	@Parameter
	private LogService log;

	@Parameter
	private ModelService models;

	@Parameter(style = FileWidget.OPEN_STYLE, persist = false,
		description = "Model file written by Train CNN Classifier")
	private File model;

	@Parameter(style = FileWidget.SAVE_STYLE, required = false, persist = false,
		description = "Optional CSV file for the table")
	private File save_to;

	@Parameter(style = FileWidget.SAVE_STYLE, required = false, persist = false,
		description = "Optional PNG file for the picture of the layer graph")
	private File picture;

	@Parameter(required = false, persist = false, description = "Replace existing files at " +
		"'save_to' and 'picture' that are not a network summary or a PNG image")
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus graph;

	@Override
	public void run() {
		Commands.run(this, log, this::summarise);
	}

	private void summarise() {
		final Path csv = Commands.path(save_to), png = Commands.path(picture);
		Outputs.of(overwrite).file("save_to", csv, TABLE).file("picture", png, p -> Pictures.kind(p,
			"layer graph")).input("model", model.toPath()).check();
		final ModelBundle bundle;
		final NetworkSummary summary;
		try (LoadedModel loaded = models.borrow(model.toPath())) {
			bundle = loaded.model();
			summary = NetworkSummary.of(bundle);
		}
		final String name = OutputFile.withoutZip(model.getName());
		graph = LayerGraph.of(summary, String.format(Locale.ROOT, "%s: %s input, %d classes, " +
			"%,d learnables", name, bundle.inputShape(), bundle.labels().size(), summary
				.totalLearnables()));
		final ResultsTable table = ResultsTable.getResultsTable();
		InspectionTables.fill(table, summary);
		if (!GraphicsEnvironment.isHeadless()) InspectionTables.show(table, "Results", 1250, 420);
		if (csv != null) SafeFiles.writeText(csv, "network summary", summary.csv());
		if (png != null) Pictures.save(graph, png, "layer graph");
		Commands.printUnlessSaved(csv, summary.csv(), "network summary");
		LogWindow.info(log, String.format(Locale.ROOT, "%s: %d layers, %,d learnables%s", name, summary.rows()
			.size() - 1, summary.totalLearnables(), csv == null ? "" : "; table in " + csv));
	}
}
