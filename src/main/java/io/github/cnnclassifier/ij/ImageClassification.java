package io.github.cnnclassifier.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.predict.Prediction;
import io.github.cnnclassifier.tensor.ImageSamples;

import java.util.List;

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
	 */
	public static ImageClassification run(final ImagePlus image, final Classifier classifier,
		final int batchSize)
	{
		final ImageSamples samples = new ImageSamples(image, classifier.model().inputShape());
		final int n = samples.count();
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
	 * "Slice_Label" property, which ImageJ shows as its slice label).
	 */
	public void labelSlices() {
		if (image.getStackSize() == 1) {
			image.setProp("Slice_Label", predictions.get(0).label());
			return;
		}
		final ImageStack stack = image.getStack();
		for (int i = 0; i < predictions.size(); i++) {
			for (final int plane : samples.planes(i)) {
				stack.setSliceLabel(predictions.get(i).label(), plane);
			}
		}
	}

	/**
	 * Fills {@code table} (cleared first): Slice (the stack index of the
	 * sample's first plane), then for a hyperstack C (when each channel is
	 * classified on its own), Z and T, then Class, Confidence and one P_label
	 * column per class.
	 */
	public void fill(final ResultsTable table) {
		table.reset();
		final boolean hyper = image.isHyperStack() || image.getNChannels() > 1;
		final boolean perChannel = image.getNChannels() > 1 && samples.planes(0).length == 1;
		for (int i = 0; i < predictions.size(); i++) {
			final Prediction p = predictions.get(i);
			final int plane = samples.planes(i)[0];
			table.addRow();
			table.addValue("Slice", plane);
			if (hyper) {
				final int[] czt = image.convertIndexToPosition(plane);
				if (perChannel) table.addValue("C", czt[0]);
				table.addValue("Z", czt[1]);
				table.addValue("T", czt[2]);
			}
			table.addValue("Class", p.label());
			table.addValue("Confidence", p.confidence());
			for (int k = 0; k < p.labels().size(); k++) {
				table.addValue("P_" + p.labels().get(k), p.probability(k));
			}
		}
		table.setDecimalPlaces(table.getColumnIndex("Confidence"), 4);
	}
}
