package io.github.cnnclassifier.command;

import io.github.cnnclassifier.interop.ModelRef;

/**
 * The labels and help of the inputs the commands that read a model share,
 * written once; {@code X} is an input's label, {@code X_HELP} its help.
 * <p>
 * NB: SciJava lists a superclass's inputs first, so a command that asks for
 * an image or a folder before the model declares these inputs itself, from
 * these constants; the others inherit them from {@link ModelCommand}.
 * </p>
 */
final class ModelInputs {

	static final String MODEL = "Model file";
	static final String MODEL_HELP = "Model file written by Train CNN Classifier. Macro key: model";

	static final String LABELS = "Class names (bare .onnx only)";
	static final String LABELS_HELP = ModelRef.LABELS_HELP + ". Macro key: labels";

	static final String NORMALIZATION = "Normalization (bare .onnx only)";
	static final String NORMALIZATION_HELP = ModelRef.NORMALIZATION_HELP +
		". Macro key: normalization";

	static final String UNSURE_BELOW = "Unsure below confidence (0: off)";
	/** Follows what is classified, e.g. "A plane". */
	static final String UNSURE_BELOW_HELP = " whose confidence is below this gets the class " +
		"unsure_label; 0: off. Macro key: unsure_below";

	static final String UNSURE_LABEL = "Class name for unsure";
	/** Follows "The class of" and what is classified, e.g. "The class of planes". */
	static final String UNSURE_LABEL_HELP = " below unsure_below. Macro key: unsure_label";

	private ModelInputs() {}
}
