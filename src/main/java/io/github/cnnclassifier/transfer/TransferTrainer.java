package io.github.cnnclassifier.transfer;

import io.github.cnnclassifier.data.LabelledSamples;
import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.model.ModelMetadata;
import io.github.cnnclassifier.model.Normalization;
import io.github.cnnclassifier.model.TransferInfo;
import io.github.cnnclassifier.tensor.InputShape;
import io.github.cnnclassifier.train.FolderTrainer;
import io.github.cnnclassifier.train.Trainer;
import io.github.cnnclassifier.train.TrainingDiverged;
import io.github.cnnclassifier.train.TrainingException;
import io.github.cnnclassifier.train.TrainingMonitor;
import io.github.cnnclassifier.train.TrainingOptions;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The whole job behind "Transfer Learn CNN": open the base network, read a
 * labelled folder fitted to the base network's input, replace the base's
 * classifier by a head for the folder's classes, train with the frozen
 * layers fixed (on features computed once per image where nothing else
 * changes them), optionally train every layer after some epochs with a
 * lower learning rate, and save the model with where it came from. Blocks
 * until done.
 */
public final class TransferTrainer {

	private final TrainingOptions options;
	private final TransferOptions transfer;
	private final TrainingMonitor monitor;
	/** NB: only for a zoo base: DL4J makes its cache folder when it first looks at it. */
	private Supplier<ZooWeights> weights = ZooWeights::dl4j;

	public TransferTrainer(final TrainingOptions options, final TransferOptions transfer,
		final TrainingMonitor monitor)
	{
		this.options = options;
		this.transfer = transfer;
		this.monitor = monitor;
	}

	/** Where zoo weights are looked for and downloaded from (DL4J's cache and site by default). */
	TransferTrainer weights(final ZooWeights w) {
		this.weights = () -> w;
		return this;
	}

	/**
	 * Transfers the base network to the classes of {@code data} and writes
	 * the model to {@code modelFile}.
	 *
	 * @param validationFolder labelled folder to validate on, or null to split {@code data}
	 * @param modelFile where to save; checked before anything is read; null to not save
	 * @throws ModelException for a base network that cannot be opened or transferred
	 * @throws io.github.cnnclassifier.data.DataException for unusable data
	 * @throws TrainingException for bad options or diverging training
	 */
	public ModelBundle train(final Path data, final Path validationFolder,
		final Path modelFile)
	{
		if (modelFile != null) ModelIO.checkWritable(modelFile);
		final boolean sized = options.inputHeight() > 0 || options.inputChannels() > 0;
		final boolean randomZoo = ZooArchitecture.of(transfer.baseModel()) != null && transfer
			.baseWeights().equalsIgnoreCase(TransferOptions.NO_WEIGHTS);
		if (sized && !randomZoo) {
			throw new TrainingException("input_height, input_width and input_channels are the " +
				"base network's when it has weights; images are fitted to it. Leave them at 0.");
		}
		final InputShape zooInput = sized ? new InputShape(options.inputHeight(), options
			.inputWidth(), options.inputChannels()) : null;
		final BaseNetwork base = BaseNetworks.open(transfer, weights, options.seed(), zooInput,
			monitor::message);
		Heads.check(base.network(), transfer.freezeFirst());
		return new FolderTrainer(options, monitor).train(data, validationFolder, modelFile,
			new Start(base));
	}

	/** Trains the transferred network once the folder job has read the images. */
	private final class Start implements FolderTrainer.Start {

		private final BaseNetwork base;
		/** Why the kept base normalisation is far from the images, or null. */
		private String keptFar;

		Start(final BaseNetwork base) {
			this.base = base;
		}

		@Override
		public InputShape input() {
			return base.input();
		}

		@Override
		public String inputSource() {
			return "the base network " + base.architecture();
		}

		@Override
		public Path file() {
			try {
				final Path file = Path.of(transfer.baseModel());
				return Files.isRegularFile(file) ? file : null;
			}
			catch (final InvalidPathException e) {
				return null; // NB: a zoo name, not a file
			}
		}

