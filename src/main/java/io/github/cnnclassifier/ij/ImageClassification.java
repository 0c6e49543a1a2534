package io.github.cnnclassifier.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import io.github.cnnclassifier.data.Memory;
import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.predict.Prediction;
import io.github.cnnclassifier.tensor.ImageSamples;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Classifies an open image or stack: every 2D plane (or every group of
 * channel planes, for a multi-channel model) gets a class, written into a
 * Results table and into the slice labels.
 */
public final class ImageClassification {

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
	 * Classifies {@code image} in mini-batches of {@code batchSize}, showing
	 * progress in ImageJ's bar.
	 *
	 * @throws IllegalArgumentException if the image's channels do not fit the model
	 * @throws io.github.cnnclassifier.data.DataException if the mini-batches do not fit in memory
	 */
	public static ImageClassification run(final ImagePlus image, final Classifier classifier,
		final int batchSize)
	{
		return run(new ImageSamples(image, classifier.model().inputShape()), classifier,
			batchSize);
	}

	/**
	 * {@link #run(ImagePlus, Classifier, int)} on an image a user chose, checked
	 * as {@link ImageSamples#ofChosenImage} says: a picture this plugin made is
	 * refused, and an image unlike the model's input is named to {@code warn}.
	 */
	public static ImageClassification run(final ImagePlus image, final Classifier classifier,
		final int batchSize, final Consumer<String> warn)
	{
		return run(ImageSamples.ofChosenImage(image, classifier.model().inputShape(), warn),
			classifier, batchSize);
	}

	private static ImageClassification run(final ImageSamples samples,
		final Classifier classifier, final int batchSize)
	{
		final ImagePlus image = samples.image();
		final int n = samples.count();
		// NB: fitting a plane of another size takes two 32-bit copies of it (the
		// classifier checks its mini-batches itself).
		final long plane = (long) image.getWidth() * image.getHeight() * (image
			.getType() == ImagePlus.COLOR_RGB ? 3 : 1);
		Memory.require(2 * plane * Float.BYTES, "Image " + image.getTitle() + " (" + image
			.getWidth() + "x" + image.getHeight() + " pixels)", "Make the image smaller " +
				"(Image > Scale).");
		final List<Prediction> predictions = classifier.classify(samples, batchSize,
			done -> IJ.showProgress(done, n));
		return new ImageClassification(image, samples, predictions);
	}

	/** One prediction per sample, in stack order. */
	public List<Prediction> predictions() {
		return predictions;
	}

	/**
	 * Sets the label of every plane to its class (for a single image, its
	 * "Slice_Label" property, which ImageJ shows as its slice label), and
	 * shows the new label in the image's window at once.
	 */
	public void labelSlices() {
		// NB: a single image keeps its label in the "Slice_Label" property too.
		if (image.getStackSize() == 1) image.setProp("Slice_Label", predictions.get(0).label());
		final ImageStack stack = image.getStack();
		for (int i = 0; i < predictions.size(); i++) {
			for (final int plane : samples.planes(i)) {
				stack.setSliceLabel(predictions.get(i).label(), plane);
			}
		}
		// NB: the window draws the label above the image only when it is repainted.
		image.repaintWindow();
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

	/** Fills {@code table} (cleared first) with {@link #headings()} and {@link #rows()}. */
	public void fill(final ResultsTable table) {
		table.reset();
		final List<String> headings = headings();
		for (final List<Object> row : rows()) {
			table.addRow();
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
	 * at full float precision, labels quoted where they hold a comma or quote.
	 * NB: written from the predictions, not read back from a ResultsTable,
	 * which would turn a label such as "07" into the number 7.
	 */
	public String csv() {
		final StringBuilder sb = new StringBuilder();
		sb.append(headings().stream().map(Prediction::csvField)
			.collect(Collectors.joining(","))).append('\n');
		for (final List<Object> row : rows()) {
			sb.append(row.stream().map(v -> v instanceof String ? Prediction.csvField((String) v) : v
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
