package io.github.cnnclassifier.model;

import io.github.cnnclassifier.data.Memory;
import io.github.cnnclassifier.tensor.InputShape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The networks users can train: named presets and any {@link LayerSpec},
 * built as DL4J computation graphs whose vertices carry the spec's layer
 * names, with the classifier head ({@value #HEAD}) appended.
 */
public final class Architectures {

	/** The lecture's CNN (MATLAB's digit example), layer for layer. */
	public static final String LECTURE_CNN = "lecture-cnn";
	/** Name of the classifier head: fully connected to the classes, softmax, cross-entropy. */
	public static final String HEAD = "fc_softmax";
	/** Name of the graph's input. */
	public static final String INPUT = "input";

	private static final Map<String, String> PRESETS = new LinkedHashMap<>();

	static {
		PRESETS.put(LECTURE_CNN,
			"conv3x3x8 bn relu maxpool2 conv3x3x16 bn relu maxpool2 conv3x3x32 bn relu");
		PRESETS.put("vgg-small", "conv3x3x16 bn relu conv3x3x16 bn relu maxpool2 " +
			"conv3x3x32 bn relu conv3x3x32 bn relu maxpool2 conv3x3x64 bn relu conv3x3x64 bn relu " +
			"maxpool2 dropout0.25");
		PRESETS.put("resnet-small", "conv3x3x16 bn relu res[conv3x3x16 bn relu conv3x3x16 bn] " +
			"relu maxpool2 res[conv3x3x32 bn relu conv3x3x32 bn] relu maxpool2 " +
			"res[conv3x3x64 bn relu conv3x3x64 bn] relu maxpool2 dropout0.25");
	}

	private Architectures() {}

	/** The preset names. */
	public static List<String> names() {
		return List.copyOf(PRESETS.keySet());
	}

	/** The spec a preset name stands for, or {@code text} parsed as a spec. */
	public static LayerSpec spec(final String nameOrSpec) {
		final String key = nameOrSpec == null ? "" : nameOrSpec.trim().toLowerCase(Locale.ROOT);
		final String preset = PRESETS.get(key);
		if (preset != null) return LayerSpec.parse(preset);
		if (!key.isEmpty() && !key.contains(" ") && key.contains("-")) {
			throw new ModelException("Unknown network '" + nameOrSpec + "'. Presets: " + names() +
				"; or write layers, e.g. 'conv3x3x16 bn relu maxpool2'.");
		}
		return LayerSpec.parse(nameOrSpec);
	}

	/** The preset name of {@code spec}, or "custom". */
	public static String nameOf(final LayerSpec spec) {
		for (final Map.Entry<String, String> e : PRESETS.entrySet()) {
			if (LayerSpec.parse(e.getValue()).equals(spec)) return e.getKey();
		}
		return "custom";
	}

	/**
	 * Builds the graph of {@code spec} for the given input and classes, with
	 * Glorot-uniform weights (MATLAB's default) and L2 on the weights.
	 *
	 * @param classWeights weight of each class in the loss, or null for equal weights
	 * @throws ModelException naming the layer where the spec does not fit the input
	 */
	public static ComputationGraphConfiguration build(final LayerSpec spec,
		final InputShape input, final int classes, final IUpdater updater, final double l2,
		final long seed, final double[] classWeights)
	{
		if (classes < 2) throw new ModelException("A classifier needs at least 2 classes");
		final Graph g = new Graph(new NeuralNetConfiguration.Builder().seed(seed)
			.updater(updater).l2(l2).weightInit(WeightInit.XAVIER_UNIFORM)
			.trainingWorkspaceMode(WorkspaceMode.ENABLED)
			.inferenceWorkspaceMode(WorkspaceMode.ENABLED).graphBuilder().addInputs(INPUT));
		final Shape out = g.sequence(spec.layers(), INPUT, new Shape(input.height(), input
			.width(), input.channels(), false));
		g.count(g.sum(g.times(out.values(), classes), classes), classes);
		// NB: weights, gradients and two updater states, and one image's activations
		// forward and back: a floor, checked before DL4J allocates any of it.
		Memory.require(g.times(g.sum(g.times(g.params, 4), g.times(g.activations, 2)),
			Float.BYTES), "The network '" + spec + "' for input " + input + " (" + g.params +
				" parameters, " + g.activations + " activation values per image)", "Use fewer or " +
					"smaller layers, or a smaller input size.");
		g.builder.addLayer(HEAD, head(classes, classWeights).build(), out.vertex);
		g.builder.setOutputs(HEAD).setInputTypes(InputType.convolutional(input.height(), input
			.width(), input.channels()));
		try {
			return g.builder.build();
		}
		catch (final RuntimeException e) {
			throw new ModelException("The network '" + spec + "' cannot be built for input " +
				input + ": " + e.getMessage(), e);
		}
	}

	/**
	 * The classifier head ({@value #HEAD}): fully connected to the classes,
	 * softmax, cross-entropy weighted by {@code classWeights} (null: equally).
	 */
	public static OutputLayer.Builder head(final int classes, final double[] classWeights) {
		final LossMCXENT loss = classWeights == null ? new LossMCXENT() : new LossMCXENT(Nd4j
			.create(classWeights));
		return new OutputLayer.Builder(loss).nOut(classes).activation(Activation.SOFTMAX);
	}

	/** The activation shape after a vertex; flat after gap or fc. */
	private record Shape(int h, int w, int c, boolean flat, String vertex) {

		Shape(final int h, final int w, final int c, final boolean flat) {
			this(h, w, c, flat, INPUT);
		}

		Shape at(final String name) {
			return new Shape(h, w, c, flat, name);
		}

		String size() {
			return flat ? Integer.toString(c) : h + "x" + w + "x" + c;
		}

		long values() {
			return flat ? c : (long) h * w * c;
		}
	}

	/** Adds the layers of a spec to a graph builder, naming them in order of appearance. */
	private static final class Graph {

		final ComputationGraphConfiguration.GraphBuilder builder;
		final LayerSpec.Namer namer = new LayerSpec.Namer();

		/** Parameters and activation values per image so far; Long.MAX_VALUE when beyond. */
		long params, activations;

		Graph(final ComputationGraphConfiguration.GraphBuilder builder) {
			this.builder = builder;
		}

		void count(final long parameters, final long values) {
			params = sum(params, parameters);
			activations = sum(activations, values);
		}

		long sum(final long a, final long b) {
			final long r = a + b;
			return r < 0 || a == Long.MAX_VALUE || b == Long.MAX_VALUE ? Long.MAX_VALUE : r;
		}

		long times(final long a, final long b) {
			return a != 0 && b > Long.MAX_VALUE / a ? Long.MAX_VALUE : a * b;
		}

		Shape sequence(final List<LayerSpec.Layer> layers, final String from, final Shape in) {
			Shape s = in.at(from);
			for (final LayerSpec.Layer layer : layers) s = add(layer, s);
			return s;
		}

		private Shape add(final LayerSpec.Layer layer, final Shape s) {
			final Shape out = shape(layer, s);
			if (layer instanceof LayerSpec.Conv c) {
				count(sum(times(times((long) c.size() * c.size(), s.c), c.filters()), c.filters()), out
					.values());
			}
			else if (layer instanceof LayerSpec.Dense d) {
				count(sum(times(s.values(), d.units()), d.units()), d.units());
			}
			else if (layer instanceof LayerSpec.BatchNorm) count(4L * s.c, out.values());
			else if (!(layer instanceof LayerSpec.Residual)) count(0, out.values());
			return out;
		}

		private Shape shape(final LayerSpec.Layer layer, final Shape s) {
			final String name = namer.next(layer.kind());
			if (layer instanceof LayerSpec.Conv c) {
				spatial(s, name, layer);
				builder.addLayer(name, conv(c.size(), c.filters(), c.stride()), s.vertex);
				return new Shape(ceil(s.h, c.stride()), ceil(s.w, c.stride()), c.filters(), false,
					name);
			}
			if (layer instanceof LayerSpec.BatchNorm) {
				builder.addLayer(name, new BatchNormalization.Builder().eps(1e-5).decay(0.9).build(),
					s.vertex);
			}
			else if (layer instanceof LayerSpec.Activation a) {
				builder.addLayer(name, new ActivationLayer.Builder().activation(a.leaky()
					? Activation.LEAKYRELU : Activation.RELU).build(), s.vertex);
			}
			else if (layer instanceof LayerSpec.Pool p) {
				spatial(s, name, layer);
				if (s.h / p.size() < 1 || s.w / p.size() < 1) {
					throw new ModelException("Layer spec: " + layer.token() + " (" + name +
						") cannot pool a " + s.size() + " input: the network input is too small " +
						"for this spec. Use larger input_height/input_width or fewer pooling layers.");
				}
				builder.addLayer(name, new SubsamplingLayer.Builder(p.max() ? PoolingType.MAX
					: PoolingType.AVG).kernelSize(p.size(), p.size()).stride(p.size(), p.size())
					.build(), s.vertex);
				return new Shape(s.h / p.size(), s.w / p.size(), s.c, false, name);
			}
			else if (layer instanceof LayerSpec.GlobalPool) {
				spatial(s, name, layer);
				builder.addLayer(name, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(),
					s.vertex);
				return new Shape(1, 1, s.c, true, name);
			}
			else if (layer instanceof LayerSpec.Dropout d) {
				// NB: DL4J's dropout argument is the probability of keeping a value.
				builder.addLayer(name, new DropoutLayer.Builder(1 - d.rate()).build(), s.vertex);
			}
			else if (layer instanceof LayerSpec.Dense d) {
				builder.addLayer(name, new DenseLayer.Builder().nOut(d.units()).activation(
					Activation.IDENTITY).build(), s.vertex);
				return new Shape(1, 1, d.units(), true, name);
			}
			else if (layer instanceof LayerSpec.Residual r) {
				return residual(r, name, s);
			}
			return s.at(name);
		}

		/** The body from {@code s}, plus {@code s} itself or its 1x1 projection, added. */
		private Shape residual(final LayerSpec.Residual r, final String name, final Shape s) {
			final Shape body = sequence(r.body(), s.vertex, s);
			String shortcut = s.vertex;
			if (body.flat != s.flat || (body.flat && body.c != s.c)) {
				throw new ModelException("Layer spec: " + name + " (" + r.token() + ") turns " + s
					.size() + " into " + body.size() + "; a residual block must keep its input's " +
					"shape or change it only by convolution.");
			}
			if (!body.flat && (body.h != s.h || body.w != s.w || body.c != s.c)) {
				final int stride = Math.max(1, Math.round((float) s.h / body.h));
				if (ceil(s.h, stride) != body.h || ceil(s.w, stride) != body.w) {
					throw new ModelException("Layer spec: " + name + " (" + r.token() + ") turns " +
						s.size() + " into " + body.size() + ", which a strided 1x1 shortcut cannot " +
						"match; downsample with a strided convolution inside, or pool after the block.");
				}
				shortcut = name + "_shortcut";
				builder.addLayer(shortcut, conv(1, body.c, stride), s.vertex);
				count(sum(times(s.c, body.c), body.c), body.values());
			}
			builder.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), body.vertex,
				shortcut);
			count(0, body.values());
			return body.at(name);
		}

		private void spatial(final Shape s, final String name, final LayerSpec.Layer layer) {
			if (s.flat) {
				throw new ModelException("Layer spec: " + layer.token() + " (" + name + ") needs an " +
					"image-shaped input, but it comes after gap or fc; put it before them.");
			}
		}

		private static ConvolutionLayer conv(final int k, final int filters, final int stride) {
			return new ConvolutionLayer.Builder(k, k).stride(stride, stride).nOut(filters)
				.convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build();
		}

		private static int ceil(final int a, final int b) {
			return (a + b - 1) / b;
		}
	}

	/**
	 * The names of a graph's layer and residual vertices (input excluded) in the
	 * order they were added: for the networks built here, order of appearance.
	 */
	public static List<String> layerNames(final ComputationGraphConfiguration conf) {
		return new ArrayList<>(conf.getVertexInputs().keySet());
	}
}