		@Override
		public ModelBundle train(final LabelledSamples training,
			final LabelledSamples validation, final Trainer.EpochListener checkpoints)
		{
			final Normalization normalization = normalization(training);
			final Heads.Transfer t = Heads.replace(base.network(), base.input(), training.classes()
				.size(), transfer.freezeFirst(), updater(options.initialLearnRate()), updater(options
					.initialLearnRate() * transfer.headLearnRateFactor()), options.l2Regularization(),
				options.seed(), options.classWeights().weights(training.classCounts()));
			monitor.message("Replaced the classifier " + t.removed() + " by a new head " + t
				.head() + " for " + training.classes().size() + " classes on " + t.featureLayer() +
				"; " + (t.frozen().isEmpty() ? "no layer frozen" : t.frozen().size() +
					" layers frozen (" + t.frozen().get(0) + " ... " + t.frozen().get(t.frozen()
						.size() - 1) + ")"));
			monitor.message("Learning rate " + number(options.initialLearnRate()) + ", the new " +
				"head's " + number(options.initialLearnRate() * transfer.headLearnRateFactor()) +
				" (head_learn_rate_factor=" + number(transfer.headLearnRateFactor()) + ")");
			final int max = epochs(training.count());
			final int first = transfer.unfreezeAfter() > 0 && transfer.unfreezeAfter() < max &&
				!t.frozen().isEmpty() ? transfer.unfreezeAfter() : max;
			final double fineRate = first == max ? 0 : transfer.unfreezeLearnRate() > 0 ? transfer
				.unfreezeLearnRate() : options.initialLearnRate() / 10;
			final FeatureCache.Cut cut = cut(t, training.count() + (validation == null ? 0
				: validation.count()));
			final ModelMetadata metadata = new ModelMetadata(training.classes(), base.input(),
				normalization, base.architecture(), options.seed()).layers(t.head().size() == 1 ? base
					.layers() : "", Architectures.layerNames(t.network().getConfiguration()))
					.transfer(info(t, first == max ? 0 : first, fineRate, cut != null));
			// NB: first the layers after the frozen ones, on features computed once where it can.
			final TrainingOptions frozen = options.toBuilder().maxEpochs(first).build();
			ModelBundle model = new ModelBundle(t.network(), metadata);
			try {
				model = cut != null ? FeatureCache.train(model, cut, training, validation, frozen,
					monitor, checkpoints) : new Trainer(frozen, monitor).onEpoch(checkpoints).train(
						model, training, validation);
				if (first < max && model.metadata().stopped().equals("completed")) {
					model = unfrozen(model, max - first, fineRate, training, validation, checkpoints);
				}
			}
			catch (final TrainingDiverged e) {
				if (keptFar == null) throw e;
				// NB: the learning rate is not the cause here: the inputs are tens of stds off.
				throw new TrainingException(e.where() + ": training diverged because the inputs " +
					"stay far off after the base network's normalisation. " + keptFar + ": use " +
					"normalization=auto (the default) or data.");
			}
			final Map<String, Object> used = new LinkedHashMap<>(options.toMap(options
				.miniBatchSizeFor(training.count())));
			used.putAll(transfer.toMap());
			return new ModelBundle(model.network(), model.metadata().training(used));
		}

		/**
		 * Where the network can be cut to train on features computed once per
		 * image, or null: with augmentation (every epoch sees other images), no
		 * frozen layer, or features too large to hold.
		 */
		private FeatureCache.Cut cut(final Heads.Transfer t, final int images) {
			if (!options.augmentation().isOff() || t.frozen().isEmpty()) return null;
			final FeatureCache.Cut cut = FeatureCache.cut(t.network(), base.input());
			if (cut != null && !FeatureCache.fits(cut, images)) {
				monitor.message("The features of " + images + " images at " + cut.layer() + " (" + cut
					.features() + " each) do not fit in a quarter of the Java heap: the frozen layers " +
					"compute them every epoch instead (give Java more memory, -Xmx, to avoid that).");
				return null;
			}
			return cut;
		}

