package io.github.cnnclassifier.inspect;

import io.github.cnnclassifier.model.ModelBundle;

import java.util.List;
import java.util.stream.Collectors;

import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;

/**
 * The learned kernels of a convolution layer: {@code filters} kernels of
 * {@code channels} x {@code height} x {@code width} weights each, in DL4J's
 * order [filter, channel, row, column].
 */
public record Filters(String layer, int filters, int channels, int height, int width,
	float[] weights)
{

	/**
	 * The kernels of convolution layer {@code layer} of {@code model}.
	 *
	 * @throws IllegalArgumentException if the model has no such layer (naming
	 *           its layers) or it is not a convolution (naming those that are)
	 */
	public static Filters of(final ModelBundle model, final String layer) {
		final String name = Layers.require(model, layer);
		if (!isConvolution(Layers.conf(model.network(), name))) {
			final List<String> convs = Layers.names(model).stream().filter(n -> isConvolution(
				Layers.conf(model.network(), n))).collect(Collectors.toList());
			throw new IllegalArgumentException("Layer '" + name + "' is " + LayerTypes.article(
				model.network(), name) + ", not a convolution: only convolution layers have " +
				"filters" + (convs.isEmpty() ? " and this model has none." : " (" + String.join(", ",
					convs) + ")."));
		}
		final long[] shape = model.network().getLayer(name).getParam(
			ConvolutionParamInitializer.WEIGHT_KEY).shape();
		final float[] w = model.network().getLayer(name).getParam(
			ConvolutionParamInitializer.WEIGHT_KEY).dup('c').data().asFloat();
		return new Filters(name, (int) shape[0], (int) shape[1], (int) shape[2],
			(int) shape[3], w);
	}

	/** Whether a layer has kernels in DL4J's [filter, channel, row, column] layout. */
	static boolean isConvolution(final Layer layer) {
		return layer instanceof ConvolutionLayer && !(layer instanceof Deconvolution2D ||
			layer instanceof DepthwiseConvolution2D || layer instanceof SeparableConvolution2D);
	}

	/** The kernel of {@code filter} for input {@code channel}: height x width weights, row after row. */
	public float[] kernel(final int filter, final int channel) {
		final int hw = height * width;
		final float[] k = new float[hw];
		System.arraycopy(weights, (filter * channels + channel) * hw, k, 0, hw);
		return k;
	}
}
