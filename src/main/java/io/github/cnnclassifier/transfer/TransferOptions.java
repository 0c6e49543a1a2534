package io.github.cnnclassifier.transfer;

import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.train.TrainingException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a transfer starts from and what of it stays fixed; the training
 * options proper are {@link io.github.cnnclassifier.train.TrainingOptions}.
 *
 * @param baseModel a model file of ours, a Keras {@code .h5} file, or a zoo
 *          architecture's name (simplecnn, alexnet, vgg16, resnet50, squeezenet)
 * @param baseWeights for a zoo architecture: empty for its ImageNet weights in
 *          DL4J's cache, a file of them, or {@code none} for random weights
 * @param downloadWeights for a zoo architecture: download missing ImageNet
 *          weights into DL4J's cache, as DL4J does
 * @param freeze the last layer to freeze (it and everything it depends on);
 *          empty: everything but the new head; {@code none} (the default): nothing
 * @param unfreezeAfter after this many epochs every layer trains (0: never);
 *          until then the layers up to freeze stay fixed, all but the new head
 *          where freeze is none
 * @param unfreezeLearnRate the learning rate from then on; 0: a tenth of initial_learn_rate
 * @param normalization {@code auto}: the base network's own unless the
 *          images' values are far from it (another bit depth), then the
 *          training images'; {@code base}: the base network's own (where it has
 *          none, the training images' mean and std); {@code data}: the
 *          training images'; or {@code MEAN/STD} with one number or one per
 *          channel each, e.g. {@code 0/255} or {@code 123.68,116.78,103.94/1}
 * @param headLearnRateFactor the new head's learning rate as a multiple of
 *          the other layers' (MATLAB's WeightLearnRateFactor and BiasLearnRateFactor)
 * @param minIterations at least this many iterations (mini-batches): a tiny
 *          folder trains more epochs than max_epochs; 0: max_epochs as given
 */
public record TransferOptions(String baseModel, String baseWeights, boolean downloadWeights,
	String freeze, int unfreezeAfter, double unfreezeLearnRate, String normalization,
	double headLearnRateFactor, int minIterations)
{

	/** {@link #baseWeights()} for random weights. */
	public static final String NO_WEIGHTS = "none";
	/** {@link #freeze()} for no frozen layer. */
	public static final String NOTHING = "none";
	/** Default of {@link #freeze()}: no layer frozen. */
	public static final String FREEZE = NOTHING;
	/** Default of {@link #headLearnRateFactor()}. */
	public static final double HEAD_LEARN_RATE_FACTOR = 3;
	/** Default of {@link #minIterations()}. */
	public static final int MIN_ITERATIONS = 300;

	public TransferOptions {
		baseModel = baseModel == null ? "" : baseModel.trim();
		baseWeights = baseWeights == null ? "" : baseWeights.trim();
		freeze = freeze == null ? "" : freeze.trim();
		normalization = normalization == null || normalization.isBlank() ? InputNormalization.AUTO : normalization
			.trim().toLowerCase(Locale.ROOT);
		if (baseModel.isEmpty()) {
			throw new ModelException("base_model is empty: give a model file (.zip), a Keras " +
				"file (.keras, .h5) or a zoo architecture (" + String.join(", ", ZooArchitecture.words()) +
				").");
		}
		if (unfreezeAfter < 0) {
			throw new TrainingException("unfreeze_after must be 0 (never) or a number of epochs, got " +
				unfreezeAfter + ".");
		}
		if (!(unfreezeLearnRate >= 0) || Double.isInfinite(unfreezeLearnRate)) {
			throw new TrainingException("unfreeze_learn_rate must be 0 (a tenth of " +
				"initial_learn_rate) or a positive number, got " + unfreezeLearnRate + ".");
		}
		InputNormalization.parse(normalization);
		if (!(headLearnRateFactor > 0) || Double.isInfinite(headLearnRateFactor)) {
			throw new TrainingException("head_learn_rate_factor must be a positive number (1: " +
				"the head learns as fast as the other layers), got " + headLearnRateFactor + ".");
		}
		if (minIterations < 0) {
			throw new TrainingException("min_iterations must be 0 (max_epochs as given) or a " +
				"number of mini-batches, got " + minIterations + ".");
		}
	}

	/**
	 * The defaults for {@code baseModel}: its own weights, normalisation as
	 * {@code auto} says, every layer trained, the new head 3 times faster,
	 * at least 300 mini-batches (measured: README, "Transfer defaults, measured").
	 */
	public static TransferOptions of(final String baseModel) {
		return new TransferOptions(baseModel, "", false, FREEZE, 0, 0, InputNormalization.AUTO,
			HEAD_LEARN_RATE_FACTOR, MIN_ITERATIONS);
	}

	public TransferOptions unfreezing(final int epochs, final double learnRate) {
		return new TransferOptions(baseModel, baseWeights, downloadWeights, freeze, epochs,
			learnRate, normalization, headLearnRateFactor, minIterations);
	}

	public TransferOptions weights(final String weights, final boolean download) {
		return new TransferOptions(baseModel, weights, download, freeze, unfreezeAfter,
			unfreezeLearnRate, normalization, headLearnRateFactor, minIterations);
	}

	public TransferOptions normalizing(final String how) {
		return new TransferOptions(baseModel, baseWeights, downloadWeights, freeze, unfreezeAfter,
			unfreezeLearnRate, how, headLearnRateFactor, minIterations);
	}

	public TransferOptions freezing(final String layer) {
		return new TransferOptions(baseModel, baseWeights, downloadWeights, layer, unfreezeAfter,
			unfreezeLearnRate, normalization, headLearnRateFactor, minIterations);
	}

	/** These options with the head's learning-rate factor and the minimum of iterations given. */
	public TransferOptions pace(final double headFactor, final int iterations) {
		return new TransferOptions(baseModel, baseWeights, downloadWeights, freeze, unfreezeAfter,
			unfreezeLearnRate, normalization, headFactor, iterations);
	}

	/**
	 * The layer frozen until unfreeze_after: {@link #freeze()}, but all but the
	 * new head where unfreeze_after is set and nothing would be frozen.
	 */
	public String freezeFirst() {
		return unfreezeAfter > 0 && freeze.equalsIgnoreCase(NOTHING) ? "" : freeze;
	}

	/** The options by their user-facing names, for the model file. */
	public Map<String, Object> toMap() {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("base_model", baseModel);
		m.put("base_weights", baseWeights);
		m.put("download_weights", downloadWeights);
		m.put("freeze", freeze);
		m.put("unfreeze_after", unfreezeAfter);
		m.put("unfreeze_learn_rate", unfreezeLearnRate);
		m.put("normalization", normalization);
		m.put("head_learn_rate_factor", headLearnRateFactor);
		m.put("min_iterations", minIterations);
		return m;
	}
}
