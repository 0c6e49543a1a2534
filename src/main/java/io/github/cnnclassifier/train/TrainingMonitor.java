package io.github.cnnclassifier.train;

/**
 * Receives training progress and may ask training to stop. Called on the
 * training thread; keep each call short.
 */
public interface TrainingMonitor {

	/** A monitor that shows nothing and never cancels. */
	TrainingMonitor SILENT = new TrainingMonitor() {};

	/** A message for the log: what was read, skipped, saved. */
	default void message(final String text) {}

	/** Reading images: {@code done} of {@code total} files. */
	default void reading(final int done, final int total) {}

	/** After every iteration. */
	default void iteration(final TrainingProgress progress) {}

	/** After every validation (every validation_frequency iterations and each epoch's end). */
	default void validation(final TrainingProgress progress) {}

	/**
	 * Asked after every iteration; true stops training after the current
	 * iteration, keeping the network as it is then. Default: the thread was interrupted.
	 */
	default boolean cancelRequested() {
		return Thread.currentThread().isInterrupted();
	}
}
