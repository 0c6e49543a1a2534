package io.github.cnnclassifier.interop;

import io.github.cnnclassifier.output.SafeFiles;
import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.CalibrationInfo;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.model.Networks;
import io.github.cnnclassifier.tensor.InputShape;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes a model's network as an ONNX file (opset {@value OnnxGraph#OPSET}):
 * input {@code batch, channel, y, x} already normalised (the normalisation
 * stays outside the graph, as bioimage.io declares it), a dynamic batch axis,
 * and the class probabilities (softmax inside) as the one output.
 */
public final class OnnxExport {

	/** Names of the graph's input and output. */
	public static final String INPUT = "input", OUTPUT = "probabilities";

	private OnnxExport() {}

	/** Writes {@code model} to {@code file} through a temporary file. */
	public static void write(final ModelBundle model, final Path file) {
		final byte[] bytes = toBytes(model);
		SafeFiles.write(file, "ONNX model", tmp -> SafeFiles.writeTemporary(tmp, bytes));
	}

	/**
	 * The ONNX model of {@code model}.
	 *
	 * @throws ModelException naming the first layer ONNX export does not handle
	 */
	public static byte[] toBytes(final ModelBundle model) {
		return new Exporter(model).export().toByteArray();
	}

	/** Walks the graph in topological order, one ONNX node (or a few) per vertex. */
	private static final class Exporter {

		private final ComputationGraph net;
		private final ComputationGraphConfiguration conf;
		private final InputShape shape;
		private final Map<String, InputType> types;
		/** Our vertex name to the ONNX tensor holding its output. */
		private final Map<String, String> outputs = new HashMap<>();
		private final OnnxGraph g = new OnnxGraph();
		private final int classes;
		private final CalibrationInfo calibration;

		Exporter(final ModelBundle model) {
			this.calibration = model.metadata().calibration();
			this.net = model.network();
			this.conf = net.getConfiguration();
			this.shape = model.inputShape();
			this.types = Networks.activationTypes(conf, shape);
			this.classes = model.labels().size();
		}

		onnx.Onnx.ModelProto export() {
			if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
				throw new ModelException("ONNX export takes a network with one input and one " +
					"output; this one has " + conf.getNetworkInputs().size() + " and " + conf
						.getNetworkOutputs().size() + ".");
			}
			final String in = conf.getNetworkInputs().get(0);
			outputs.put(in, INPUT);
			for (final int i : net.topologicalSortOrder()) {
				final String name = net.getVertices()[i].getVertexName();
				if (!name.equals(in)) vertex(name);
			}
			final String last = outputs.get(conf.getNetworkOutputs().get(0));
			g.node("Identity", List.of(last), OUTPUT, Map.of());
			return g.model(INPUT, shape.channels(), shape.height(), shape.width(), OUTPUT,
				classes);
		}

		private void vertex(final String name) {
			final GraphVertex v = Networks.unwrap(conf.getVertices().get(name));
			final List<String> ins = conf.getVertexInputs().get(name);
			if (v instanceof ElementWiseVertex e && e.getOp() == ElementWiseVertex.Op.Add && ins
				.size() == 2)
			{
				outputs.put(name, g.node("Add", List.of(outputs.get(ins.get(0)), outputs.get(ins
					.get(1))), name, Map.of()));
				return;
			}
			if (!(v instanceof LayerVertex lv) || ins.size() != 1) {
				throw refused(name, v.getClass().getSimpleName());
			}
			String x = outputs.get(ins.get(0));
			x = preprocess(name, lv.getPreProcessor(), x);
			outputs.put(name, layer(name, Networks.layer(v), x, types.get(ins.get(0))));
		}

		private String preprocess(final String name, final InputPreProcessor pre, final String x) {
			if (pre == null) return x;
			if (pre instanceof CnnToFeedForwardPreProcessor c) {
				String flat = x;
				// NB: DL4J flattens [n, c, h, w] channel by channel (row-major), as ONNX's
				// Flatten does; a channels-last layout is flattened pixel by pixel.
				if (c.getFormat() == CNN2DFormat.NHWC) {
					flat = g.node("Transpose", List.of(x), name + "_nhwc", Map.of("perm", new long[] {
						0, 2, 3, 1 }));
				}
				return g.node("Flatten", List.of(flat), name + "_flatten", Map.of("axis", 1L));
			}
			throw refused(name, "input preprocessor " + pre.getClass().getSimpleName());
		}

