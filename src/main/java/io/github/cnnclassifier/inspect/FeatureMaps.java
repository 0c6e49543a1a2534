package io.github.cnnclassifier.inspect;

import io.github.cnnclassifier.engine.Runner;
import io.github.cnnclassifier.engine.Runners;
import io.github.cnnclassifier.model.CalibrationInfo;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.tensor.InputShape;
import io.github.cnnclassifier.tensor.SampleSource;

import java.util.Locale;

/**
 * A layer's output for some samples, as the network computes it: per sample
 * {@code channels} maps of {@code height} x {@code width} values (1 x 1 for a
 * flat layer such as a fully connected one), sample after sample, channel
 * after channel, row after row.
 */
public record FeatureMaps(String layer, int samples, int channels, int height, int width,
	float[] values)
{

	/** Samples per forward pass. */
	private static final int BATCH = 32;

	/**
	 * The output of {@code layer} for every sample of {@code source} (raw
	 * values, normalised here as the model was trained).
	 *
	 * @throws IllegalArgumentException for an unknown layer (naming the layers),
	 *           samples of another shape than the model's input, or more values than an array holds
	 */
	public static FeatureMaps of(final ModelBundle model, final String layer,
		final SampleSource source)
	{
		final String name = Layers.require(model, layer);
		final InputShape shape = model.inputShape();
		shape.requireSamples(source.shape());
		final Layers.MapShape out = Layers.shapes(model.network(), shape).get(name);
		final int n = source.count();
		final long total = (long) n * out.size();
		if (total > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException(String.format(Locale.ROOT, "The feature maps of " +
				"%s for %d planes would be %.1f GB: take fewer planes (Image > Duplicate... with " +
				"a range) or a layer after pooling.", name, n, total * 4 / 1e9));
		}
		final float[] values = new float[(int) total];
		final float[] x = new float[Math.min(BATCH, n) * shape.size()];
		try (Runner runner = Runners.of(model.network(), shape)) {
			for (int from = 0; from < n; from += BATCH) {
				final int b = Math.min(BATCH, n - from);
				for (int i = 0; i < b; i++) source.fill(from + i, x, i * shape.size());
				model.normalization().apply(x, 0, b * shape.size());
				System.arraycopy(runner.activations(name, x, b), 0, values, from * out.size(), b *
					out.size());
			}
		}
		// NB: the head's maps are the class probabilities the classifier gives, calibrated too.
		final CalibrationInfo calibration = model.metadata().calibration();
		if (calibration != null && model.network().getConfiguration().getNetworkOutputs()
			.contains(name))
		{
			calibration.apply(values, out.channels());
		}
		return new FeatureMaps(name, n, out.channels(), out.height(), out.width(), values);
	}

	/** Map {@code channel} of sample {@code sample}: height x width values, row after row. */
	public float[] map(final int sample, final int channel) {
		final int hw = height * width;
		final float[] m = new float[hw];
		System.arraycopy(values, (sample * channels + channel) * hw, m, 0, hw);
		return m;
	}
}
