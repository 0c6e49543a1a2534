package io.github.cnnclassifier.spark;

/** A refusal for the user: one line that names the file or value and what to do. */
public final class JobException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** Whether it is about how the job was called (exit status 2) rather than what it found (1). */
	private final boolean usage;

	JobException(final String message) {
		this(message, false);
	}

	JobException(final String message, final boolean usage) {
		super(message);
		this.usage = usage;
	}

	/** 2 for a usage error, 1 for anything else. */
	public int exitStatus() {
		return usage ? 2 : 1;
	}
}
