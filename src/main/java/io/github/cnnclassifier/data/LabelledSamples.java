package io.github.cnnclassifier.data;

import io.github.cnnclassifier.tensor.SampleSource;

import java.util.List;

/** Network inputs with their class labels: what training and validation read. */
public interface LabelledSamples extends SampleSource {

	/** Class names; {@link #label(int)} indexes into them. */
	List<String> classes();

	/** The class index of sample {@code index}. */
	int label(int index);

	/** Count, sum and sum of squares of all values of all samples (for normalisation). */
	double[] valueSums();

	/** How many samples each class has, in {@link #classes()} order. */
	default int[] classCounts() {
		final int[] counts = new int[classes().size()];
		for (int i = 0; i < count(); i++) counts[label(i)]++;
		return counts;
	}
}
