package io.github.cnnclassifier.engine;

import io.github.cnnclassifier.model.Networks;
import io.github.cnnclassifier.tensor.InputShape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
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
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.schedule.FixedSchedule;

/**
 * Makes the {@link Plan} of a DL4J computation graph, layer by layer, in one
 * place: each layer becomes a block, and a convolution, batch norm,
 * activation and pooling that follow one another (each feeding only the
 * next) become one fused block. A layer or setting the engine does not model
 * makes the whole network fall back to DL4J, with a reason naming the layer:
 * nothing is ever computed as if it were absent.
 */
final class PlanBuilder {

	/** Why the engine cannot compute a network: the message names the layer and what it has. */
	static final class Unsupported extends Exception {

		Unsupported(final String message) {
			super(message);
		}
	}

	private final ComputationGraphConfiguration conf;
	private final InputShape shape;
	private final int threads;
	private final Set<String> keep;
	private final long seed;
	private final Map<String, List<String>> consumers = new HashMap<>();
	private final Map<String, Tensor> tensors = new LinkedHashMap<>();
	private final List<IntFunction<Block>> makers = new ArrayList<>();
	private final Set<String> absorbed = new HashSet<>();
	private String output;

	private PlanBuilder(final NetworkSource net, final InputShape shape, final int threads,
		final Set<String> keep)
	{
		this.conf = net.conf();
		this.shape = shape;
		this.threads = threads;
		this.keep = keep;
		this.seed = conf.getDefaultConfiguration().getSeed();
		for (final Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
			for (final String in : e.getValue()) {
				consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(e.getKey());
			}
		}
	}

	/**
	 * The plan of {@code net} with its current parameters, computing on
	 * {@code threads} threads; the outputs of the layers in {@code keep} are
	 * tensors of the plan (not fused away), so {@link Plan#activations} can read them.
	 *
	 * @throws Unsupported naming the first layer or setting the engine does not model
	 */
	static Plan build(final NetworkSource net, final InputShape shape, final int threads,
		final Set<String> keep) throws Unsupported
	{
		return build(net, shape, threads, keep, null);
	}

	/** {@link #build(NetworkSource, InputShape, int, Set)} of a network that exists. */
	static Plan build(final ComputationGraph net, final InputShape shape, final int threads,
		final Set<String> keep) throws Unsupported
	{
		return build(NetworkSource.of(net), shape, threads, keep);
	}

	/**
	 * A plan that computes {@link Plan#gradient}s of class scores with respect
	 * to the output of {@code layer}.
	 */
	static Plan forGradient(final NetworkSource net, final InputShape shape,
		final int threads, final String layer) throws Unsupported
	{
		return build(net, shape, threads, Set.of(layer), layer);
	}

	private static Plan build(final NetworkSource net, final InputShape shape,
		final int threads, final Set<String> keep, final String probe) throws Unsupported
	{
		final PlanBuilder b = new PlanBuilder(net, shape, threads, keep);
		b.walk(net);
		final Workers workers = new Workers(threads);
		final List<Block> blocks = new ArrayList<>();
		// NB: blocks are made once every tensor's padding is known: their offsets depend on it.
		for (final IntFunction<Block> maker : b.makers) blocks.add(maker.apply(threads));
		final List<Tensor> all = new ArrayList<>(b.tensors.values());
		final Plan plan = new Plan(shape, b.tensors.get(b.conf.getNetworkInputs().get(0)), all,
			blocks, workers, probe == null ? null : b.tensors.get(probe));
		plan.importFrom(net.params().get());
		return plan;
	}

	/** Why the engine cannot compute {@code net}, or null if it can. */
	static String unsupported(final ComputationGraph net, final InputShape shape) {
		return unsupported(NetworkSource.of(net), shape);
	}

	/** Why the engine cannot compute {@code net}, or null if it can. */
	static String unsupported(final NetworkSource net, final InputShape shape) {
		try {
			final PlanBuilder b = new PlanBuilder(net, shape, 1, Set.of());
			b.walk(net);
			return null;
		}
		catch (final Unsupported e) {
			return e.getMessage();
		}
	}

