package io.github.cnnclassifier.train;

/** The loss blew up; {@link #where()} says when, so that a caller who knows the cause can say it. */
public final class TrainingDiverged extends TrainingException {

	private final String where;

	public TrainingDiverged(final String where, final String advice) {
		super(where + ": training diverged. " + advice);
		this.where = where;
	}

	/** E.g. "The loss became 1118 at epoch 1, iteration 3". */
	public String where() {
		return where;
	}
}
