package io.github.cnnclassifier.interop;

import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelIO;

import java.nio.file.Path;
import java.util.Locale;

/** Opens a model of any kind the plugin reads: ours, an ONNX classifier, a bioimage.io package. */
public final class ModelFiles {

	private ModelFiles() {}

	/**
	 * Our model file (see {@link ModelIO#load}), an ONNX classifier
	 * ({@code .onnx}; labels {@code class_1..N}, no normalisation) or a
	 * bioimage.io model package with ONNX weights (a zip with {@code rdf.yaml}).
	 *
	 * @throws io.github.cnnclassifier.model.ModelException if the file is
	 *           missing, damaged or not a classifier of a kind we read
	 */
	public static ModelBundle load(final Path file) {
		// NB: the one dispatch by file type; ModelIO knows only our own files.
		if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx")) {
			return OnnxImport.open(file, null, null);
		}
		if (BioimageioImport.isPackage(file)) return BioimageioImport.read(file);
		return ModelIO.load(file);
	}
}