	private void walk(final NetworkSource net) throws Unsupported {
		if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
			throw new Unsupported("the network has " + conf.getNetworkInputs().size() +
				" inputs and " + conf.getNetworkOutputs().size() + " outputs");
		}
		final String input = conf.getNetworkInputs().get(0);
		// NB: a gradient with respect to the input needs whole vectors of channels.
		boolean convsOnly = !keep.contains(input);
		for (final String c : consumers.getOrDefault(input, List.of())) {
			convsOnly &= layer(c) instanceof ConvolutionLayer && layer(c).getIDropout() == null;
		}
		final int c = shape.channels();
		// NB: convolutions read single floats, so the input keeps its channels unpadded.
		tensor(input, shape.height(), shape.width(), c, convsOnly ? c : Kernels.lanes(c));
		for (final String name : net.order()) {
			if (name.equals(input) || absorbed.contains(name)) continue;
			vertex(name);
		}
		if (output == null || !output.equals(conf.getNetworkOutputs().get(0))) {
			throw new Unsupported("the network's output is not a softmax output layer");
		}
	}

	private Tensor tensor(final String name, final int h, final int w, final int c,
		final int cs)
	{
		final Tensor t = new Tensor(tensors.size(), name, h, w, c, cs);
		tensors.put(name, t);
		return t;
	}

	private Tensor flat(final String name, final int c) {
		return tensor(name, 1, 1, c, Kernels.lanes(c));
	}

	private GraphVertex vertexConf(final String name) {
		return Networks.unwrap(conf.getVertices().get(name));
	}

	private boolean frozen(final String name) {
		return Networks.isFrozen(conf.getVertices().get(name));
	}

	/** The layer configuration of vertex {@code name} without frozen wrappers, or null. */
	private Layer layer(final String name) {
		return Networks.layer(conf.getVertices().get(name));
	}

	private Tensor inputOf(final String name) throws Unsupported {
		final List<String> in = conf.getVertexInputs().get(name);
		if (in == null || in.size() != 1) {
			throw new Unsupported("layer " + name + " has " + (in == null ? 0 : in.size()) +
				" inputs");
		}
		return tensors.get(in.get(0));
	}

	private void vertex(final String name) throws Unsupported {
		if (output != null) {
			throw new Unsupported("vertex " + name + " comes after the output layer " + output);
		}
		final GraphVertex v = vertexConf(name);
		if (v instanceof ElementWiseVertex e) {
			add(name, e);
			return;
		}
		if (!(v instanceof LayerVertex lv)) {
			throw new Unsupported("vertex " + name + " (" + v.getClass().getSimpleName() + ")");
		}
		final Layer layer = layer(name);
		common(name, layer);
		if (lv.getPreProcessor() != null && !(lv.getPreProcessor() instanceof
			CnnToFeedForwardPreProcessor && (layer instanceof DenseLayer ||
				layer instanceof OutputLayer)))
		{
			throw new Unsupported("layer " + name + " has the input preprocessor " + lv
				.getPreProcessor().getClass().getSimpleName());
		}
		Tensor in = inputOf(name);
		if (layer.getIDropout() != null && !(layer instanceof DropoutLayer)) {
			in = dropout(name + "_input_dropout", in, layer.getIDropout(), frozen(name));
		}
		if (layer instanceof ConvolutionLayer c && c.getClass() == ConvolutionLayer.class) {
			conv(name, c, in);
		}
		else if (layer instanceof BatchNormalization || layer instanceof ActivationLayer ||
			layer instanceof SubsamplingLayer)
		{
			norm(name, in);
		}
		else if (layer instanceof DenseLayer d) {
			final float[] act = activation(name, d.getActivationFn());
			final Tensor out = flat(name, (int) d.getNOut());
			final Tensor input = in;
			final boolean frozen = frozen(name);
			final IUpdater u = updater(name, d, "W");
			final double l2 = l2(name, d, "W");
			makers.add(t -> frozen(new DenseBlock(List.of(name), input, out, name, act != null,
				act == null ? 0 : act[0], u, l2, t), frozen));
		}
		else if (layer instanceof OutputLayer o) {
			head(name, o, in);
		}
		else if (layer instanceof GlobalPoolingLayer g) {
			final int[] dims = g.getPoolingDimensions();
			if (g.getPoolingType() != PoolingType.AVG || !g.isCollapseDimensions() || dims != null &&
				!java.util.Arrays.equals(dims, new int[] { 2, 3 }) || in.cs != Kernels.lanes(in.c))
			{
				throw new Unsupported("layer " + name + " (global " + g.getPoolingType() +
					" pooling)");
			}
			final Tensor out = flat(name, in.c);
			final Tensor input = in;
			makers.add(t -> new GlobalPoolBlock(List.of(name), input, out));
		}
		else if (layer instanceof DropoutLayer) {
			dropout(name, in, layer.getIDropout(), frozen(name));
		}
		else {
			throw new Unsupported("layer " + name + " (" + layer.getClass().getSimpleName() + ")");
		}
	}

	private static Block frozen(final Block b, final boolean frozen) {
		b.frozen = frozen;
		return b;
	}

	/** Settings of any layer the engine would otherwise ignore. */
	private void common(final String name, final Layer layer) throws Unsupported {
		if (layer instanceof BaseLayer b) {
			if (b.getWeightNoise() != null) throw new Unsupported("layer " + name +
				" has weight noise");
			if (b.getGradientNormalization() != null && b
				.getGradientNormalization() != GradientNormalization.None)
			{
				throw new Unsupported("layer " + name + " has gradient normalisation " + b
					.getGradientNormalization());
			}
			if (b.getRegularizationBias() != null && !b.getRegularizationBias().isEmpty()) {
				throw new Unsupported("layer " + name + " has regularisation of its biases");
			}
		}
		if (layer.getConstraints() != null && !layer.getConstraints().isEmpty()) {
			throw new Unsupported("layer " + name + " has constraints");
		}
	}

	/** The updater of parameter {@code param}; NoOp for frozen layers. */
	private IUpdater updater(final String name, final Layer layer, final String param)
		throws Unsupported
	{
		if (frozen(name)) return null;
		final IUpdater u = layer.getUpdaterByParam(param);
		final String why = Optimizer.unsupported(u);
		if (why != null) throw new Unsupported("layer " + name + " uses " + why);
		return u;
	}

	/** The L2 factor of parameter {@code param} (0 for none). */
	private static double l2(final String name, final Layer layer, final String param)
		throws Unsupported
	{
		final List<Regularization> rs = layer.getRegularizationByParam(param);
		double l2 = 0;
		if (rs == null) return 0;
		for (final Regularization r : rs) {
			if (!(r instanceof L2Regularization l) || !(l.getL2() instanceof FixedSchedule f)) {
				throw new Unsupported("layer " + name + " has regularisation " + r.getClass()
					.getSimpleName());
			}
			l2 += f.valueAt(0, 0);
		}
		return l2;
	}

	/** {slope below zero} of ReLU (0) or leaky ReLU, or null for identity. */
	private static float[] activation(final String name, final IActivation a)
		throws Unsupported
	{
		if (a == null || a instanceof ActivationIdentity) return null;
		if (a instanceof ActivationReLU r && r.getMax() == null && r.getThreshold() == null && r
			.getNegativeSlope() == null)
		{
			return new float[] { 0 };
		}
		if (a instanceof ActivationLReLU l) return new float[] { (float) l.getAlpha() };
		throw new Unsupported("layer " + name + " has the activation " + a);
	}

	/** The single consumer of {@code name}'s output that may be fused into its block, or null. */
	private String next(final String name) {
		final List<String> c = consumers.getOrDefault(name, List.of());
		if (c.size() != 1 || keep.contains(name)) return null;
		final String n = c.get(0);
		if (!(vertexConf(n) instanceof LayerVertex lv) || lv.getPreProcessor() != null || layer(n)
			.getIDropout() != null || frozen(n) != frozen(name))
		{
			return null;
		}
		return n;
	}

	/** What fuses into a stage after a layer: batch norm, activation, pooling, in that order. */
	private final class StageSpec {

		final List<String> layers = new ArrayList<>();
		String bn, last;
		BatchNormalization bnConf;
		float[] act;
		Stage.Pool pool = Stage.Pool.NONE;
		int poolSize = 1;

		/** Takes {@code name} if it is the next stage step; returns whether it did. */
		boolean take(final String name, final int h, final int w) throws Unsupported {
			final Layer l = layer(name);
			if (l instanceof BatchNormalization b && bn == null && act == null &&
				pool == Stage.Pool.NONE)
			{
				if (b.isLockGammaBeta() || b.getCnn2DFormat() != CNN2DFormat.NCHW) {
					throw new Unsupported("layer " + name + " (batch norm with fixed gamma/beta or " +
						"NHWC data)");
				}
				bn = name;
				bnConf = b;
			}
			else if (l instanceof ActivationLayer a && act == null && pool == Stage.Pool.NONE) {
				final float[] f = activation(name, a.getActivationFn());
				act = f == null ? new float[] { Float.NaN } : f;
			}
			else if (l instanceof SubsamplingLayer s && pool == Stage.Pool.NONE) {
				final int[] k = s.getKernelSize(), st = s.getStride(), p = s.getPadding();
				if (k[0] != k[1] || st[0] != k[0] || st[1] != k[1] || p[0] != 0 || p[1] != 0 || s
					.getDilation()[0] != 1 || s.getDilation()[1] != 1 || s
						.getConvolutionMode() == ConvolutionMode.Same && (h % k[0] != 0 || w % k[0] != 0) ||
					s.getPoolingType() != PoolingType.MAX && s.getPoolingType() != PoolingType.AVG ||
					s.getCnn2dDataFormat() != CNN2DFormat.NCHW || h < k[0] || w < k[0])
				{
					throw new Unsupported("layer " + name + " (" + s.getPoolingType() + " pooling " + k[0] +
						"x" + k[1] + ", stride " + st[0] + "x" + st[1] + ", padding " + p[0] + ")");
				}
				pool = s.getPoolingType() == PoolingType.MAX ? Stage.Pool.MAX : Stage.Pool.AVG;
				poolSize = k[0];
			}
			else return false;
			layers.add(name);
			last = name;
			return true;
		}

		/** Takes the following layers while they fit; marks them absorbed. */
		void follow(final String from, final int h, final int w) throws Unsupported {
			String n = next(from);
			while (n != null && take(n, h, w)) {
				absorbed.add(n);
				n = next(n);
			}
		}

		Stage stage(final int h, final int w, final int c, final int t) {
			final boolean a = act != null && !Float.isNaN(act[0]);
			return new Stage(h, w, c, bn != null, bn == null ? 0 : bnConf.getEps(), bn == null ? 0
				: bnConf.getDecay(), a, a ? act[0] : 0, pool, poolSize, t);
		}

		int outH(final int h) {
			return h / poolSize;
		}

		int outW(final int w) {
			return w / poolSize;
		}
	}

	private void conv(final String name, final ConvolutionLayer c, final Tensor in)
		throws Unsupported
	{
		final int[] k = c.getKernelSize(), s = c.getStride(), d = c.getDilation();
		if (d[0] != 1 || d[1] != 1 || c.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
			throw new Unsupported("layer " + name + " (dilated or NHWC convolution)");
		}
		if (c.getNIn() != in.c) {
			throw new Unsupported("layer " + name + " takes " + c.getNIn() + " channels, gets " +
				in.c);
		}
		final int oh, ow, padTop, padLeft;
		if (c.getConvolutionMode() == ConvolutionMode.Same) {
			oh = (in.h + s[0] - 1) / s[0];
			ow = (in.w + s[1] - 1) / s[1];
			padTop = Math.max(0, ((oh - 1) * s[0] + k[0] - in.h) / 2);
			padLeft = Math.max(0, ((ow - 1) * s[1] + k[1] - in.w) / 2);
		}
		else {
			final int[] p = c.getPadding();
			oh = (in.h + 2 * p[0] - k[0]) / s[0] + 1;
			ow = (in.w + 2 * p[1] - k[1]) / s[1] + 1;
			padTop = p[0];
			padLeft = p[1];
			if (c.getConvolutionMode() == ConvolutionMode.Strict && ((in.h + 2 * p[0] - k[0]) %
				s[0] != 0 || (in.w + 2 * p[1] - k[1]) % s[1] != 0))
			{
				throw new Unsupported("layer " + name + " (strict convolution mode, uneven size)");
			}
		}
		if (oh < 1 || ow < 1) throw new Unsupported("layer " + name + " has an empty output");
		final int bottom = (oh - 1) * s[0] + k[0] - padTop - in.h;
		final int right = (ow - 1) * s[1] + k[1] - padLeft - in.w;
		in.pad = Math.max(in.pad, Math.max(Math.max(padTop, padLeft), Math.max(bottom, right)));
		final StageSpec st = new StageSpec();
		st.layers.add(name);
		final float[] own = activation(name, c.getActivationFn());
		if (own != null) st.act = own;
		st.follow(name, oh, ow);
		final String last = st.layers.get(st.layers.size() - 1);
		final int cout = (int) c.getNOut();
		final Tensor out = tensor(last, st.outH(oh), st.outW(ow), cout, Kernels.lanes(cout));
		final boolean frozen = frozen(name);
		final IUpdater u = updater(name, c, "W");
		final IUpdater bnU = st.bn == null ? null : updater(st.bn, st.bnConf, "gamma");
		final double l2 = l2(name, c, "W");
		final int[] pads = { padTop, padLeft };
		final boolean bias = c.hasBias();
		makers.add(t -> frozen(new ConvBlock(st.layers, in, out, name, k[0], k[1], s[0], s[1],
			pads, cout, st.stage(oh, ow, cout, t), st.bn, u, bnU, l2, bias, t), frozen));
	}

	private void norm(final String name, final Tensor in) throws Unsupported {
		if (in.cs != Kernels.lanes(in.c)) throw new Unsupported("layer " + name +
			" on the network input");
		final StageSpec st = new StageSpec();
		if (!st.take(name, in.h, in.w)) {
			throw new Unsupported("layer " + name + " (" + layer(name).getClass().getSimpleName() +
				")");
		}
		st.follow(name, in.h, in.w);
		final Tensor out = tensor(st.last, st.outH(in.h), st.outW(in.w), in.c, in.cs);
		final boolean frozen = frozen(name);
		final IUpdater bnU = st.bn == null ? null : updater(st.bn, st.bnConf, "gamma");
		makers.add(t -> frozen(new NormBlock(st.layers, in, out, st.stage(in.h, in.w, in.c, t),
			st.bn, bnU), frozen));
	}

	private Tensor dropout(final String name, final Tensor in,
		final org.deeplearning4j.nn.conf.dropout.IDropout d, final boolean frozen)
		throws Unsupported
	{
		if (!(d instanceof Dropout dr) || dr.getPSchedule() != null) {
			throw new Unsupported("layer " + name + " has the dropout " + d);
		}
		if (in.cs != Kernels.lanes(in.c)) throw new Unsupported("dropout " + name +
			" on the network input");
		final Tensor out = tensor(name, in.h, in.w, in.c, in.cs);
		final double keep = dr.getP();
		makers.add(t -> frozen(new DropoutBlock(List.of(name), in, out, keep, seed), frozen));
		return out;
	}

	private void add(final String name, final ElementWiseVertex e) throws Unsupported {
		final List<String> names = conf.getVertexInputs().get(name);
		if (e.getOp() != ElementWiseVertex.Op.Add || names.size() < 2) {
			throw new Unsupported("vertex " + name + " (element-wise " + e.getOp() + ")");
		}
		final Tensor[] ins = new Tensor[names.size()];
		for (int i = 0; i < ins.length; i++) {
			ins[i] = tensors.get(names.get(i));
			if (ins[i].h != ins[0].h || ins[i].w != ins[0].w || ins[i].c != ins[0].c || ins[i].cs !=
				ins[0].cs)
			{
				throw new Unsupported("vertex " + name + " adds tensors of different shapes");
			}
		}
		final Tensor out = tensor(name, ins[0].h, ins[0].w, ins[0].c, ins[0].cs);
		makers.add(t -> new AddBlock(List.of(name), ins, out));
	}

	private void head(final String name, final OutputLayer o, final Tensor in)
		throws Unsupported
	{
		if (!(o.getActivationFn() instanceof ActivationSoftmax) || !(o
			.getLossFn() instanceof LossMCXENT loss) || !o.hasBias())
		{
			throw new Unsupported("output layer " + name + " (" + o.getActivationFn() + ", " + o
				.getLossFn() + ")");
		}
		if (in.cs != Kernels.lanes(in.c)) throw new Unsupported("output layer " + name +
			" on the network input");
		final int classes = (int) o.getNOut();
		final float[] weights = loss.getWeights() == null ? null : loss.getWeights().toFloatVector();
		if (weights != null && weights.length != classes) {
			throw new Unsupported("output layer " + name + " has " + weights.length +
				" class weights for " + classes + " classes");
		}
		final Tensor out = flat(name, classes);
		final boolean frozen = frozen(name);
		final IUpdater u = updater(name, o, "W");
		final double l2 = l2(name, o, "W");
		makers.add(t -> frozen(new SoftmaxHead(List.of(name), in, out, name, classes, weights, u,
			l2, t), frozen));
		output = name;
	}
}
