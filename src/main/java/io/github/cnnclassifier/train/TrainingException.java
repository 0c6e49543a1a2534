package io.github.cnnclassifier.train;

/** Training could not go on; the message says why and what to change. */
public class TrainingException extends RuntimeException {

	public TrainingException(final String message) {
		super(message);
	}
}
