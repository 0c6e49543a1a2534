package io.github.cnnclassifier.interop;

import io.github.cnnclassifier.model.ModelException;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * A model as a command names it: the file, and for a bare ONNX file (which
 * carries neither) its class names and normalisation, as users write them.
 * {@link ModelFiles#load(ModelRef)} opens it; the model service keeps one
 * loaded model per file and options.
 *
 * @param file our model file, a {@code .onnx} or a bioimage.io package
 * @param labels {@code a,b,c} or a file with one name a line; empty for none
 * @param normalization {@code MEAN/STD}, one number or one per channel each
 *          (e.g. {@code 0/255}); empty for none
 */
public record ModelRef(Path file, String labels, String normalization) {

	/** The help of a command's {@code labels} input. */
	public static final String LABELS_HELP = "For a bare .onnx: class names in output order, " +
		"a,b,c or a file with one name a line (empty: class_1..N)";

	/** The help of a command's {@code normalization} input. */
	public static final String NORMALIZATION_HELP = "For a bare .onnx: how pixels become the " +
		"network's input, MEAN/STD, e.g. 0/255 for pixels / 255; one number or one per channel " +
		"each (empty: none)";

	public ModelRef {
		labels = labels == null ? "" : labels.trim();
		normalization = normalization == null ? "" : normalization.trim();
	}

	/** {@code file} with no options: every model but a bare ONNX brings its own. */
	public static ModelRef of(final Path file) {
		return new ModelRef(file, "", "");
	}

	/** Whether {@link #file()} is a bare ONNX file, the one kind of model these options are for. */
	public boolean bareOnnx() {
		return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
	}

	/** Whether labels or a normalisation were given. */
	public boolean hasOptions() {
		return !labels.isEmpty() || !normalization.isEmpty();
	}

	/**
	 * The class names {@link #labels()} gives, read now from its file if it names one; null for none.
	 *
	 * @throws ModelException naming the option if the file cannot be read or
	 *           a name is empty or repeated
	 */
	public List<String> labelNames() {
		final List<String> names = OnnxImport.labels(labels);
		if (names != null && (names.stream().anyMatch(String::isEmpty) || new HashSet<>(names)
			.size() != names.size()))
		{
			throw new ModelException("labels '" + labels + "' has an empty or repeated class " +
				"name; give each class one name, e.g. a,b,c.");
		}
		return names;
	}

	/**
	 * Refuses labels or a normalisation for a model that brings its own.
	 *
	 * @throws ModelException naming the option given and the file
	 */
	public void requireNoOptions() {
		if (bareOnnx() || !hasOptions()) return;
		final String option = labels.isEmpty() ? "normalization '" + normalization + "'"
			: "labels '" + labels + "'";
		throw new ModelException(option + " applies to bare .onnx files only: " + file +
			" brings its own class names and normalisation; leave " + (labels.isEmpty()
				? "normalization" : "labels") + " empty.");
	}
}
