package io.github.cnnclassifier.interop;

import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.model.ModelIO;

import java.nio.file.Path;
import java.util.Locale;

/** Opens a model of any kind the plugin reads: ours, an ONNX classifier, a bioimage.io package. */
public final class ModelFiles {

	private ModelFiles() {}

	/** {@code file} as {@link #load(ModelRef)} opens it without options. */
	public static ModelBundle load(final Path file) {
		return load(ModelRef.of(file));
	}

	/**
	 * Our model file (see {@link ModelIO#load}), an ONNX classifier
	 * ({@code .onnx}; with the reference's labels, else {@code class_1..N}, and
	 * its normalisation, else none) or a bioimage.io model package with ONNX
	 * weights (a zip with {@code rdf.yaml}).
	 *
	 * @throws io.github.cnnclassifier.model.ModelException if the file is
	 *           missing, damaged or not a classifier of a kind we read, or if
	 *           labels or a normalisation are given for a model other than a bare ONNX
	 */
	public static ModelBundle load(final ModelRef model) {
		// NB: the one dispatch by file type; ModelIO knows only our own files.
		model.requireNoOptions();
		final Path file = model.file();
		if (model.bareOnnx()) {
			return OnnxImport.open(file, model.labels(), model.normalization());
		}
		if (BioimageioImport.isPackage(file)) return BioimageioImport.read(file);
		final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".keras") || name.endsWith(".h5") || name.endsWith(".hdf5")) {
			// NB: a Keras model has no classes of ours; before, this said "damaged".
			throw new ModelException(file + " is a Keras model, which classifies only as a model " +
				"file of this plugin: make one with Transfer Learn CNN (base_model=" + file +
				"), then use that file.");
		}
		return ModelIO.load(file);
	}
}
