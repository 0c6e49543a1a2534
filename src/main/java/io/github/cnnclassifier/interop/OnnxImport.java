package io.github.cnnclassifier.interop;

import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.model.ModelMetadata;
import io.github.cnnclassifier.model.Nd4jBackend;
import io.github.cnnclassifier.model.Normalization;
import io.github.cnnclassifier.tensor.InputShape;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import onnx.Onnx;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;

/**
 * Turns an ONNX image classifier (opsets 11–21) into one of our models, a
 * DL4J graph the engine computes, inspects and fine-tunes like any other.
 * <p>
 * The file is checked before anything is allocated from it: its size, the
 * opset, one image input of bounded size, one output, tensors whose declared
 * size is the data they hold, no external data; any op outside the set a CNN
 * classifier uses is refused naming the op and the node.
 * </p>
 */
public final class OnnxImport {

	/** Architecture name recorded for imported networks. */
	public static final String ARCHITECTURE = "onnx";
	/** NB: protobuf messages stop at 2 GB; a CNN classifier for this plugin is far smaller. */
	public static final long MAX_FILE = 1L << 30;
	private static final long MAX_TENSOR = 1L << 28;

	private OnnxImport() {}

	/**
	 * Reads {@code file} as a classifier.
	 *
	 * @param labels class names in output order, or null for {@code class_1..N}
	 * @param normalization how raw pixels become the network's input, or null for none
	 * @throws ModelException in one line naming the file and what is wrong
	 */
	public static ModelBundle read(final Path file, final List<String> labels,
		final Normalization normalization)
	{
		return read(file, labels, shape -> normalization);
	}

	/**
	 * Reads {@code file} as a classifier, with labels and normalisation as
	 * users write them: {@code a,b,c} or a file with one name a line;
	 * {@code MEAN/STD} with one number or one per channel each (e.g. {@code 0/255}).
	 *
	 * @throws ModelException in one line naming the file or option and what is wrong
	 */
	public static ModelBundle open(final Path file, final String labels,
		final String normalization)
	{
		final ModelRef ref = new ModelRef(file, labels, normalization);
		return read(file, ref.labelNames(), shape -> normalization(ref.normalization(), shape));
	}

	/** Class names from {@code a,b,c} or from a file with one name a line; null for none. */
	static List<String> labels(final String text) {
		if (text == null || text.isBlank()) return null;
		try {
			// NB: a file first, so a path with a comma in it still names a file.
			final Path p = java.nio.file.Paths.get(text.trim());
			if (!Files.isRegularFile(p) && !text.contains(",") && (text.contains("/") || text
				.contains("\\") || text.trim().toLowerCase(java.util.Locale.ROOT).endsWith(".txt")))
			{
				throw new ModelException("labels file " + p + " not found; give a file with one " +
					"class name a line, or the names as a,b,c.");
			}
			if (Files.isRegularFile(p)) {
				if (Files.size(p) > 1 << 20) throw new ModelException("labels file " + p +
					" is larger than 1 MB; it should hold one class name a line.");
				return Files.readAllLines(p).stream().map(String::trim).filter(l -> !l.isEmpty())
					.toList();
			}
		}
		catch (final IOException e) {
			throw new ModelException("Cannot read the labels file " + text.trim() + ": " + e
				.getMessage(), e);
		}
		catch (final java.nio.file.InvalidPathException e) {
			// NB: not a path (e.g. a NUL in it): a single class name, refused by the count.
		}
		return java.util.Arrays.stream(text.split(",")).map(String::trim).toList();
	}

