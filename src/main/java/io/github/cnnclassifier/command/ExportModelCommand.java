package io.github.cnnclassifier.command;

import io.github.cnnclassifier.bioimageio.BioimageioExport;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.interop.OnnxExport;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.Nd4jBackend;
import io.github.cnnclassifier.predict.LoadedModel;
import io.github.cnnclassifier.predict.ModelService;
import io.github.cnnclassifier.interop.ModelRef;

import java.io.File;
import java.nio.file.Path;

import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/** Writes a model as ONNX (opset 13, softmax inside, input already normalised) or as a bioimage.io package. */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>Export CNN Model")
public final class ExportModelCommand extends ContextCommand {

	@Parameter
	private LogService log;

	@Parameter
	private ModelService models;

	@Parameter(label = ModelInputs.MODEL, style = FileWidget.OPEN_STYLE, persist = false,
		description = "Model file written by Train CNN Classifier (or an ONNX file). " +
			"Macro key: model")
	private File model;

	@Parameter(label = ModelInputs.LABELS, required = false, persist = false,
		description = ModelInputs.LABELS_HELP)
	private String labels = "";

	@Parameter(label = ModelInputs.NORMALIZATION, required = false, persist = false,
		description = ModelInputs.NORMALIZATION_HELP)
	private String normalization = "";

	@Parameter(label = "File to write", style = FileWidget.SAVE_STYLE, persist = false,
		description = "The .onnx file, or the bioimage.io package (.zip), to write. " +
			"Macro key: output")
	private File output;

	@Parameter(label = "Format", choices = { "onnx", "bioimageio" }, persist = false,
		description = "onnx: one .onnx file, opset 13, input batch x channel x y x x already " +
			"normalised, softmax inside; bioimageio: a bioimage.io model package (.zip) for " +
			"deepImageJ and the model zoo. Macro key: format")
	private String format = "onnx";

	@Parameter(label = "Name (optional)", required = false, persist = false,
		description = "bioimageio: the model's name; empty: its architecture and class count. " +
			"Macro key: name")
	private String name = "";

	@Parameter(label = "Description (optional)", required = false, persist = false,
		description = "bioimageio: what the model classifies; empty: its classes. " +
			"Macro key: description")
	private String description = "";

	@Parameter(label = "Authors (optional)", required = false, persist = false,
		description = "bioimageio: authors, separated by ';'. Macro key: authors")
	private String authors = "";

	@Parameter(label = "License (optional)", required = false, persist = false,
		description = "bioimageio: SPDX license identifier; empty: CC-BY-4.0. Macro key: license")
	private String license = "";

	@Parameter(label = "Citation (optional)", required = false, persist = false,
		description = "bioimageio: how to cite the model; empty: the plugin. Macro key: cite")
	private String cite = "";

	@Override
	public void run() {
		Commands.run(this, log, this::export);
	}

	private void export() {
		final Path out = output.toPath().toAbsolutePath().normalize();
		if (out.equals(model.toPath().toAbsolutePath().normalize())) {
			throw new DataException("output " + output + " is the model itself; choose another file.");
		}
		final boolean bioimageio = "bioimageio".equals(format);
		if (!bioimageio && !"onnx".equals(format)) {
			throw new IllegalArgumentException("format must be onnx or bioimageio, got '" + format +
				"'.");
		}
		final String ending = bioimageio ? ".zip" : ".onnx";
		if (!out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(ending)) {
			throw new DataException("output " + output + " must end in " + ending + " for format=" +
				format + ".");
		}
		final ModelRef ref = new ModelRef(model.toPath(), labels, normalization);
		Nd4jBackend.loadInBackground(); // NB: export builds the network, while the file is read
		try (LoadedModel loaded = models.borrow(ref)) {
			final ModelBundle bundle = loaded.model();
			if (bioimageio) {
				BioimageioExport.write(bundle, new BioimageioExport.Description(name, description,
					authors, license, cite), out);
				log.info("Exported " + model + " to " + out + " (bioimage.io package, rdf.yaml " +
					BioimageioExport.FORMAT_VERSION + ", ONNX weights).");
			}
			else {
				OnnxExport.write(bundle, out);
				log.info("Exported " + model + " to " + out + " (ONNX opset 13; normalise inputs " +
					"as the model does: " + bundle.normalization().method() + ").");
			}
		}
	}
}
