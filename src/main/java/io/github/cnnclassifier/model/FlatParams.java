package io.github.cnnclassifier.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;

/**
 * A network's parameters as the flat vector of a DL4J model file holds them,
 * read per layer without building the network (and so without ND4J).
 * <p>
 * NB: DL4J's layout, checked against DL4J by {@code FlatParamsTest}: the
 * vertices follow one another in the configuration's topological order, each
 * with {@code numParams} values; a convolution holds its bias, then its
 * weights [nOut, nIn, kh, kw] row-major; a dense or output layer its weights
 * [nIn, nOut] column-major ('f'), then its bias; a batch norm gamma and beta
 * (unless locked), the mean, then the variance or, with {@code useLogStd},
 * log10 of the standard deviation.
 * </p>
 */
public final class FlatParams implements ParamSource {

	private final ComputationGraphConfiguration conf;
	private final float[] values;
	/** Where each vertex's values start. */
	private final Map<String, Integer> offsets = new HashMap<>();

	/**
	 * @param values the flat vector, as many values as the vertices' parameters
	 * @throws IllegalArgumentException if the configuration has no
	 *           topological order (files of old DL4J versions) or the count differs
	 */
	public FlatParams(final ComputationGraphConfiguration conf, final float[] values) {
		final List<String> order = conf.getTopologicalOrderStr();
		if (order == null) throw new IllegalArgumentException("no topological order");
		this.conf = conf;
		this.values = values;
		long at = 0;
		for (final String name : order) {
			final GraphVertex v = conf.getVertices().get(name);
			if (v == null) continue; // NB: a network input
			offsets.put(name, (int) at);
			at += v.numParams(true);
		}
		if (at != values.length) {
			throw new IllegalArgumentException("the network has " + at + " parameters, not " +
				values.length);
		}
	}

	/** The configuration whose layout this is. */
	public ComputationGraphConfiguration configuration() {
		return conf;
	}

	@Override
	public float[] values(final String layer, final String key) {
		final Integer from = offsets.get(layer);
		if (from == null) throw new IllegalArgumentException("The network has no layer " + layer);
		final Layer l = Networks.layer(conf.getVertices().get(layer));
		final int at = from;
		if (l != null && l.getClass() == ConvolutionLayer.class) {
			final ConvolutionLayer c = (ConvolutionLayer) l;
			final int out = (int) c.getNOut(), bias = c.hasBias() ? out : 0;
			return switch (key) {
				case "b" -> bias == 0 ? null : copy(at, out);
				case "W" -> copy(at + bias, out * (int) c.getNIn() * c.getKernelSize()[0] * c
					.getKernelSize()[1]);
				default -> null;
			};
		}
		if (l instanceof FeedForwardLayer f && (l.getClass() == DenseLayer.class || l
			.getClass() == OutputLayer.class))
		{
			final int in = (int) f.getNIn(), out = (int) f.getNOut();
			final boolean hasBias = l instanceof DenseLayer d ? d.hasBias() : ((OutputLayer) l)
				.hasBias();
			return switch (key) {
				case "W" -> transposed(at, in, out);
				case "b" -> hasBias ? copy(at + in * out, out) : null;
				default -> null;
			};
		}
		if (l instanceof BatchNormalization b) {
			final int c = (int) b.getNOut(), stats = at + (b.isLockGammaBeta() ? 0 : 2 * c);
			return switch (key) {
				case "gamma" -> b.isLockGammaBeta() ? null : copy(at, c);
				case "beta" -> b.isLockGammaBeta() ? null : copy(at + c, c);
				case "mean" -> copy(stats, c);
				case "var" -> b.isUseLogStd() ? null : copy(stats + c, c);
				case "log10stdev" -> b.isUseLogStd() ? copy(stats + c, c) : null;
				default -> null;
			};
		}
		if (conf.getVertices().get(layer).numParams(true) == 0) return null;
		throw new IllegalArgumentException("No flat layout known for layer " + layer + " (" + (l ==
			null ? conf.getVertices().get(layer) : l).getClass().getSimpleName() + ")");
	}

	private float[] copy(final int from, final int length) {
		final float[] v = new float[length];
		System.arraycopy(values, from, v, 0, length);
		return v;
	}

	/** A [rows, cols] matrix stored column-major from {@code from}, row-major. */
	private float[] transposed(final int from, final int rows, final int cols) {
		final float[] v = new float[rows * cols];
		for (int r = 0; r < rows; r++) {
			for (int c = 0; c < cols; c++) v[r * cols + c] = values[from + c * rows + r];
		}
		return v;
	}
}
