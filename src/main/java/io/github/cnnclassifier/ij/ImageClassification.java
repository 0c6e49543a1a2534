package io.github.cnnclassifier.ij;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.measure.ResultsTable;
import io.github.cnnclassifier.api.CnnModel;
import io.github.cnnclassifier.api.Progress;
import io.github.cnnclassifier.data.Memory;
import io.github.cnnclassifier.output.CsvRecords;
import io.github.cnnclassifier.predict.Prediction;
import io.github.cnnclassifier.predict.Unsure;
import io.github.cnnclassifier.tensor.ImageSamples;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Classifies an open image or stack: every 2D plane (or every group of
 * channel planes, for a multi-channel model) gets a class, written into a
 * Results table and shown over the image; its slice labels are kept.
 */
public final class ImageClassification {

	/** The name of the overlay texts that show the classes. */
	public static final String CLASS_TEXT = "cnn-classifier class";

	private final ImagePlus image;
	private final ImageSamples samples;
	private final List<Prediction> predictions;

	private ImageClassification(final ImagePlus image, final ImageSamples samples,
		final List<Prediction> predictions)
	{
		this.image = image;
		this.samples = samples;
		this.predictions = predictions;
	}

	/**
	 * Classifies {@code image} with {@code model} in mini-batches of {@code batchSize}.
	 *
	 * @throws IllegalArgumentException if the image's channels do not fit the model
	 * @throws io.github.cnnclassifier.data.DataException if the mini-batches do not fit in memory
	 * @throws java.util.concurrent.CancellationException when {@code progress} asks to stop
	 */
	public static ImageClassification run(final ImagePlus image, final CnnModel model,
		final int batchSize, final Progress progress)
	{
		// NB: the ImagePlus is wrapped as an ImgLib2 image, not copied.
		return run(new ImageSamples(image, model.input()), model, batchSize, progress);
	}

	/**
	 * {@link #run(ImagePlus, CnnModel, int, Progress)} on an image a user chose,
	 * checked as {@link ImageSamples#ofChosenImage} says: a picture this plugin
	 * made is refused, and an image unlike the model's input is named to {@code warn}.
	 */
	public static ImageClassification run(final ImagePlus image, final CnnModel model,
		final int batchSize, final Progress progress, final Consumer<String> warn)
	{
		return run(ImageSamples.ofChosenImage(image, model.input(), warn), model, batchSize,
			progress);
	}

	private static ImageClassification run(final ImageSamples samples, final CnnModel model,
		final int batchSize, final Progress progress)
	{
		final ImagePlus image = samples.image();
		// NB: fitting a plane of another size takes two 32-bit copies of it (the
		// classifier checks its mini-batches itself).
		final long plane = (long) image.getWidth() * image.getHeight() * (image
			.getType() == ImagePlus.COLOR_RGB ? 3 : 1);
		Memory.require(2 * plane * Float.BYTES, "Image " + image.getTitle() + " (" + image
			.getWidth() + "x" + image.getHeight() + " pixels)", "Make the image smaller " +
				"(Image > Scale).");
		final List<Prediction> predictions = model.classify(samples, batchSize, progress);
		return new ImageClassification(image, samples, predictions);
	}

	/** These results with the predictions below {@code rule}'s threshold unsure. */
	public ImageClassification unsure(final Unsure rule) {
		return new ImageClassification(image, samples, rule.apply(predictions));
	}

	/** One prediction per sample, in stack order. */
	public List<Prediction> predictions() {
		return predictions;
	}

