package io.github.cnnclassifier.transfer;

import io.github.cnnclassifier.model.Networks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns the configuration of a channels-last network (TensorFlow's layout, as
 * DL4J imports a Keras file) into the same network computing channels first
 * (NCHW), the one layout of our networks and of the vector engine.
 * <p>
 * Layers that compute on images only change their data format: DL4J stores
 * convolution, batch-norm and pooling parameters alike for both layouts. A
 * flatten is different: Keras flattens height x width x channels, we
 * flatten channels x height x width, so the rows of the dense layers after
 * it are reordered. Global pooling, element-wise layers and layers after
 * the flatten's dense layers need nothing.
 * </p>
 */
final class ChannelsFirst {

	private ChannelsFirst() {}

	/** A dense layer whose input rows come from a channels-last flatten of h x w x c. */
	private record Flattened(String layer, long h, long w, long c) {}

	private static final Set<Class<?>> CONVOLUTIONS = Set.of(ConvolutionLayer.class,
		DepthwiseConvolution2D.class, SeparableConvolution2D.class);

	/**
	 * A channels-first copy of a configuration, with the dense layers whose
	 * weight rows a network built from it must reorder.
	 */
	record Conversion(ComputationGraphConfiguration conf, List<Flattened> flattened) {

		/**
		 * Reorders the weight rows of {@code net}'s dense layers after a flatten,
		 * {@code net} being built from {@link #conf} with the channels-last parameters.
		 */
		void reorder(final ComputationGraph net) {
			for (final Flattened f : flattened) {
				final INDArray w = net.getLayer(f.layer()).getParam("W");
				final int[] rows = new int[(int) (f.h() * f.w() * f.c())];
				for (int k = 0; k < f.c(); k++) {
					for (int p = 0; p < f.h() * f.w(); p++) {
						rows[(int) (k * f.h() * f.w() + p)] = (int) (p * f.c() + k);
					}
				}
				w.assign(w.getRows(rows));
			}
		}
	}

	/**
	 * The conversion of {@code conf} where there is one, else null, after
	 * telling {@code log} why not (the network then runs on DL4J's layers, slower).
	 *
	 * @param file the file {@code conf} was read from, for the message
	 */
	static Conversion wherePossible(final ComputationGraphConfiguration conf, final Path file,
		final Consumer<String> log)
	{
		try {
			return of(conf);
		}
		catch (final IllegalArgumentException e) {
			log.accept(file.getFileName() + " computes channels last, on Deeplearning4j's layers " +
				"(slower than the vector engine): there is no channels-first form of its " + e
					.getMessage() + ".");
			return null;
		}
	}

	/**
	 * The same configuration computing on NCHW data, with the same outputs for
	 * the same images once its network is reordered; {@code conf} is left as it is.
	 *
	 * @throws IllegalArgumentException naming a vertex it does not know how to convert
	 */
	static Conversion of(final ComputationGraphConfiguration conf) {
		final ComputationGraphConfiguration converted = conf.clone();
		return new Conversion(converted, plan(converted));
	}

	/**
	 * Sets every channels-last format of {@code conf} to NCHW and returns the
	 * dense layers whose weight rows must be reordered.
	 *
	 * @throws IllegalArgumentException naming a vertex it does not know how to convert
	 */
	private static List<Flattened> plan(final ComputationGraphConfiguration conf) {
		final Map<String, List<String>> consumers = new HashMap<>();
		for (final Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
			for (final String in : e.getValue()) {
				consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(e.getKey());
			}
		}
		final List<Flattened> flattened = new ArrayList<>();
		for (final Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
			final String name = e.getKey();
			final GraphVertex v = Networks.unwrap(e.getValue());
			final InputPreProcessor pre = v instanceof LayerVertex lv ? lv.getPreProcessor()
				: v instanceof PreprocessorVertex pv ? pv.getPreProcessor() : null;
			if (pre instanceof CnnToFeedForwardPreProcessor f) {
				if (f.getFormat() == CNN2DFormat.NHWC && f.getNumChannels() > 1) {
					if (v instanceof PreprocessorVertex) {
						if (conf.getNetworkOutputs().contains(name)) {
							throw new IllegalArgumentException("vertex " + name + " (flattened output)");
						}
						for (final String c : consumers.getOrDefault(name, List.of())) {
							reorder(conf, consumers, c, name, f, flattened);
						}
					}
					else reorder(conf, consumers, name, null, f, flattened);
				}
				f.setFormat(CNN2DFormat.NCHW);
			}
			else if (pre != null) {
				throw new IllegalArgumentException(what(name, pre.getClass()));
			}
			if (v instanceof LayerVertex) convert(name, Networks.layer(v));
			else if (v instanceof MergeVertex m) {
				// NB: the channels of NHWC (3 or Keras's -1) or of flat values (1 or -1) are NCHW's 1.
				if (m.getMergeAxis() == 3 || m.getMergeAxis() == -1) m.setMergeAxis(1);
				else if (m.getMergeAxis() != 1) {
					throw new IllegalArgumentException("vertex " + name + " (merge along axis " + m
						.getMergeAxis() + ")");
				}
			}
			else if (!(v instanceof ElementWiseVertex || v instanceof PreprocessorVertex)) {
				throw new IllegalArgumentException(what(name, v.getClass()));
			}
		}
		return flattened;
	}

