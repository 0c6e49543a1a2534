package io.github.cnnclassifier.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelMetadata;
import io.github.cnnclassifier.model.Normalization;
import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.tensor.ImageSamples;
import io.github.cnnclassifier.tensor.InputShape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** What the ONNX tests share: real images as samples, random RGB networks, comparisons. */
final class RoundTrips {

	/** The tolerance of every round trip. */
	static final double TOLERANCE = 1e-4;

	private RoundTrips() {}

	/** The raw (not normalised) samples of every plane of {@code imp}. */
	static float[] samples(final ImagePlus imp, final InputShape shape) {
		final ImageSamples s = new ImageSamples(imp, shape);
		final float[] x = new float[s.count() * shape.size()];
		for (int i = 0; i < s.count(); i++) s.fill(i, x, i * shape.size());
		return x;
	}

	/** The first {@code perClass} images of each class folder under {@code root}, as one stack. */
	static ImagePlus folderStack(final Path root, final int perClass) throws IOException {
		ImageStack stack = null;
		try (Stream<Path> classes = Files.list(root)) {
			for (final Path dir : classes.sorted().collect(Collectors.toList())) {
				try (Stream<Path> files = Files.list(dir)) {
					for (final Path f : files.sorted().limit(perClass).collect(Collectors.toList())) {
						final ImagePlus imp = IJ.openImage(f.toString());
						if (stack == null) stack = new ImageStack(imp.getWidth(), imp.getHeight());
						stack.addSlice(f.getFileName().toString(), imp.getProcessor());
					}
				}
			}
		}
		return new ImagePlus("images", stack);
	}

	/** Values drawn from N(0, 1), as normalised images are. */
	static float[] noise(final InputShape shape, final int count, final long seed) {
		final Random r = new Random(seed);
		final float[] x = new float[count * shape.size()];
		for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
		return x;
	}

	/**
	 * A network of {@code spec} for RGB images with random weights and random
	 * batch-norm statistics (so that converting them wrongly shows).
	 */
	static ModelBundle randomRgb(final String spec, final int height, final int width,
		final int classes)
	{
		final InputShape shape = new InputShape(height, width, 3);
		final ComputationGraph net = new ComputationGraph(Architectures.build(Architectures.spec(
			spec), shape, classes, new Adam(1e-3), 1e-4, 7, null));
		net.init();
		final Random r = new Random(11);
		for (final Layer layer : net.getLayers()) {
			for (final var e : layer.paramTable().entrySet()) {
				final INDArray p = e.getValue();
				final float[] v = new float[(int) p.length()];
				for (int i = 0; i < v.length; i++) {
					v[i] = switch (e.getKey()) {
						case "log10stdev" -> (float) (r.nextDouble() * 0.6 - 0.3);
						case "var" -> (float) (0.5 + r.nextDouble());
						case "gamma" -> (float) (0.5 + r.nextDouble());
						case "mean", "beta", "b" -> (float) (r.nextGaussian() * 0.3);
						default -> (float) (r.nextGaussian() / Math.sqrt(p.rank() == 2 ? p.size(0)
							: p.length() / p.size(0)));
					};
				}
				p.assign(Nd4j.create(v, p.shape(), 'c'));
			}
		}
		final List<String> labels = new ArrayList<>();
		for (int k = 0; k < classes; k++) labels.add("class " + (char) ('A' + k));
		return new ModelBundle(net, new ModelMetadata(labels, shape, new Normalization(0, 1),
			Architectures.nameOf(Architectures.spec(spec)), 7));
	}

	/**
	 * Classifies the raw samples {@code x} with us and, normalised, with ONNX
	 * Runtime; fails unless the classes agree and every probability is within
	 * {@link #TOLERANCE}; returns the largest difference.
	 */
	static double againstOnnxRuntime(final ModelBundle model, final byte[] onnx, final float[] x,
		final int count) throws Exception
	{
		final float[] normalised = x.clone();
		model.normalization().apply(normalised, 0, count * model.inputShape().size());
		final float[][] theirs = OnnxRuntimeOracle.run(onnx, normalised, count, model
			.inputShape());
		final float[] ours;
		try (Classifier c = new Classifier(model)) {
			ours = c.probabilities(x.clone(), count);
		}
		final double diff = compare(ours, theirs, model.labels().size());
		double least = 1;
		for (final float[] row : theirs) least = Math.min(least, row[argmax(row, 0, row.length)]);
		// NB: probabilities all 0 or 1 would hide a wrong conversion.
		assertTrue(least < 0.999, "every sample is classified with certainty; the test is void");
		return diff;
	}

	/** The largest difference of two sets of probability rows; fails past {@link #TOLERANCE} or on another class. */
	static double compare(final float[] ours, final float[][] theirs, final int classes) {
		double max = 0;
		for (int i = 0; i < theirs.length; i++) {
			assertEquals(classes, theirs[i].length);
			for (int k = 0; k < classes; k++) {
				max = Math.max(max, Math.abs(ours[i * classes + k] - theirs[i][k]));
				assertEquals(ours[i * classes + k], theirs[i][k], TOLERANCE, "sample " + i +
					", class " + k);
			}
			assertEquals(argmax(ours, i * classes, classes), argmax(theirs[i], 0, classes),
				"sample " + i);
		}
		return max;
	}

	static int argmax(final float[] p, final int from, final int n) {
		int best = 0;
		for (int k = 1; k < n; k++) if (p[from + k] > p[from + best]) best = k;
		return best;
	}
}
