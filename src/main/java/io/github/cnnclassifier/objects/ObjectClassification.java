package io.github.cnnclassifier.objects;

import ij.ImagePlus;
import ij.measure.Calibration;
import ij.measure.ResultsTable;
import io.github.cnnclassifier.api.CnnModel;
import io.github.cnnclassifier.api.Progress;
import io.github.cnnclassifier.folder.ClassCounts;
import io.github.cnnclassifier.output.CsvRecords;
import io.github.cnnclassifier.predict.Prediction;
import io.github.cnnclassifier.predict.Unsure;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The objects of an image, each cut out and classified: one row per object. */
public final class ObjectClassification {

	private final ImagePlus image;
	private final List<ImageObject> objects;
	private final List<Prediction> predictions;
	/** The classes an object can get: the model's, then the unsure class if any. */
	private final List<String> classes;

	private ObjectClassification(final ImagePlus image, final List<ImageObject> objects,
		final List<Prediction> predictions, final List<String> classes)
	{
		this.image = image;
		this.objects = objects;
		this.predictions = predictions;
		this.classes = classes;
	}

	/**
	 * Classifies the crops of {@code objects} in mini-batches of {@code batchSize}.
	 *
	 * @throws IllegalArgumentException if the image's channels do not fit the model
	 * @throws java.util.concurrent.CancellationException when {@code progress} asks to stop
	 */
	public static ObjectClassification run(final ImagePlus image,
		final List<ImageObject> objects, final CropGeometry geometry, final CnnModel model,
		final int batchSize, final Progress progress)
	{
		final ObjectSamples samples = new ObjectSamples(image, objects, geometry, model.input());
		final List<Prediction> predictions = objects.isEmpty() ? List.of() : model.classify(
			samples, batchSize, progress);
		return new ObjectClassification(image, objects, predictions, model.labels());
	}

	/** These results with the predictions below {@code rule}'s threshold unsure. */
	public ObjectClassification unsure(final Unsure rule) {
		return new ObjectClassification(image, objects, rule.apply(predictions), rule.classes(
			classes));
	}

	/** The classes an object can get: the model's labels, then unsure_label when it is on. */
	public List<String> classes() {
		return classes;
	}

	public List<ImageObject> objects() {
		return objects;
	}

	/** One prediction per object, in object order. */
	public List<Prediction> predictions() {
		return predictions;
	}

	/** Objects per class, in {@link #classes()} order. */
	public ClassCounts counts() {
		final ClassCounts counts = new ClassCounts(classes);
		for (final Prediction p : predictions) counts.add(p);
		return counts;
	}

	/**
	 * Object, Slice, Class, Confidence, P_label..., X, Y (centroid in pixels),
	 * X_cal, Y_cal (for a calibrated image), Area (pixels).
	 */
	public List<String> headings(final List<String> labels) {
		final List<String> h = new ArrayList<>(List.of("Object", "Slice", "Class",
			"Confidence"));
		for (final String label : labels) h.add("P_" + label);
		h.addAll(List.of("X", "Y"));
		if (calibrated()) h.addAll(List.of("X_cal", "Y_cal"));
		h.add("Area");
		return h;
	}

	/** One row per object, in {@link #headings} order: Strings for Object and Class, else Numbers. */
	public List<List<Object>> rows() {
		final Calibration cal = image.getCalibration();
		final List<List<Object>> rows = new ArrayList<>(objects.size());
		for (int i = 0; i < objects.size(); i++) {
			final ImageObject o = objects.get(i);
			final Prediction p = predictions.get(i);
			final List<Object> row = new ArrayList<>(List.of(o.name(), o.slice(), p.label(), p
				.confidence()));
			for (int k = 0; k < p.labels().size(); k++) row.add(p.probability(k));
			row.addAll(List.of(o.x(), o.y()));
			if (calibrated()) row.addAll(List.of(cal.getX(o.x()), cal.getY(o.y(), image
				.getHeight())));
			row.add(o.area());
			rows.add(row);
		}
		return rows;
	}

	private boolean calibrated() {
		return image.getCalibration().scaled();
	}

	/**
	 * Fills {@code table} (cleared first). NB: row by row through
	 * {@code addRow}/{@code addValue}, which append to arrays (no redraw per row).
	 */
	public void fill(final ResultsTable table, final List<String> labels) {
		table.reset();
		final List<String> headings = headings(labels);
		for (final List<Object> row : rows()) {
			table.addRow();
			for (int c = 0; c < headings.size(); c++) {
				final Object v = row.get(c);
				if (v instanceof String) table.addValue(headings.get(c), (String) v);
				else table.addValue(headings.get(c), ((Number) v).doubleValue());
			}
		}
		if (!predictions.isEmpty()) table.setDecimalPlaces(table.getColumnIndex("Confidence"),
			4);
	}

	/** The rows as CSV, text cells written by {@link CsvRecords#text}. */
	public String csv(final List<String> labels) {
		final StringBuilder sb = new StringBuilder();
		sb.append(headings(labels).stream().map(CsvRecords::text).collect(Collectors.joining(
			","))).append('\n');
		for (final List<Object> row : rows()) {
			sb.append(row.stream().map(v -> v instanceof String ? CsvRecords.text((String) v) : v
				.toString()).collect(Collectors.joining(","))).append('\n');
		}
		return sb.toString();
	}
}
