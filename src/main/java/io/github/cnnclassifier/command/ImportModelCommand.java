package io.github.cnnclassifier.command;

import io.github.cnnclassifier.data.Fingerprint;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.output.OutputFile;
import io.github.cnnclassifier.interop.BioimageioImport;
import io.github.cnnclassifier.interop.ModelFiles;
import io.github.cnnclassifier.interop.ModelRef;
import io.github.cnnclassifier.interop.OnnxImport;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelIO;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Turns an ONNX classifier into one of our model files, recording its labels,
 * normalisation and the source's SHA-256.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>Import CNN Model")
public final class ImportModelCommand extends ContextCommand {

	@Parameter
	private LogService log;

	@Parameter(label = "ONNX file or bioimage.io package", style = FileWidget.OPEN_STYLE,
		persist = false, description = "ONNX classifier (.onnx, opset 11-21, input batch x " +
			"channel x y x x), or a bioimage.io model package (.zip with rdf.yaml and ONNX " +
			"weights). Macro key: model")
	private File model;

	@Parameter(label = "Model file to write", style = FileWidget.SAVE_STYLE, persist = false,
		description = "The model file (.zip) to write. Macro key: output")
	private File output;

	@Parameter(label = "Class names (optional)", required = false, persist = false,
		description = "Class names in output order: a,b,c or a file with one name a line (a " +
			"bioimage.io package brings its own); empty: class_1..N. Macro key: labels")
	private String labels = "";

	@Parameter(label = "Normalization (optional)", required = false, persist = false,
		description = "How pixels become the network's input: MEAN/STD, e.g. 0/255 for a network " +
			"trained on pixels / 255; one number or one per channel each; empty: none. " +
			"Macro key: normalization")
	private String normalization = "";

	@Parameter(label = "Replace a file of another kind", required = false, persist = false,
		description = "Replace an existing file at 'output' that is not a model. " +
			"Macro key: overwrite")
	private boolean overwrite = false;

	@Override
	public void run() {
		Commands.run(this, log, this::importModel);
	}

	private void importModel() {
		final Path in = model.toPath(), out = output.toPath();
		OutputFile.of(out, Commands.MODEL).notTheSameAs("model", in).overwrite(overwrite).check();
		// NB: a package brings its own labels and normalisation: the one rule refuses others.
		final ModelBundle bundle = BioimageioImport.isPackage(in) ? ModelFiles.load(new ModelRef(
			in, labels, normalization)) : OnnxImport.open(in, labels, normalization);
		final Map<String, Object> source = new LinkedHashMap<>();
		source.put("imported_from", in.getFileName().toString());
		source.put("source_sha256", sha256(in));
		source.put("normalization", normalization == null ? "" : normalization);
		ModelIO.save(new ModelBundle(bundle.network(), bundle.metadata().training(source)), out);
		log.info("Imported " + in + " (" + bundle.labels().size() + " classes, input " + bundle
			.inputShape() + ") as " + out + ".");
	}

	private static String sha256(final Path file) {
		try {
			return Fingerprint.sha256(file);
		}
		catch (final IOException e) {
			throw new DataException("Cannot read " + file + ": " + e.getMessage(), e);
		}
	}
}
