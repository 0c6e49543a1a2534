package io.github.cnnclassifier.inspect;

import io.github.cnnclassifier.model.Networks;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;

/** Layer types and descriptions in MATLAB's words ("Convolution", "8 3×3×1 convolutions with stride [1 1] ..."). */
final class LayerTypes {

	private LayerTypes() {}

	/** The type of vertex {@code name}, as analyzeNetwork names it. */
	static String type(final ComputationGraph net, final String name) {
		final GraphVertex v = net.getConfiguration().getVertices().get(name);
		final Layer layer = Layers.conf(net, name);
		final String type = layer == null ? vertexType(v) : layerType(layer);
		return Layers.frozen(net, name) ? type + " (frozen)" : type;
	}

	/** "a Batch Normalization", for messages. */
	static String article(final ComputationGraph net, final String name) {
		final String type = type(net, name);
		return ("AEIOU".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
	}

	private static String vertexType(final GraphVertex vertex) {
		// NB: a frozen Keras Flatten is a frozen preprocessor vertex, not a "Frozen" layer.
		final GraphVertex v = Networks.unwrap(vertex);
		if (flatten(v)) return "Flatten";
		if (v instanceof ElementWiseVertex e) {
			final String op = String.valueOf(e.getOp());
			return op.equals("Add") ? "Addition" : op.substring(0, 1).toUpperCase(Locale.ROOT) + op
				.substring(1).toLowerCase(Locale.ROOT);
		}
		return v == null ? "Image Input" : v.getClass().getSimpleName().replace("Vertex", "");
	}

	private static String layerType(final Layer layer) {
		if (layer instanceof ConvolutionLayer) return "Convolution";
		if (layer instanceof BatchNormalization) return "Batch Normalization";
		if (layer instanceof ActivationLayer a) return activation(a);
		if (layer instanceof SubsamplingLayer s) return pooling(s.getPoolingType()) + " Pooling";
		if (layer instanceof GlobalPoolingLayer g) return "Global " + pooling(g.getPoolingType()) +
			" Pooling";
		if (layer instanceof DropoutLayer) return "Dropout";
		if (layer instanceof ZeroPaddingLayer) return "Zero Padding";
		if (layer instanceof OutputLayer o) return o.getActivationFn() instanceof ActivationSoftmax
			? "Fully Connected, Softmax, Classification" : "Fully Connected, Output";
		if (layer instanceof DenseLayer) return "Fully Connected";
		return layer.getClass().getSimpleName();
	}

	/** One line on what the layer computes, with its sizes. */
	static String description(final ComputationGraph net, final String name,
		final int inputChannels)
	{
		final Layer layer = Layers.conf(net, name);
		final GraphVertex v = net.getConfiguration().getVertices().get(name);
		if (layer == null) {
			if (flatten(Networks.unwrap(v))) return "Flattens its input into one vector";
			return v instanceof ElementWiseVertex ? "Element-wise " + vertexType(v).toLowerCase(
				Locale.ROOT) + " of " + net.getConfiguration().getVertexInputs().get(name).size() +
				" inputs" : "";
		}
		if (layer instanceof ConvolutionLayer c) {
			final int[] k = c.getKernelSize();
			return String.format(Locale.ROOT, "%d %d×%d×%d convolutions with stride %s and " +
				"padding '%s'", c.getNOut(), k[0], k[1], inputChannels, matlab(c.getStride()), c
					.getConvolutionMode() == ConvolutionMode.Same ? "same" : Arrays.toString(c
						.getPadding()));
		}
		if (layer instanceof BatchNormalization) {
			return "Batch normalization with " + inputChannels + " channels";
		}
		if (layer instanceof ActivationLayer a) return activation(a);
		if (layer instanceof SubsamplingLayer s) {
			final int[] k = s.getKernelSize();
			return String.format(Locale.ROOT, "%d×%d %s pooling with stride %s", k[0], k[1],
				pooling(s.getPoolingType()).toLowerCase(Locale.ROOT), matlab(s.getStride()));
		}
		if (layer instanceof GlobalPoolingLayer g) {
			return "Global " + pooling(g.getPoolingType()).toLowerCase(Locale.ROOT) + " pooling";
		}
		if (layer instanceof ZeroPaddingLayer z) {
			final int[] p = z.getPadding();
			return String.format(Locale.ROOT, "Zero padding: %d top, %d bottom, %d left, %d right",
				p[0], p[1], p[2], p[3]);
		}
		if (layer instanceof DropoutLayer d && d.getIDropout() instanceof Dropout p) {
			// NB: DL4J's p is the probability of keeping a value.
			return String.format(Locale.ROOT, "%s%% dropout", number(100 * (1 - p.getP())));
		}
		if (layer instanceof OutputLayer o) {
			return o.getNOut() + " fully connected outputs, " + activationName(o.getActivationFn()) +
				", cross-entropy loss";
		}
		if (layer instanceof DenseLayer d) {
			return d.getNOut() + " fully connected outputs" + (d.getActivationFn() instanceof
				ActivationIdentity ? "" : ", " + activationName(d.getActivationFn()));
		}
		return "";
	}

	/** Whether {@code v} only flattens images into vectors (Keras' Flatten as DL4J imports it). */
	private static boolean flatten(final GraphVertex v) {
		return v instanceof PreprocessorVertex p && (p.getPreProcessor() instanceof
			CnnToFeedForwardPreProcessor || p.getPreProcessor().getClass().getSimpleName().contains(
				"Flatten"));
	}

	private static String activation(final ActivationLayer a) {
		if (a.getActivationFn() instanceof ActivationReLU) return "ReLU";
		if (a.getActivationFn() instanceof ActivationLReLU) return "Leaky ReLU";
		return activationName(a.getActivationFn());
	}

	private static String activationName(final IActivation fn) {
		return String.valueOf(fn).replaceAll("\\(.*", "");
	}

	private static String pooling(final PoolingType type) {
		return switch (type) {
			case MAX -> "Max";
			case AVG -> "Average";
			case SUM -> "Sum";
			case PNORM -> "P-norm";
		};
	}

	private static String matlab(final int[] v) {
		return Arrays.stream(v).mapToObj(Integer::toString).collect(Collectors.joining(" ", "[",
			"]"));
	}

	static String number(final double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v)
			.replaceAll("0+$", "");
	}
}