		private String layer(final String name, final Layer layer, final String x,
			final InputType in)
		{
			if (layer instanceof ConvolutionLayer c && c.getClass() == ConvolutionLayer.class) {
				if (c.getCnn2dDataFormat() == CNN2DFormat.NHWC) throw refused(name,
					"channels-last convolution");
				final List<String> inputs = new java.util.ArrayList<>(List.of(x, g.initializer(name +
					"_W", param(name, "W"))));
				if (c.hasBias()) inputs.add(g.initializer(name + "_b", param(name, "b")));
				final String y = g.node("Conv", inputs, name, Map.of("kernel_shape", longs(c
					.getKernelSize()), "strides", longs(c.getStride()), "dilations", longs(c
						.getDilation()), "pads", pads(c.getConvolutionMode(), c.getKernelSize(), c
							.getStride(), c.getDilation(), c.getPadding(), in, name)));
				return activation(name, c.getActivationFn(), y);
			}
			if (layer instanceof BatchNormalization b) return batchNorm(name, b, x);
			if (layer instanceof ActivationLayer a) return activation(name, a.getActivationFn(), x);
			if (layer instanceof SubsamplingLayer s && s.getClass() == SubsamplingLayer.class) {
				return pool(name, s, x, in);
			}
			if (layer instanceof GlobalPoolingLayer p && (p.getPoolingType() == PoolingType.AVG ||
				p.getPoolingType() == PoolingType.MAX) && p.isCollapseDimensions())
			{
				final String y = g.node(p.getPoolingType() == PoolingType.AVG ? "GlobalAveragePool"
					: "GlobalMaxPool", List.of(x), name + "_pool", Map.of());
				return g.node("Flatten", List.of(y), name, Map.of("axis", 1L));
			}
			if (layer instanceof DropoutLayer) return x; // NB: inference: dropout does nothing.
			if (layer instanceof DenseLayer || layer instanceof OutputLayer) {
				final BaseLayer d = (BaseLayer) layer;
				// NB: a calibrated model's probabilities are the softmax of its logits / T:
				// the head's weights and bias are written divided by T.
				final double scale = d.getActivationFn() instanceof ActivationSoftmax &&
					calibration != null ? 1 / calibration.temperature() : 1;
				final List<String> inputs = new java.util.ArrayList<>(List.of(x, g.initializer(name +
					"_W", param(name, "W").mul(scale))));
				if (net.getLayer(name).getParam("b") != null) inputs.add(g
					.initializer(name + "_b", param(name, "b").reshape(-1).mul(scale)));
				final String y = g.node("Gemm", inputs, name, Map.of());
				return activation(name, d.getActivationFn(), y);
			}
			throw refused(name, layer.getClass().getSimpleName());
		}

		/**
		 * Inference-time batch norm: DL4J keeps either the variance or, by default,
		 * log10 of the standard deviation ({@code var = 10^(2 log10std)}).
		 */
		private String batchNorm(final String name, final BatchNormalization b, final String x) {
			final var layer = net.getLayer(name);
			final float[] mean = OnnxGraph.floats(layer.getParam("mean"));
			final int c = mean.length;
			final float[] var = b.isUseLogStd() ? OnnxGraph.floats(layer.getParam("log10stdev"))
				: OnnxGraph.floats(layer.getParam("var"));
			if (b.isUseLogStd()) {
				for (int i = 0; i < c; i++) var[i] = (float) Math.pow(10, 2.0 * var[i]);
			}
			final float[] gamma = b.isLockGammaBeta() ? filled(c, b.getGamma()) : OnnxGraph.floats(
				layer.getParam("gamma"));
			final float[] beta = b.isLockGammaBeta() ? filled(c, b.getBeta()) : OnnxGraph.floats(
				layer.getParam("beta"));
			return g.node("BatchNormalization", List.of(x, g.vector(name + "_scale", gamma), g
				.vector(name + "_bias", beta), g.vector(name + "_mean", mean), g.vector(name +
					"_var", var)), name, Map.of("epsilon", (float) b.getEps()));
		}