	/**
	 * Shows each sample's class over the image: an overlay text at the top
	 * left of its plane(s), named {@value #CLASS_TEXT}. The slice labels (often
	 * the true classes) stay as they are; class texts of an earlier run are
	 * replaced, the rest of the overlay is kept.
	 */
	public void showClasses() {
		final Overlay overlay = image.getOverlay() == null ? new Overlay() : image.getOverlay();
		for (final Roi roi : overlay.toArray()) {
			if (CLASS_TEXT.equals(roi.getName())) overlay.remove(roi);
		}
		// NB: in image pixels: legible on a 28x28 digit, not huge on a 1024x1024 field.
		final Font font = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(9, Math.min(image
			.getWidth(), image.getHeight()) / 12));
		for (int i = 0; i < predictions.size(); i++) {
			final int[] planes = samples.planes(i);
			for (final int plane : planes) {
				final TextRoi text = new TextRoi(0, 0, predictions.get(i).label(), font);
				text.setName(CLASS_TEXT);
				text.setStrokeColor(Color.YELLOW);
				text.setFillColor(new Color(0, 0, 0, 140));
				if (image.isHyperStack() || image.getNChannels() > 1) {
					final int[] czt = image.convertIndexToPosition(plane);
					text.setPosition(planes.length > 1 ? 0 : czt[0], czt[1], czt[2]);
				}
				else if (image.getStackSize() > 1) text.setPosition(plane);
				overlay.add(text);
			}
		}
		image.setOverlay(overlay);
	}

	/** The slice label of a sample's first plane (often its true class), or null. */
	private String sliceLabel(final int index) {
		final String label = image.getStack().getShortSliceLabel(samples.planes(index)[0]);
		return label == null || label.isBlank() ? null : label;
	}

	/**
	 * Column headings: Slice (the stack index of the sample's first plane),
	 * then for a hyperstack C (when each channel is classified on its own), Z
	 * and T, then Class, Confidence and one P_label column per class.
	 */
	public List<String> headings() {
		final List<String> h = new ArrayList<>(List.of("Slice"));
		if (perChannel()) h.add("C");
		if (hyper()) h.addAll(List.of("Z", "T"));
		h.addAll(List.of("Class", "Confidence"));
		for (final String label : predictions.get(0).labels()) h.add("P_" + label);
		return h;
	}

	/** One row per sample, in {@link #headings()} order: Integers, the class label, Floats. */
	public List<List<Object>> rows() {
		final List<List<Object>> rows = new ArrayList<>();
		for (int i = 0; i < predictions.size(); i++) {
			final Prediction p = predictions.get(i);
			final int plane = samples.planes(i)[0];
			final int[] czt = image.convertIndexToPosition(plane);
			final List<Object> row = new ArrayList<>(List.of(plane));
			if (perChannel()) row.add(czt[0]);
			if (hyper()) row.addAll(List.of(czt[1], czt[2]));
			row.addAll(List.of(p.label(), p.confidence()));
			for (int k = 0; k < p.labels().size(); k++) row.add(p.probability(k));
			rows.add(row);
		}
		return rows;
	}

	/**
	 * Fills {@code table} (cleared first) with {@link #headings()} and
	 * {@link #rows()}, and the slice labels, where the image has them, as the
	 * rows' labels (ImageJ's Label column), beside the classes.
	 */
	public void fill(final ResultsTable table) {
		table.reset();
		final List<String> headings = headings();
		final List<List<Object>> rows = rows();
		final boolean labelled = IntStream.range(0, rows.size()).anyMatch(i -> sliceLabel(
			i) != null);
		for (int r = 0; r < rows.size(); r++) {
			final List<Object> row = rows.get(r);
			table.addRow();
			if (labelled) table.setLabel(sliceLabel(r) == null ? "" : sliceLabel(r), r);
			for (int c = 0; c < headings.size(); c++) {
				final Object v = row.get(c);
				if (v instanceof String) table.addValue(headings.get(c), (String) v);
				else table.addValue(headings.get(c), ((Number) v).doubleValue());
			}
		}
		table.setDecimalPlaces(table.getColumnIndex("Confidence"), 4);
	}

	/**
	 * The results as CSV: a heading line, then one line per sample, numbers
	 * at full float precision, text cells written by {@link CsvRecords#text}.
	 * NB: written from the predictions, not read back from a ResultsTable,
	 * which would turn a label such as "07" into the number 7.
	 */
	public String csv() {
		final StringBuilder sb = new StringBuilder();
		sb.append(headings().stream().map(CsvRecords::text)
			.collect(Collectors.joining(","))).append('\n');
		for (final List<Object> row : rows()) {
			sb.append(row.stream().map(v -> v instanceof String ? CsvRecords.text((String) v) : v
				.toString()).collect(Collectors.joining(","))).append('\n');
		}
		return sb.toString();
	}

	private boolean hyper() {
		return image.isHyperStack() || image.getNChannels() > 1;
	}

	private boolean perChannel() {
		return image.getNChannels() > 1 && samples.planes(0).length == 1;
	}

}
