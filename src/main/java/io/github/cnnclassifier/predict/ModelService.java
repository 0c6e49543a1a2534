package io.github.cnnclassifier.predict;

import io.github.cnnclassifier.interop.ModelRef;
import io.github.cnnclassifier.model.ModelException;

import java.nio.file.Path;

import org.scijava.service.SciJavaService;

/**
 * Models read from files, kept loaded for every command of a SciJava
 * context: while a model file stays the same (path, size, modification
 * time, and for a bare ONNX file the labels and normalisation it is opened
 * with), it is read once, so a macro that classifies image after image does
 * not read it again for each. Bounded: the least recently used models are
 * let go beyond a few models or a quarter of the Java heap. Commands and Java
 * callers take a loan as a model through
 * {@code CnnModel.borrow(models, file)} in {@code api}, whose
 * {@code close()} gives it back.
 */
public interface ModelService extends SciJavaService {

	/**
	 * Lends the model in {@code file}, with a classifier for it, to the caller
	 * alone until it closes the loan (networks are not thread-safe: a second
	 * caller meanwhile gets its own copy).
	 *
	 * @throws ModelException if the file is missing or not a model
	 */
	default LoadedModel borrow(final Path file) {
		return borrow(ModelRef.of(file));
	}

	/**
	 * Lends {@code model} as {@link #borrow(Path)} does; the same file with
	 * other labels or another normalisation is another model.
	 *
	 * @throws ModelException if the file is missing or not a model, or the
	 *           options do not fit it
	 */
	LoadedModel borrow(ModelRef model);
}