	/** Sets {@code layer}'s data format to NCHW, or says it does not know the layer. */
	private static void convert(final String name, final Layer layer) {
		if (layer.getIDropout() != null && !(layer.getIDropout() instanceof Dropout)) {
			throw new IllegalArgumentException("layer " + name + " (dropout " + layer.getIDropout()
				.getClass().getSimpleName() + ")");
		}
		// NB: only the kinds whose outputs ChannelsFirstTest compares (not 1D, 3D or transposed ones).
		final Class<?> kind = layer.getClass();
		if (CONVOLUTIONS.contains(kind)) ((ConvolutionLayer) layer).setCnn2dDataFormat(CNN2DFormat
			.NCHW);
		else if (kind == SubsamplingLayer.class) ((SubsamplingLayer) layer).setCnn2dDataFormat(
			CNN2DFormat.NCHW);
		else if (kind == BatchNormalization.class) ((BatchNormalization) layer).setCnn2DFormat(
			CNN2DFormat.NCHW);
		else if (kind == ZeroPaddingLayer.class) ((ZeroPaddingLayer) layer).setDataFormat(
			CNN2DFormat.NCHW);
		else if (kind == Cropping2D.class) ((Cropping2D) layer).setDataFormat(CNN2DFormat.NCHW);
		else if (kind == Upsampling2D.class) ((Upsampling2D) layer).setFormat(CNN2DFormat.NCHW);
		else if (layer instanceof GlobalPoolingLayer g) {
			// NB: Keras's import pools over axes 1 and 2 (height and width of NHWC).
			final int[] dims = g.getPoolingDimensions();
			if (dims != null && Arrays.equals(dims, new int[] { 1, 2 })) g.setPoolingDimensions(
				new int[] { 2, 3 });
			else if (dims != null && !Arrays.equals(dims, new int[] { 2, 3 })) {
				throw new IllegalArgumentException("layer " + name + " (global pooling over axes " +
					Arrays.toString(dims) + ")");
			}
		}
		else if (!(layer instanceof ActivationLayer || layer instanceof DropoutLayer ||
			layer instanceof DenseLayer || layer instanceof OutputLayer || layer instanceof LossLayer))
		{
			throw new IllegalArgumentException(what(name, layer.getClass()));
		}
	}

	/**
	 * Marks the dense layers that take vertex {@code name}'s flattened
	 * channels-last values (through element-wise layers) for reordering.
	 *
	 * @param from the vertex it takes them from, or null where its own preprocessor flattens
	 */
	private static void reorder(final ComputationGraphConfiguration conf,
		final Map<String, List<String>> consumers, final String name, final String from,
		final CnnToFeedForwardPreProcessor flatten, final List<Flattened> flattened)
	{
		final GraphVertex v = Networks.unwrap(conf.getVertices().get(name));
		final Layer layer = Networks.layer(v);
		if (from != null && (conf.getVertexInputs().get(name).size() != 1 ||
			!(v instanceof LayerVertex lv) || lv.getPreProcessor() != null))
		{
			throw new IllegalArgumentException("vertex " + name + " (takes flattened " +
				"channels-last values with others)");
		}
		if (layer instanceof DenseLayer || layer instanceof OutputLayer) {
			flattened.add(new Flattened(name, flatten.getInputHeight(), flatten.getInputWidth(),
				flatten.getNumChannels()));
		}
		else if ((layer instanceof ActivationLayer || layer instanceof DropoutLayer) && !conf
			.getNetworkOutputs().contains(name))
		{
			for (final String c : consumers.getOrDefault(name, List.of())) {
				reorder(conf, consumers, c, name, flatten, flattened);
			}
		}
		else {
			throw new IllegalArgumentException("vertex " + name + " (takes flattened " +
				"channels-last values)");
		}
	}

	private static String what(final String name, final Class<?> kind) {
		return "vertex " + name + " (" + kind.getSimpleName() + ")";
	}
}
