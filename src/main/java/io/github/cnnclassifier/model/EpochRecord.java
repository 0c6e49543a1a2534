package io.github.cnnclassifier.model;

/**
 * Training history of one epoch, as written to the model file. Validation
 * fields are NaN (null in JSON) when there was no validation data.
 */
public final class EpochRecord {

	private final int epoch;
	private final int iteration;
	private final double loss;
	private final Double accuracy;
	private final Double validationLoss;
	private final Double validationAccuracy;
	private final double seconds;

	/**
	 * @param iteration the last iteration of the epoch (1-based, counted over the whole training)
	 * @param loss mean training loss over the epoch's mini-batches
	 * @param accuracy training accuracy over the epoch's mini-batches, 0..1
	 * @param seconds training time since the start, validation included
	 */
	public EpochRecord(final int epoch, final int iteration, final double loss,
		final double accuracy, final double validationLoss,
		final double validationAccuracy, final double seconds)
	{
		this.epoch = epoch;
		this.iteration = iteration;
		this.loss = loss;
		// NB: JSON has no NaN: an accuracy not measured (training stopped before) is null.
		this.accuracy = Double.isNaN(accuracy) ? null : accuracy;
		this.validationLoss = Double.isNaN(validationLoss) ? null : validationLoss;
		this.validationAccuracy = Double.isNaN(validationAccuracy) ? null : validationAccuracy;
		this.seconds = seconds;
	}

	public int epoch() {
		return epoch;
	}

	public int iteration() {
		return iteration;
	}

	public double loss() {
		return loss;
	}

	public double accuracy() {
		return accuracy == null ? Double.NaN : accuracy;
	}

	/** NaN when there was no validation data. */
	public double validationLoss() {
		return validationLoss == null ? Double.NaN : validationLoss;
	}

	/** NaN when there was no validation data. */
	public double validationAccuracy() {
		return validationAccuracy == null ? Double.NaN : validationAccuracy;
	}

	public double seconds() {
		return seconds;
	}
}
