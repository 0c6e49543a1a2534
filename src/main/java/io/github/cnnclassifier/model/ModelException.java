package io.github.cnnclassifier.model;

/** A model file or network problem the user must fix; the message names the file and what to do. */
public class ModelException extends RuntimeException {

	public ModelException(final String message) {
		super(message);
	}

	public ModelException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
