package io.github.cnnclassifier.inspect;

import io.github.cnnclassifier.engine.Runner;
import io.github.cnnclassifier.engine.Runners;
import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.tensor.InputShape;
import io.github.cnnclassifier.tensor.SampleSource;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * Where in an image the network finds the evidence for the class it
 * predicts: one heat map per sample, the size of the network input,
 * sample after sample, row after row; higher is more evidence. Grad-CAM
 * maps are scaled to 1 at each sample's maximum (their raw scale depends on
 * the layer); occlusion maps are drops of the class probability (-1..1).
 */
public record Saliency(String method, String layer, int samples, int height, int width,
	float[] values, int[] classes, float[] confidences)
{

	/** The methods, by the names users give. */
	public static final List<String> METHODS = List.of(GradCam.NAME, Occlusion.NAME);

	/**
	 * The heat maps of every sample of {@code source} for its predicted class.
	 *
	 * @param method {@code grad-cam} (the class score's gradient weighs the
	 *          channels of {@code layer}; fast, needs the vector engine) or
	 *          {@code occlusion} (how much the class probability drops when a
	 *          patch is covered with the training mean; any network)
	 * @param layer for grad-cam, the layer whose maps are weighed; empty: the
	 *          last one with more than one pixel per map
	 * @param progress called with the number of samples done
	 * @throws IllegalArgumentException for an unknown method or layer, a flat
	 *           layer, samples the model cannot take, or grad-cam on DL4J's layers
	 */
	public static Saliency of(final ModelBundle model, final SampleSource source,
		final String method, final String layer, final IntConsumer progress)
	{
		final String m = method == null ? "" : method.trim().toLowerCase(Locale.ROOT);
		if (!METHODS.contains(m)) {
			throw new IllegalArgumentException("Unknown saliency method '" + method + "': use " +
				String.join(" or ", METHODS) + ".");
		}
		final InputShape shape = model.inputShape();
		shape.requireSamples(source.shape());
		final String target = m.equals(GradCam.NAME) ? camLayer(model, layer) : "";
		final int n = source.count();
		final int size = shape.size();
		final int hw = shape.height() * shape.width();
		final int classCount = model.labels().size();
		final float[] values = new float[n * hw];
		final int[] classes = new int[n];
		final float[] confidences = new float[n];
		final float[] x = new float[size];
		final Layers.MapShape targetShape = target.isEmpty() ? null : Layers.shapes(model
			.network(), shape).get(target);
		try (Runner runner = Runners.of(model.network(), shape)) {
			for (int i = 0; i < n; i++) {
				source.fill(i, x, 0);
				model.normalization().apply(x, 0, size);
				final float[] p = runner.output(x, 1);
				final int best = Runner.argmax(p, 0, classCount);
				classes[i] = best;
				confidences[i] = p[best];
				final float[] map = m.equals(GradCam.NAME) ? GradCam.map(runner, target, x, best,
					shape, targetShape) : Occlusion.map(runner, x, best, p[best], shape, classCount);
				if (m.equals(GradCam.NAME)) scaleToOne(map);
				System.arraycopy(map, 0, values, i * hw, hw);
				progress.accept(i + 1);
			}
		}
		return new Saliency(m, target, n, shape.height(), shape.width(), values, classes,
			confidences);
	}

	private static void scaleToOne(final float[] map) {
		float max = 0;
		for (final float v : map) max = Math.max(max, v);
		if (max > 0) for (int i = 0; i < map.length; i++) map[i] /= max;
	}

	/** Heat map of sample {@code sample}: height x width values, row after row. */
	public float[] map(final int sample) {
		final int hw = height * width;
		return Arrays.copyOfRange(values, sample * hw, (sample + 1) * hw);
	}

	/** The layer Grad-CAM weighs: the one given, or the last with maps of more than one pixel. */
	static String camLayer(final ModelBundle model, final String layer) {
		final java.util.Map<String, Layers.MapShape> shapes = Layers.shapes(model.network(),
			model.inputShape());
		final List<String> spatial = Layers.names(model).stream().filter(n -> !shapes.get(n)
			.flat() && shapes.get(n).height() * shapes.get(n).width() > 1).collect(Collectors
				.toList());
		if (layer == null || layer.isBlank()) {
			if (spatial.isEmpty()) {
				throw new IllegalArgumentException("The model has no layer with image-shaped " +
					"output for grad-cam; use occlusion.");
			}
			return spatial.get(spatial.size() - 1);
		}
		final String name = Layers.require(model, layer);
		if (!spatial.contains(name) || name.equals(Architectures.INPUT)) {
			throw new IllegalArgumentException("Layer '" + name + "' has " + shapes.get(name)
				.text() + " outputs, not maps: grad-cam needs a layer with image-shaped output (" +
				String.join(", ", spatial) + ").");
		}
		return name;
	}
}
