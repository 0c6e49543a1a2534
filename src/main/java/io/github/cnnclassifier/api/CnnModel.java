package io.github.cnnclassifier.api;

import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.inspect.Evaluation;
import io.github.cnnclassifier.interop.ModelFiles;
import io.github.cnnclassifier.interop.ModelRef;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.model.ModelMetadata;
import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.predict.LoadedModel;
import io.github.cnnclassifier.predict.ModelService;
import io.github.cnnclassifier.predict.Prediction;
import io.github.cnnclassifier.tensor.ImageSamples;
import io.github.cnnclassifier.tensor.InputShape;
import io.github.cnnclassifier.tensor.SampleSource;
import io.github.cnnclassifier.train.FolderTrainer;
import io.github.cnnclassifier.train.TrainingException;
import io.github.cnnclassifier.train.TrainingOptions;
import io.github.cnnclassifier.transfer.TransferOptions;
import io.github.cnnclassifier.transfer.TransferTrainer;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * A trained image classifier: open it from a file, train it or transfer it
 * from a labelled folder (one sub-folder per class), classify ImgLib2 images,
 * evaluate it on a labelled folder, save it.
 * <p>
 * <b>Blocking:</b> every method runs in the calling thread and returns when
 * its work is done; training and classification use the engine's worker
 * threads meanwhile.
 * <p>
 * <b>Threads:</b> a network is not thread-safe, so the computing methods
 * ({@link #classify}, {@link #evaluate}) are synchronized on the model: calls
 * from several threads take turns. To classify in parallel, open one model
 * per thread (or borrow one each from the {@link ModelService}, which hands a
 * second caller its own copy). {@link #labels()}, {@link #input()} and
 * {@link #metadata()} may be called from any thread.
 * <p>
 * <b>Cancelling:</b> each long call takes a {@link Progress}, whose
 * {@link Progress#cancelRequested()} is asked after every mini-batch (and
 * every image read). Classification and evaluation then throw a
 * {@link CancellationException}; training stops after the current iteration
 * and returns the model as it is then, its metadata saying it was stopped. A
 * thread interrupted while images are read gets a {@link CancellationException}.
 * <p>
 * <b>Failures</b> are unchecked, each with a message for the user:
 * {@link ModelException} for a file that is not a model, or a network that
 * cannot be transferred; {@link DataException} for unusable data or files
 * (missing folder, one class, an image that does not fit the model, too
 * little memory for a mini-batch, a file that cannot be written);
 * {@link TrainingException} for bad options or training that diverges;
 * {@link IllegalArgumentException} for an image whose axes or channels do not
 * fit the model.
 * <p>
 * {@link #close()} frees the compute threads (or gives a borrowed model
 * back); a closed model must not be used.
 */
public final class CnnModel implements AutoCloseable {

	/** Planes per forward pass when the caller does not say. */
	public static final int DEFAULT_BATCH = 128;

	private final ModelBundle bundle;
	/** The ModelService's loan this model came from, or null when it is ours alone. */
	private final LoadedModel loan;
	/** Whether it was trained here: then it is saved with the optimiser state, to continue later. */
	private final boolean trained;
	/** Guarded by this; null until the first classification of a model of our own. */
	private Classifier classifier;

	private CnnModel(final ModelBundle bundle, final LoadedModel loan, final boolean trained) {
		this.bundle = bundle;
		this.loan = loan;
		this.trained = trained;
	}

	/**
	 * Reads a model file written by this plugin (any version); blocks while reading.
	 *
	 * @throws ModelException if the file is missing, not a model, or damaged
	 */
	public static CnnModel open(final Path file) {
		return open(ModelRef.of(file));
	}

	/**
	 * Reads {@code model}: our model file, a bioimage.io package, or a bare
	 * ONNX file with its labels and normalisation; blocks while reading.
	 *
	 * @throws ModelException if the file is missing, not a model, or damaged,
	 *           or the options do not fit it
	 */
	public static CnnModel open(final ModelRef model) {
		return new CnnModel(ModelFiles.load(model), null, false);
	}

	/**
	 * Borrows the model in {@code file} from {@code models}, read once for
	 * every caller while the file stays the same; {@link #close()} gives it back.
	 *
	 * @throws ModelException if the file is missing, not a model, or damaged
	 */
	public static CnnModel borrow(final ModelService models, final Path file) {
		return borrow(models, ModelRef.of(file));
	}

	/**
	 * Borrows {@code model} (a file, and for a bare ONNX file its labels and
	 * normalisation) from {@code models}, as {@link #borrow(ModelService, Path)} does.
	 *
	 * @throws ModelException if the file is missing, not a model, or damaged,
	 *           or the options do not fit it
	 */
	public static CnnModel borrow(final ModelService models, final ModelRef model) {
		final LoadedModel loan = models.borrow(model);
		return new CnnModel(loan.model(), loan, false);
	}

	/** A model of a network and its metadata, e.g. from a trainer. */
	public static CnnModel of(final ModelBundle bundle) {
		return new CnnModel(bundle, null, false);
	}

	/**
	 * Trains a new network on the labelled folder {@code data}, validating on
	 * the part of it that {@code options} keeps back.
	 *
	 * @throws DataException for unusable data
	 * @throws TrainingException for bad options or diverging training
	 */
	public static CnnModel train(final Path data, final TrainingOptions options,
		final Progress progress)
	{
		return train(data, null, options, progress, null);
	}

	/**
	 * Trains a new network (or continues options' resume_from) on {@code data}.
	 *
	 * @param validation labelled folder to validate on, or null to split {@code data}
	 * @param saveTo where to save the model (with its optimiser state) when done,
	 *          checked before anything is read, and the name of its checkpoints; or null
	 * @throws DataException for unusable data or a model file that cannot be written
	 * @throws TrainingException for bad options or diverging training
	 */
	public static CnnModel train(final Path data, final Path validation,
		final TrainingOptions options, final Progress progress, final Path saveTo)
	{
		return new CnnModel(new FolderTrainer(options, progress).train(data, validation,
			saveTo), null, true);
	}

	/**
	 * Transfers the base network {@code transfer} names to the classes of
	 * {@code data}, as {@link #train(Path, Path, TrainingOptions, Progress, Path)} trains.
	 *
	 * @throws ModelException for a base network that cannot be opened or transferred
	 * @throws DataException for unusable data or a model file that cannot be written
	 * @throws TrainingException for bad options or diverging training
	 */
	public static CnnModel transfer(final Path data, final Path validation,
		final TransferOptions transfer, final TrainingOptions options, final Progress progress,
		final Path saveTo)
	{
		return new CnnModel(new TransferTrainer(options, transfer, progress).train(data,
			validation, saveTo), null, true);
	}

	/** The classes, in the order of the network's outputs. */
	public List<String> labels() {
		return bundle.labels();
	}

	/** The input every image is fitted to: height, width, channels. */
	public InputShape input() {
		return bundle.inputShape();
	}

	/** Where the model came from: data, options, training history, versions. */
	public ModelMetadata metadata() {
		return bundle.metadata();
	}

	/** The network and its metadata, for the inspection tools. */
	public ModelBundle bundle() {
		return bundle;
	}

	/** Whether a borrowed model was already in memory (its file was not read for this loan). */
	public boolean reused() {
		return loan != null && loan.reused();
	}

	/**
	 * Classifies a plane (X, Y), a stack (X, Y, N), or N positions of C channel
	 * planes (X, Y, C, N), each fitted to {@link #input()} as Classify with CNN
	 * fits an image's planes, in mini-batches of {@value #DEFAULT_BATCH}.
	 *
	 * @return one prediction per plane (or position), in order
	 * @throws IllegalArgumentException if the axes or channels do not fit the model
	 */
	public List<Prediction> classify(final RandomAccessibleInterval<? extends RealType<?>> image) {
		return classify(image, DEFAULT_BATCH, Progress.NONE);
	}

	/** Classifies as {@link #classify(RandomAccessibleInterval)}, {@code batchSize} planes per forward pass. */
	public List<Prediction> classify(final RandomAccessibleInterval<? extends RealType<?>> image,
		final int batchSize, final Progress progress)
	{
		return classify(ImageSamples.of(image, input(), "image"), batchSize, progress);
	}

	/**
	 * Classifies every sample of {@code samples}, in order.
	 *
	 * @throws CancellationException when {@code progress} asks to stop
	 * @throws DataException if the mini-batches do not fit in memory
	 */
	public synchronized List<Prediction> classify(final SampleSource samples,
		final int batchSize, final Progress progress)
	{
		final int n = samples.count();
		return classifier().classify(samples, batchSize, done -> {
			progress.fraction((double) done / n);
			stopIfAsked(progress);
		});
	}

	/**
	 * Classifies every image below the labelled folder {@code folder} and
	 * compares with the folder names.
	 *
	 * @throws CancellationException when {@code progress} asks to stop
	 * @throws DataException for a folder that is not labelled, a class the model
	 *           does not know, or an unreadable image under {@link BadFiles#STOP}
	 */
	public synchronized Evaluation evaluate(final Path folder, final BadFiles badFiles,
		final int batchSize, final Progress progress)
	{
		return Evaluation.of(classifier(), folder, badFiles, batchSize, done -> {
			progress.fraction(done);
			stopIfAsked(progress);
		});
	}

	/**
	 * Writes the model to {@code file} through a temporary file, replacing an
	 * older one; a model trained here keeps its optimiser state, so training
	 * can continue from it (resume_from).
	 *
	 * @throws DataException if it cannot be written
	 */
	public void save(final Path file) {
		ModelIO.save(bundle, file, trained);
	}

	/** What computes the outputs (engine, lanes, threads), for the log. */
	public synchronized String engine() {
		return classifier().engine();
	}

	/** Frees the compute threads, or gives a borrowed model back to its service. */
	@Override
	public synchronized void close() {
		if (loan != null) loan.close();
		else if (classifier != null) classifier.close();
		classifier = null;
	}

	@Override
	public String toString() {
		return "CNN model " + input() + " -> " + labels();
	}

	private Classifier classifier() {
		if (loan != null) return loan.classifier();
		if (classifier == null) classifier = new Classifier(bundle);
		return classifier;
	}

	private static void stopIfAsked(final Progress progress) {
		if (progress.cancelRequested()) throw new CancellationException("Stopped by the user");
	}
}
