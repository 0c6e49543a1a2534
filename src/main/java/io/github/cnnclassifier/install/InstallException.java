package io.github.cnnclassifier.install;

/** A problem with an installation whose message says, in one line, what to do. */
public final class InstallException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public InstallException(final String message) {
		super(message);
	}

	public InstallException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