	/** {@code MEAN/STD} (one number or one per channel each) for inputs of {@code shape}; null for none. */
	static Normalization normalization(final String text, final InputShape shape) {
		if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("none")) return null;
		final String[] parts = text.split("/");
		try {
			if (parts.length == 2) {
				final double[] m = numbers(parts[0]), s = numbers(parts[1]);
				if ((m.length == 1 || m.length == shape.channels()) && (s.length == 1 || s
					.length == shape.channels())) return Normalization.of(m, s, shape);
			}
		}
		catch (final NumberFormatException | ModelException e) {
			// NB: reported below.
		}
		throw new ModelException("normalization must be MEAN/STD with one number or one per " +
			"channel (" + shape.channels() + ") each and STD > 0, e.g. 0/255; got '" + text + "'.");
	}

	private static double[] numbers(final String list) {
		return java.util.Arrays.stream(list.trim().split("\\s*,\\s*")).mapToDouble(
			Double::parseDouble).toArray();
	}

	private static ModelBundle read(final Path file, final List<String> labels,
		final java.util.function.Function<InputShape, Normalization> normalization)
	{
		if (!Files.isRegularFile(file)) throw new ModelException("ONNX file not found: " + file);
		final Onnx.ModelProto proto;
		try {
			if (Files.size(file) > MAX_FILE) throw new ModelException(file + " is " + Files.size(
				file) + " bytes; an ONNX classifier this plugin opens is under " + MAX_FILE +
				" bytes.");
			return read(Files.readAllBytes(file), file.toString(), labels, normalization);
		}
		catch (final IOException e) {
			throw new ModelException("Cannot read " + file + ": " + e.getMessage(), e);
		}
	}

	/**
	 * The classifier in the ONNX model {@code onnx}, named {@code source} in messages.
	 *
	 * @param normalization the normalisation for the network's input shape, or null for none
	 */
	public static ModelBundle read(final byte[] onnx, final String source,
		final List<String> labels,
		final java.util.function.Function<InputShape, Normalization> normalization)
	{
		final Onnx.ModelProto proto;
		try {
			proto = Onnx.ModelProto.parseFrom(onnx);
		}
		catch (final InvalidProtocolBufferException e) {
			throw new ModelException(source + " is not an ONNX model (" + e.getMessage() + ").");
		}
		return new Importer(source, proto).convert(labels, normalization);
	}

	/** What a tensor of the ONNX graph is on our side. */
	private enum Kind {
		/** An NCHW image computed by a vertex. */
		IMAGE,
		/** An image an exporter transposed to NHWC, only to flatten it. */
		IMAGE_NHWC,
		/** A vector computed by a vertex. */
		FLAT,
		/** An image flattened channel by channel, flattened by the next dense layer. */
		FLATTENED,
		/** An image flattened pixel by pixel (after a transpose to NHWC). */
		FLATTENED_NHWC
	}

	private record Value(String vertex, Kind kind, int c, int h, int w) {

		long size() {
			return kind == Kind.FLAT ? c : (long) c * h * w;
		}

		Value as(final Kind k) {
			return new Value(vertex, k, c, h, w);
		}
	}

	/** A constant tensor: floats, or integers for shapes. */
	private record Const(long[] dims, float[] f, long[] l) {}

	/** A vertex to add: a layer with its parameters, or a sum. */
	private static final class Def {

		final String name;
		Layer layer;
		final InputPreProcessor pre;
		final List<String> inputs;
		final Map<String, float[]> params = new LinkedHashMap<>();

		Def(final String name, final Layer layer, final InputPreProcessor pre,
			final List<String> inputs)
		{
			this.name = name;
			this.layer = layer;
			this.pre = pre;
			this.inputs = inputs;
		}
	}

	private static final class Importer {

		private final String source;
		private final Onnx.GraphProto graph;
		private final long opset;
		private final Map<String, Const> consts = new HashMap<>();
		private final Map<String, Value> values = new HashMap<>();
		private final Map<String, Def> defs = new LinkedHashMap<>();
		private final Set<String> names = new HashSet<>();
		private InputShape shape;
		private boolean softmax;

		Importer(final String source, final Onnx.ModelProto model) {
			this.source = source;
			this.graph = model.getGraph();
			long v = -1;
			for (final Onnx.OperatorSetIdProto o : model.getOpsetImportList()) {
				if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) v = o.getVersion();
			}
			if (v < 11 || v > 21) throw fail("uses opset " + v + "; ONNX classifiers of opsets 11 " +
				"to 21 open (export with opset_version=13)");
			this.opset = v;
		}

		ModelBundle convert(final List<String> labels,
			final java.util.function.Function<InputShape, Normalization> normalization)
		{
			for (final TensorProto t : graph.getInitializerList()) consts.put(t.getName(), tensor(t));
			input();
			if (graph.getOutputCount() != 1) throw fail("has " + graph.getOutputCount() +
				" outputs; a classifier has one, the class scores");
			for (final NodeProto n : graph.getNodeList()) node(n);
			final Value out = values.get(graph.getOutput(0).getName());
			final Def head = out == null ? null : defs.get(out.vertex());
			if (head == null || out.kind() != Kind.FLAT || !(head.layer instanceof DenseLayer ||
				head.layer instanceof OutputLayer) || !head.name.equals(last()))
			{
				throw fail("is not a classifier: its output is not the class scores of a fully " +
					"connected (Gemm/MatMul) layer, optionally through Softmax");
			}
			// NB: a graph that ends in the scores (logits) gets the softmax a classifier applies.
			head.layer = new OutputLayer.Builder(new LossMCXENT()).nIn(((DenseLayer) head.layer)
				.getNIn()).nOut(out.c()).activation(Activation.SOFTMAX).build();
			final List<String> classes = labels == null || labels.isEmpty() ? defaultLabels(out
				.c()) : labels;
			if (classes.size() != out.c()) throw fail("gives " + out.c() + " class scores but " +
				classes.size() + " labels were given (" + String.join(",", classes) + ")");
			final ComputationGraph net = build(head.name);
			final Normalization norm = normalization.apply(shape);
			final ModelMetadata metadata = new ModelMetadata(classes, shape, norm == null
				? new Normalization(0, 1) : norm, ARCHITECTURE, 0).layers("",
					new ArrayList<>(defs.keySet()));
			return new ModelBundle(net, metadata);
		}

		private String last() {
			String name = null;
			for (final String n : defs.keySet()) name = n;
			return name;
		}

		private static List<String> defaultLabels(final int n) {
			final List<String> l = new ArrayList<>();
			for (int i = 1; i <= n; i++) l.add("class_" + i);
			return l;
		}

		/** The one graph input that is not an initializer: {@code [batch, c, h, w]} (or NHWC before a transpose). */
		private void input() {
			final List<Onnx.ValueInfoProto> inputs = new ArrayList<>();
			for (final Onnx.ValueInfoProto v : graph.getInputList()) {
				if (!consts.containsKey(v.getName())) inputs.add(v);
			}
			if (inputs.size() != 1) throw fail("has " + inputs.size() + " inputs; a classifier " +
				"takes one image tensor");
			final Onnx.ValueInfoProto in = inputs.get(0);
			final var dims = in.getType().getTensorType().getShape().getDimList();
			if (dims.size() != 4 || in.getType().getTensorType().getElemType() != TensorProto.DataType.FLOAT.getNumber()) {
				throw fail("takes an input " + in.getName() + " that is not a float image tensor " +
					"[batch, channel, y, x]");
			}
			final long[] d = new long[3];
			for (int i = 1; i < 4; i++) {
				d[i - 1] = dims.get(i).getDimValue();
				if (d[i - 1] < 1 || d[i - 1] > 16384) throw fail("declares the input size " + dims
					.stream().map(x -> x.hasDimValue() ? Long.toString(x.getDimValue()) : x
						.getDimParam()).toList() +
					"; an image classifier has a fixed positive channel count, height and width");
			}
			final boolean nhwc = firstUseIsTranspose(in.getName(), 0, 3, 1, 2);
			shape = nhwc ? new InputShape((int) d[0], (int) d[1], (int) d[2]) : new InputShape(
				(int) d[1], (int) d[2], (int) d[0]);
			if ((long) shape.height() * shape.width() * shape.channels() > 1 << 26 || shape
				.channels() > 1024) throw fail("declares an input of " + shape + ", too large");
			values.put(in.getName(), new Value(io.github.cnnclassifier.model.Architectures.INPUT,
				nhwc ? Kind.IMAGE_NHWC : Kind.IMAGE, shape.channels(), shape.height(), shape
					.width()));
		}

		private boolean firstUseIsTranspose(final String name, final long... perm) {
			for (final NodeProto n : graph.getNodeList()) {
				if (n.getInputList().contains(name)) {
					return n.getOpType().equals("Transpose") && java.util.Arrays.equals(ints(n, "perm",
						null), perm);
				}
			}
			return false;
		}

		private void node(final NodeProto n) {
			if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) throw unsupported(n);
			final String op = n.getOpType();
			switch (op) {
				case "Constant" -> {
					final AttributeProto a = attribute(n, "value");
					if (a == null) throw fail("has a Constant node " + n.getName() + " without a tensor value");
					consts.put(n.getOutput(0), tensor(a.getT()));
				}
				case "Identity", "Dropout" -> alias(n, value(n, 0));
				case "Conv" -> conv(n);
				case "BatchNormalization" -> batchNorm(n);
				case "Relu" -> activation(n, Activation.RELU.getActivationFunction());
				case "LeakyRelu" -> activation(n, new ActivationLReLU(floatAttr(n, "alpha", 0.01f)));
				case "Sigmoid" -> activation(n, Activation.SIGMOID.getActivationFunction());
				case "Tanh" -> activation(n, Activation.TANH.getActivationFunction());
				case "MaxPool", "AveragePool" -> pool(n);
				case "GlobalAveragePool", "GlobalMaxPool" -> {
					final Value x = image(n, 0);
					final String name = vertex(n);
					defs.put(name, new Def(name, new GlobalPoolingLayer.Builder(op.equals(
						"GlobalAveragePool") ? PoolingType.AVG : PoolingType.MAX).build(), null, List.of(x
							.vertex())));
					values.put(n.getOutput(0), new Value(name, Kind.FLAT, x.c(), 1, 1));
				}
				case "Flatten", "Reshape" -> flatten(n);
				case "Transpose" -> transpose(n);
				case "Gemm", "MatMul" -> dense(n);
				case "Add" -> add(n);
				case "Softmax" -> {
					final Value x = value(n, 0);
					final long axis = intAttr(n, "axis", opset >= 13 ? -1 : 1);
					if (x.kind() != Kind.FLAT || softmax || (axis != 1 && axis != -1)) throw fail(
						"applies Softmax (node " + n.getName() + ") to something other than the class " +
						"scores");
					softmax = true;
					alias(n, x);
				}
				default -> throw unsupported(n);
			}
		}

		private void alias(final NodeProto n, final Value v) {
			values.put(n.getOutput(0), v);
		}

		private void conv(final NodeProto n) {
			final Value x = image(n, 0);
			final Const w = constant(n, 1);
			if (intAttr(n, "group", 1) != 1) throw fail("has a grouped convolution (node " + n
				.getName() + ", group " + intAttr(n, "group", 1) + "); only group=1 opens");
			if (w.dims().length != 4 || w.dims()[1] != x.c()) throw fail("has a convolution " + n
				.getName() + " whose weights " + java.util.Arrays.toString(w.dims()) +
				" do not fit its " + x.c() + "-channel input");
			final int out = (int) w.dims()[0];
			final int[] k = { (int) w.dims()[2], (int) w.dims()[3] };
			final int[] s = ints2(n, "strides"), d = ints2(n, "dilations");
			final Window win = window(n, x, k, s, d);
			final String name = vertex(n);
			final Def def = new Def(name, new ConvolutionLayer.Builder(k).stride(s).dilation(d)
				.padding(win.padding).convolutionMode(win.mode).nIn(x.c()).nOut(out).hasBias(true)
				.activation(Activation.IDENTITY).build(), null, List.of(x.vertex()));
			def.params.put("W", w.f());
			def.params.put("b", n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? vector(n, 2,
				out) : new float[out]);
			defs.put(name, def);
			values.put(n.getOutput(0), new Value(name, Kind.IMAGE, out, win.h, win.w));
		}

		private record Window(ConvolutionMode mode, int[] padding, int h, int w) {}

		/**
		 * DL4J's mode and padding for ONNX's pads: "same" where they are what it
		 * pads (the odd pixel bottom/right), else symmetric explicit padding.
		 */
		private Window window(final NodeProto n, final Value x, final int[] k, final int[] s,
			final int[] d)
		{
			final String auto = stringAttr(n, "auto_pad", "NOTSET");
			final long[] pads = ints(n, "pads", new long[4]);
			final int[] size = { x.h(), x.w() };
			final long[] same = new long[4];
			for (int i = 0; i < 2; i++) {
				final long o = (size[i] + s[i] - 1) / s[i];
				final long total = Math.max(0, (o - 1) * s[i] + (long) (k[i] - 1) * d[i] + 1 -
					size[i]);
				same[i] = total / 2;
				same[i + 2] = total - total / 2;
			}
			if (auto.equals("SAME_UPPER") || auto.equals("NOTSET") && java.util.Arrays.equals(pads,
				same))
			{
				return new Window(ConvolutionMode.Same, new int[] { 0, 0 }, (x.h() + s[0] - 1) / s[0],
					(x.w() + s[1] - 1) / s[1]);
			}
			if (auto.equals("VALID")) java.util.Arrays.fill(pads, 0);
			else if (!auto.equals("NOTSET") || pads.length != 4 || pads[0] != pads[2] ||
				pads[1] != pads[3])
			{
				throw fail("pads node " + n.getName() + " (" + n.getOpType() + ") unevenly (" +
					auto + " " + java.util.Arrays.toString(pads) + "), which the engine cannot");
			}
			final int h = (int) ((x.h() + 2 * pads[0] - (long) (k[0] - 1) * d[0] - 1) / s[0] + 1);
			final int w = (int) ((x.w() + 2 * pads[1] - (long) (k[1] - 1) * d[1] - 1) / s[1] + 1);
			if (h < 1 || w < 1) throw fail("shrinks the image to nothing at node " + n.getName());
			return new Window(ConvolutionMode.Truncate, new int[] { (int) pads[0], (int) pads[1] },
				h, w);
		}

		private void batchNorm(final NodeProto n) {
			final Value x = value(n, 0);
			if (x.kind() != Kind.IMAGE && x.kind() != Kind.FLAT) throw fail("normalises an " +
				"exporter's transposed tensor at node " + n.getName());
			final String name = vertex(n);
			final Def def = new Def(name, new BatchNormalization.Builder().nIn(x.c()).nOut(x.c())
				.eps(floatAttr(n, "epsilon", 1e-5f)).useLogStd(false).build(), null, List.of(x
					.vertex()));
			def.params.put("gamma", vector(n, 1, x.c()));
			def.params.put("beta", vector(n, 2, x.c()));
			def.params.put("mean", vector(n, 3, x.c()));
			def.params.put("var", vector(n, 4, x.c()));
			defs.put(name, def);
			values.put(n.getOutput(0), new Value(name, x.kind(), x.c(), x.h(), x.w()));
		}

		private void activation(final NodeProto n, final IActivation a) {
			final Value x = value(n, 0);
			if (x.kind() != Kind.IMAGE && x.kind() != Kind.FLAT) throw fail("applies " + n
				.getOpType() + " to an exporter's transposed tensor at node " + n.getName());
			final String name = vertex(n);
			defs.put(name, new Def(name, new ActivationLayer.Builder().activation(a).build(), null,
				List.of(x.vertex())));
			values.put(n.getOutput(0), new Value(name, x.kind(), x.c(), x.h(), x.w()));
		}

		private void pool(final NodeProto n) {
			final Value x = image(n, 0);
			if (intAttr(n, "ceil_mode", 0) != 0) throw fail("pools with ceil_mode=1 at node " + n
				.getName() + "; export with ceil_mode=False");
			final long[] ks = ints(n, "kernel_shape", null);
			if (ks == null || ks.length != 2) throw fail("pools without a 2-D kernel_shape at " +
				"node " + n.getName());
			final int[] k = { (int) ks[0], (int) ks[1] }, s = ints2(n, "strides"), d = ints2(n,
				"dilations");
			final Window win = window(n, x, k, s, d);
			final boolean max = n.getOpType().equals("MaxPool");
			final String name = vertex(n);
			defs.put(name, new Def(name, new SubsamplingLayer.Builder(max ? PoolingType.MAX
				: PoolingType.AVG).kernelSize(k).stride(s).dilation(d).padding(win.padding)
					.convolutionMode(win.mode).avgPoolIncludePadInDivisor(intAttr(n,
						"count_include_pad", 0) != 0).build(), null, List.of(x.vertex())));
			values.put(n.getOutput(0), new Value(name, Kind.IMAGE, x.c(), win.h, win.w));
		}

		/** Flatten (axis 1) or a Reshape to {@code [batch, -1]}: the next dense layer flattens. */
		private void flatten(final NodeProto n) {
			final Value x = value(n, 0);
			if (n.getOpType().equals("Flatten") && intAttr(n, "axis", 1) != 1) throw fail(
				"flattens at axis " + intAttr(n, "axis", 1) + " (node " + n.getName() + ")");
			if (n.getOpType().equals("Reshape")) {
				final Const target = constant(n, 1);
				if (target.l() == null || target.l().length != 2 || target.l()[1] != -1 && target.l()[
					1] != x.size() || target.l()[0] > 1)
				{
					throw fail("reshapes to " + java.util.Arrays.toString(target.l()) + " at node " + n
						.getName() + "; only [batch, -1] (flattening) opens");
				}
			}
			final Kind k = switch (x.kind()) {
				case IMAGE -> Kind.FLATTENED;
				case IMAGE_NHWC -> Kind.FLATTENED_NHWC;
				default -> x.kind();
			};
			alias(n, x.as(k));
		}

		/** The transposes exporters put round channels-last data: to NHWC before a flatten, back to NCHW. */
		private void transpose(final NodeProto n) {
			final Value x = value(n, 0);
			final long[] perm = ints(n, "perm", null);
			if (x.kind() == Kind.IMAGE && java.util.Arrays.equals(perm, new long[] { 0, 2, 3, 1 })) {
				alias(n, x.as(Kind.IMAGE_NHWC));
			}
			else if (x.kind() == Kind.IMAGE_NHWC && java.util.Arrays.equals(perm, new long[] { 0, 3,
				1, 2 }))
			{
				alias(n, x.as(Kind.IMAGE));
			}
			else throw fail("transposes " + java.util.Arrays.toString(perm) + " at node " + n
				.getName() + "; only an exporter's NCHW/NHWC pairs open");
		}

		/** Gemm, or MatMul whose bias a following Add brings. */
		private void dense(final NodeProto n) {
			final Value x = value(n, 0);
			if (x.kind() == Kind.IMAGE || x.kind() == Kind.IMAGE_NHWC) throw fail("multiplies an " +
				"image that was not flattened at node " + n.getName());
			final Const b = constant(n, 1);
			final boolean gemm = n.getOpType().equals("Gemm");
			if (gemm && intAttr(n, "transA", 0) != 0 || b.dims().length != 2) throw fail(
				"has a " + n.getOpType() + " node " + n.getName() + " that is not a fully connected " +
				"layer");
			final boolean transB = gemm && intAttr(n, "transB", 0) != 0;
			final long nIn = transB ? b.dims()[1] : b.dims()[0];
			final int nOut = (int) (transB ? b.dims()[0] : b.dims()[1]);
			if (nIn != x.size()) throw fail("has a fully connected node " + n.getName() + " for " +
				nIn + " inputs that gets " + x.size());
			final float alpha = gemm ? floatAttr(n, "alpha", 1) : 1, beta = gemm ? floatAttr(n,
				"beta", 1) : 1;
			final float[] w = new float[(int) nIn * nOut];
			for (int i = 0; i < nIn; i++) {
				for (int o = 0; o < nOut; o++) {
					w[row(x, i) * nOut + o] = alpha * (transB ? b.f()[o * (int) nIn + i] : b.f()[i *
						nOut + o]);
				}
			}
			final float[] bias = gemm && n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? vector(
				n, 2, nOut) : new float[nOut];
			for (int o = 0; o < nOut; o++) bias[o] *= beta;
			final String name = vertex(n);
			final InputPreProcessor pre = x.kind() == Kind.FLAT ? null
				: new CnnToFeedForwardPreProcessor(x.h(), x.w(), x.c());
			final Def def = new Def(name, new DenseLayer.Builder().nIn(nIn).nOut(nOut).hasBias(true)
				.activation(Activation.IDENTITY).build(), pre, List.of(x.vertex()));
			def.params.put("W", w);
			def.params.put("b", bias);
			defs.put(name, def);
			values.put(n.getOutput(0), new Value(name, Kind.FLAT, nOut, 1, 1));
		}

		/**
		 * Our row of input {@code i}: a pixel-by-pixel (NHWC) flatten is reordered
		 * to DL4J's channel-by-channel one.
		 */
		private static int row(final Value x, final int i) {
			if (x.kind() != Kind.FLATTENED_NHWC) return i;
			final int ch = i % x.c(), pixel = i / x.c();
			return ch * x.h() * x.w() + pixel;
		}

		private void add(final NodeProto n) {
			final String a = n.getInput(0), b = n.getInput(1);
			if (consts.containsKey(a) || consts.containsKey(b)) {
				// NB: MatMul + Add: the constant is the dense layer's bias.
				final Value x = value(n, consts.containsKey(a) ? 1 : 0);
				final Const c = consts.get(consts.containsKey(a) ? a : b);
				final Def def = defs.get(x.vertex());
				if (x.kind() != Kind.FLAT || def == null || !(def.layer instanceof DenseLayer) || c.f() == null || c.f().length != x.c()) {
					throw fail("adds a constant at node " + n.getName() + " other than a fully " +
						"connected layer's bias");
				}
				final float[] bias = def.params.get("b");
				for (int o = 0; o < bias.length; o++) bias[o] += c.f()[o];
				alias(n, x);
				return;
			}
			final Value x = value(n, 0), y = value(n, 1);
			if (x.kind() != y.kind() || x.c() != y.c() || x.h() != y.h() || x.w() != y.w() || x
				.kind() != Kind.IMAGE && x.kind() != Kind.FLAT)
			{
				throw fail("adds tensors of different shapes at node " + n.getName());
			}
			final String name = vertex(n);
			defs.put(name, new Def(name, null, null, List.of(x.vertex(), y.vertex())));
			values.put(n.getOutput(0), new Value(name, x.kind(), x.c(), x.h(), x.w()));
		}

		private ComputationGraph build(final String output) {
			final ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
				.updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER_UNIFORM)
				.trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(
					WorkspaceMode.ENABLED).graphBuilder().addInputs(io.github.cnnclassifier.model.Architectures.INPUT);
			for (final Def d : defs.values()) {
				final String[] in = d.inputs.toArray(String[]::new);
				if (d.layer == null) g.addVertex(d.name, new ElementWiseVertex(
					ElementWiseVertex.Op.Add), in);
				else if (d.pre != null) g.addLayer(d.name, d.layer, d.pre, in);
				else g.addLayer(d.name, d.layer, in);
			}
			g.setOutputs(output).setInputTypes(InputType.convolutional(shape.height(), shape.width(),
				shape.channels()));
			Nd4jBackend.load();
			final ComputationGraph net;
			try {
				net = new ComputationGraph(g.build());
				net.init();
			}
			catch (final RuntimeException e) {
				throw fail("cannot be built as a network: " + e.getMessage());
			}
			for (final Def d : defs.values()) {
				for (final Map.Entry<String, float[]> p : d.params.entrySet()) {
					final INDArray param = net.getLayer(d.name).getParam(p.getKey());
					if (param == null || param.length() != p.getValue().length) throw fail(
						"has parameters of layer " + d.name + " that do not fit it");
					param.assign(Nd4j.create(p.getValue(), param.shape(), 'c'));
				}
			}
			return net;
		}

		// --- reading the graph

		private Value value(final NodeProto n, final int i) {
			final Value v = i < n.getInputCount() ? values.get(n.getInput(i)) : null;
			if (v == null) throw fail("has a node " + n.getName() + " (" + n.getOpType() + ") whose " +
				"input " + i + " is not computed from the image before it");
			return v;
		}

		private Value image(final NodeProto n, final int i) {
			final Value v = value(n, i);
			if (v.kind() != Kind.IMAGE) throw fail("applies " + n.getOpType() + " (node " + n
				.getName() + ") to something that is not an NCHW image");
			return v;
		}

		private Const constant(final NodeProto n, final int i) {
			final Const c = i < n.getInputCount() ? consts.get(n.getInput(i)) : null;
			if (c == null) throw fail("has a node " + n.getName() + " (" + n.getOpType() + ") whose " +
				"input " + i + " is not a constant");
			return c;
		}

		private float[] vector(final NodeProto n, final int i, final int length) {
			final Const c = constant(n, i);
			if (c.f() == null || c.f().length != length) throw fail("has a node " + n.getName() +
				" (" + n.getOpType() + ") whose input " + i + " is not " + length + " numbers");
			return c.f().clone();
		}

		/** A constant, its declared size checked against the data before anything is allocated. */
		private Const tensor(final TensorProto t) {
			if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t
				.getExternalDataCount() > 0) throw fail("keeps tensor " + t.getName() + " in an " +
					"external file; save the model with its weights inside (one .onnx file)");
			final long[] dims = new long[t.getDimsCount()];
			long count = 1;
			for (int i = 0; i < dims.length; i++) {
				dims[i] = t.getDims(i);
				if (dims[i] < 0 || dims[i] > MAX_TENSOR || (count *= Math.max(1, dims[i])) >
					MAX_TENSOR) throw fail("declares tensor " + t.getName() + " of impossible size");
				if (dims[i] == 0) count = 0;
			}
			final int type = t.getDataType();
			final boolean floats = type == TensorProto.DataType.FLOAT.getNumber();
			final boolean longs = type == TensorProto.DataType.INT64.getNumber();
			if (!floats && !longs) throw fail("has tensor " + t.getName() + " of data type " + type +
				"; float32 weights open");
			final long raw = t.getRawData().size();
			final long held = raw > 0 ? raw / (floats ? 4 : 8) : floats ? t.getFloatDataCount() : t
				.getInt64DataCount();
			if (held != count || raw % (floats ? 4 : 8) != 0) throw fail("declares tensor " + t
				.getName() + " of " + count + " values but holds " + held);
			final ByteBuffer bytes = t.getRawData().asReadOnlyByteBuffer().order(
				ByteOrder.LITTLE_ENDIAN);
			if (floats) {
				final float[] f = new float[(int) count];
				if (raw > 0) bytes.asFloatBuffer().get(f);
				else for (int i = 0; i < f.length; i++) f[i] = t.getFloatData(i);
				return new Const(dims, f, null);
			}
			final long[] l = new long[(int) count];
			if (raw > 0) bytes.asLongBuffer().get(l);
			else for (int i = 0; i < l.length; i++) l[i] = t.getInt64Data(i);
			return new Const(dims, null, l);
		}

		private static AttributeProto attribute(final NodeProto n, final String name) {
			for (final AttributeProto a : n.getAttributeList()) {
				if (a.getName().equals(name)) return a;
			}
			return null;
		}

		private static long intAttr(final NodeProto n, final String name, final long otherwise) {
			final AttributeProto a = attribute(n, name);
			return a == null ? otherwise : a.getI();
		}

		private static float floatAttr(final NodeProto n, final String name, final float otherwise) {
			final AttributeProto a = attribute(n, name);
			return a == null ? otherwise : a.getF();
		}

		private static String stringAttr(final NodeProto n, final String name, final String otherwise) {
			final AttributeProto a = attribute(n, name);
			return a == null ? otherwise : a.getS().toStringUtf8();
		}

		private static long[] ints(final NodeProto n, final String name, final long[] otherwise) {
			final AttributeProto a = attribute(n, name);
			if (a == null) return otherwise;
			return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
		}

		/** A two-value attribute (strides, dilations), 1 1 when absent. */
		private int[] ints2(final NodeProto n, final String name) {
			final long[] v = ints(n, name, new long[] { 1, 1 });
			if (v.length != 2 || v[0] < 1 || v[1] < 1 || v[0] > 1024 || v[1] > 1024) throw fail(
				"has " + name + " " + java.util.Arrays.toString(v) + " at node " + n.getName() +
				"; 2-D images only");
			return new int[] { (int) v[0], (int) v[1] };
		}

		/** A unique vertex name after the node's name (or its op). */
		private String vertex(final NodeProto n) {
			final String base = (n.getName().isEmpty() ? n.getOpType().toLowerCase() : n.getName())
				.replaceAll("[^A-Za-z0-9_.-]", "_");
			String name = base;
			for (int i = 2; !names.add(name) || name.equals(io.github.cnnclassifier.model.Architectures.INPUT); i++) {
				name = base + "_" + i;
			}
			return name;
		}

		private ModelException unsupported(final NodeProto n) {
			return fail("uses the op " + (n.getDomain().isEmpty() ? "" : n.getDomain() + ".") + n
				.getOpType() + " (node " + (n.getName().isEmpty() ? "#" + graph.getNodeList().indexOf(n)
					: n.getName()) + "), which an image classifier imported into this plugin may " +
				"not use (Conv, BatchNormalization, Relu, LeakyRelu, Sigmoid, Tanh, MaxPool, " +
				"AveragePool, GlobalAveragePool, Flatten, Reshape, Gemm, MatMul, Add, Dropout, " +
				"Softmax, Identity, Constant, Transpose)");
		}

		private ModelException fail(final String what) {
			return new ModelException(source + " " + what + ".");
		}
	}
}
