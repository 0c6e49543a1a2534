package io.github.cnnclassifier.data;

/** Input data the user must fix; the message names the file or value and says what to do. */
public class DataException extends RuntimeException {

	public DataException(final String message) {
		super(message);
	}

	public DataException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