		/**
		 * max_epochs, or more where {@code images} training images in mini-batches
		 * would train fewer than min_iterations iterations (said in the log).
		 * NB: 20 images in one mini-batch get 30 updates in 30 epochs, too few for
		 * a new head to learn (MNIST and texture pairs, README).
		 */
		private int epochs(final int images) {
			final int perEpoch = Math.max(1, images / options.miniBatchSizeFor(images));
			final int needed = (transfer.minIterations() + perEpoch - 1) / perEpoch;
			if (needed <= options.maxEpochs()) return options.maxEpochs();
			monitor.message(String.format(Locale.ROOT, "%d training images make %d iteration%s per " +
				"epoch: training %d epochs rather than %d, for min_iterations=%d", images, perEpoch,
				perEpoch == 1 ? "" : "s", needed, options.maxEpochs(), transfer.minIterations()));
			return needed;
		}

		/** {@code v} in four significant digits, without trailing zeros. */
		private static String number(final double v) {
			return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
		}

		private IUpdater updater(final double rate) {
			return options.solver().updater(rate, options.momentum());
		}

		/** The normalisation the option asks for, said in the log. */
		private Normalization normalization(final LabelledSamples training) {
			final String how = transfer.normalization();
			final Normalization own = base.normalization();
			final Normalization n = InputNormalization.resolve(how, own, training, base.input());
			final boolean far = own != null && InputNormalization.far(own, training);
			if (far && n != own) {
				monitor.message(valuesFar(training) + " (another bit depth or range): normalising " +
					"with the training images' own " + n + " (normalization=base keeps the base " +
					"network's).");
			}
			else {
				monitor.message("Normalising inputs with " + (n == own ? "the base network's "
					: !how.equals("data") && !how.contains("/") ? "the training images' (the base " +
						"network records none) " : "") + n);
			}
			if (far && n == own) {
				keptFar = valuesFar(training);
				monitor.message("Warning: " + keptFar + "; if training goes badly, use " +
					"normalization=auto or data.");
			}
			return n;
		}

		/** Says that the images' values are far from those the base network was trained on. */
		private String valuesFar(final LabelledSamples training) {
			final Normalization data = Normalization.ofSums(training.valueSums());
			final Normalization own = base.normalization();
			return String.format(Locale.ROOT, "The training images' values (mean %.4g, std %.4g) " +
				"are far from those the base network was trained on (mean %.4g, std %.4g)", data
					.mean(), data.std(), own.mean(), own.std());
		}

		/** {@code model} trained further for {@code epochs} with every layer at {@code rate}. */
		private ModelBundle unfrozen(final ModelBundle model, final int epochs, final double rate,
			final LabelledSamples training, final LabelledSamples validation,
			final Trainer.EpochListener checkpoints)
		{
			monitor.message(String.format(Locale.ROOT, "Training every layer from epoch %d on, " +
				"learning rate %g", model.metadata().history().size() + 1, rate));
			final ComputationGraph all = Heads.unfreeze(model.network(), updater(rate), updater(rate *
				transfer.headLearnRateFactor()));
			return new Trainer(options.toBuilder().maxEpochs(epochs).initialLearnRate(rate).build(),
				monitor).onEpoch(checkpoints).train(new ModelBundle(all, model.metadata()), training,
					validation);
		}

		private TransferInfo info(final Heads.Transfer t, final int unfreezeAfter,
			final double fineRate, final boolean featureCache)
		{
			return new TransferInfo(transfer.baseModel(), base.source(), base.file() == null ? null
				: base.file().toAbsolutePath().toString(), base.sha256(), base.architecture(), base
					.labels(), base.training(), base.history(), t.removed(), t.featureLayer(), t.head(),
				t.frozen(), unfreezeAfter, fineRate, featureCache);
		}
	}
}