		private String pool(final String name, final SubsamplingLayer s, final String x,
			final InputType in)
		{
			final boolean max = s.getPoolingType() == PoolingType.MAX;
			if (!max && s.getPoolingType() != PoolingType.AVG) throw refused(name, s
				.getPoolingType() + " pooling");
			final long[] pads = pads(s.getConvolutionMode(), s.getKernelSize(), s.getStride(), s
				.getDilation(), s.getPadding(), in, name);
			final Map<String, Object> attrs = new java.util.LinkedHashMap<>();
			attrs.put("kernel_shape", longs(s.getKernelSize()));
			attrs.put("strides", longs(s.getStride()));
			attrs.put("pads", pads);
			if (!max) attrs.put("count_include_pad", s.isAvgPoolIncludePadInDivisor() ? 1L : 0L);
			return g.node(max ? "MaxPool" : "AveragePool", List.of(x), name, attrs);
		}

		/**
		 * ONNX pads (top, left, bottom, right) for DL4J's convolution mode: "same"
		 * puts the odd pixel at the bottom/right, as TensorFlow does.
		 */
		private long[] pads(final ConvolutionMode mode, final int[] k, final int[] s,
			final int[] d, final int[] p, final InputType in, final String name)
		{
			if (mode == ConvolutionMode.Same) {
				final InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) in;
				final long[] size = { c.getHeight(), c.getWidth() };
				final long[] pads = new long[4];
				for (int i = 0; i < 2; i++) {
					final long out = (size[i] + s[i] - 1) / s[i];
					final long total = Math.max(0, (out - 1) * s[i] + (long) (k[i] - 1) * d[i] + 1 -
						size[i]);
					pads[i] = total / 2;
					pads[i + 2] = total - total / 2;
				}
				return pads;
			}
			if (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) {
				return new long[] { p[0], p[1], p[0], p[1] };
			}
			throw refused(name, "convolution mode " + mode);
		}

		private String activation(final String name, final IActivation a, final String x) {
			if (a == null || a instanceof ActivationIdentity) return x;
			if (a instanceof ActivationReLU r && r.getMax() == null && (r.getThreshold() == null ||
				r.getThreshold() == 0) && (r.getNegativeSlope() == null || r
					.getNegativeSlope() == 0))
			{
				return g.node("Relu", List.of(x), name + "_relu", Map.of());
			}
			if (a instanceof ActivationLReLU l) {
				return g.node("LeakyRelu", List.of(x), name + "_leakyrelu", Map.of("alpha",
					(float) l.getAlpha()));
			}
			if (a instanceof ActivationSigmoid) return g.node("Sigmoid", List.of(x), name +
				"_sigmoid", Map.of());
			if (a instanceof ActivationTanH) return g.node("Tanh", List.of(x), name + "_tanh",
				Map.of());
			if (a instanceof ActivationSoftmax) return g.node("Softmax", List.of(x), name +
				"_softmax", Map.of("axis", 1L));
			throw refused(name, "activation " + a);
		}

		private static float[] filled(final int n, final double v) {
			final float[] a = new float[n];
			java.util.Arrays.fill(a, (float) v);
			return a;
		}

		private INDArray param(final String layer, final String key) {
			final INDArray p = net.getLayer(layer).getParam(key);
			if (p == null) throw refused(layer, "a layer without its parameter " + key);
			return p;
		}

		private static long[] longs(final int[] v) {
			final long[] l = new long[v.length];
			for (int i = 0; i < v.length; i++) l[i] = v[i];
			return l;
		}

		private static ModelException refused(final String name, final String what) {
			return new ModelException("ONNX export does not handle layer " + name + " (" + what +
				"); networks of layer specs, including " + Architectures.names() + ", export.");
		}
	}
}
