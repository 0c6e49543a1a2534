package io.github.cnnclassifier.inspect;

import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.DatasetReader;
import io.github.cnnclassifier.data.ImageDataset;
import io.github.cnnclassifier.data.LabelledFolder;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.TrainingHashes;
import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.output.CsvRecords;
import io.github.cnnclassifier.output.Table;
import io.github.cnnclassifier.predict.Prediction;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleConsumer;

/**
 * A model applied to a labelled folder (one sub-folder per class, named as
 * the model's classes): the confusion matrix, every image it got wrong, the
 * metrics with their intervals and calibration, and the images it trained on.
 *
 * @param metrics computed on the (calibrated) probabilities the model reports
 * @param overlap the evaluated images the model trained on; null when the
 *          model file does not record its training images' hashes
 */
public record Evaluation(ConfusionMatrix confusion, List<Misclassified> misclassified,
	List<String> skipped, Metrics metrics, TrainingOverlap overlap)
{

	/** The columns of {@link #metricsCsv()} and of the table "CNN Evaluation". */
	public static final List<String> COLUMNS = List.of("Class", "Precision", "Recall",
		"Recall_CI95_Low", "Recall_CI95_High", "F1", "Support");

	/** An image classified as another class than its folder's. */
	public record Misclassified(Path file, String truth, String predicted, float confidence) {}

	/**
	 * Classifies every image below {@code folder} in mini-batches with {@code classifier}.
	 *
	 * @param progress called with the fraction done, 0..1 (reading is the first half)
	 * @throws DataException for a folder that is not labelled, a class the model does
	 *           not know, or an unreadable image under {@link BadFiles#STOP}
	 */
	public static Evaluation of(final Classifier classifier, final Path folder,
		final BadFiles badFiles, final int batchSize, final DoubleConsumer progress)
	{
		final ModelBundle model = classifier.model();
		final LabelledFolder data = LabelledFolder.scan(folder);
		final List<String> unknown = new ArrayList<>(data.labels());
		unknown.removeAll(model.labels());
		if (!unknown.isEmpty()) {
			throw new DataException("Folder " + folder + " has classes the model does not know: " +
				unknown + ". The model classifies " + model.labels() + "; name the sub-folders " +
				"after those classes.");
		}
		final TrainingHashes trained = model.metadata().trainingHashes();
		final DatasetReader reader = new DatasetReader(model.inputShape(), model.labels(),
			badFiles);
		// NB: hashed as they are decoded for classifying, not decoded again to be hashed.
		if (trained != null) reader.hashing();
		final int n = data.images().size();
		final ImageDataset images = reader.read(data.images(), done -> progress.accept(0.5 * done /
			n));
		final int kept = images.count();
		final List<Prediction> predictions = classifier.classify(images, batchSize, done ->
			progress.accept(0.5 + 0.5 * done / kept));
		final ConfusionMatrix confusion = ConfusionMatrix.over(model.labels());
		final List<Misclassified> wrong = new ArrayList<>();
		final int classes = model.labels().size();
		final int[] truths = new int[kept];
		final double[][] probabilities = new double[kept][classes];
		for (int i = 0; i < images.count(); i++) {
			final Prediction p = predictions.get(i);
			final int truth = images.label(i);
			final int predicted = p.classIndex();
			truths[i] = truth;
			for (int k = 0; k < classes; k++) probabilities[i][k] = p.probability(k);
			confusion.add(truth, predicted);
			if (truth != predicted) {
				wrong.add(new Misclassified(images.file(i), model.labels().get(truth), p.label(), p
					.confidence()));
			}
		}
		return new Evaluation(confusion, List.copyOf(wrong), reader.skipped(), Metrics.of(truths,
			probabilities, classes), trained == null ? null : TrainingOverlap.find(trained, data
				.images(), reader.hashes()));
	}

	/**
	 * The per-class table: per class Class, Precision, Recall, the 95 %
	 * interval of the recall (Recall_CI95_Low, Recall_CI95_High), F1, Support.
	 * A measure without any image to measure it on is NaN.
	 */
	public Table metricsTable() {
		final ConfusionMatrix m = confusion;
		final List<List<Object>> rows = new ArrayList<>();
		for (int k = 0; k < m.labels().size(); k++) {
			final Bootstrap.Interval recall = metrics.recall().get(k);
			rows.add(List.of(m.labels().get(k), m.precision(k), m.recall(k), recall.low(), recall
				.high(), m.f1(k), m.support(k)));
		}
		return new Table(COLUMNS, rows);
	}

	/** {@link #metricsTable()} as a CSV. */
	public String metricsCsv() {
		return metricsTable().csv();
	}

	/** The misclassified images: File (relative to {@code root}), True, Predicted, Confidence. */
	public String misclassifiedCsv(final Path root) {
		final StringBuilder sb = new StringBuilder("File,True,Predicted,Confidence\n");
		for (final Misclassified m : misclassified) {
			sb.append(CsvRecords.text(relative(root, m.file()))).append(',').append(CsvRecords
				.text(m.truth())).append(',').append(CsvRecords.text(m.predicted())).append(
					',').append(String.format(Locale.ROOT, "%.4f", m.confidence())).append('\n');
		}
		return sb.toString();
	}

	/** {@code file} relative to {@code root}, with / between folders. */
	public static String relative(final Path root, final Path file) {
		return root.relativize(file).toString().replace('\\', '/');
	}
}
