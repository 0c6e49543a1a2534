package io.github.cnnclassifier.engine;

import io.github.cnnclassifier.tensor.InputShape;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * A DL4J network of conv-BN-ReLU[-pool] blocks and a softmax output layer
 * (the lecture CNN and its kin), computed by our own vector kernels: NHWC
 * arrays, batch norm, ReLU and pooling fused, the batch split over threads.
 * Parameters come from a MultiLayerNetwork and go back to it, so model files
 * stay DL4J's. Not thread-safe: one instance per thread.
 */
final class ConvNet implements AutoCloseable {

	private final InputShape input;
	private final List<ConvBlock> blocks;
	private final DenseHead head;
	private final Workers workers;
	private int capacity;
	private Optimizer optimizer;

	private ConvNet(final InputShape input, final List<ConvBlock> blocks,
		final DenseHead head, final Workers workers)
	{
		this.input = input;
		this.blocks = blocks;
		this.head = head;
		this.workers = workers;
	}

	/**
	 * Whether this engine computes {@code net}: conv (odd k x k, stride 1,
	 * 'same', no activation) - BN - ReLU [- max-pool 2x2/2] blocks, then a
	 * softmax output layer with cross-entropy loss.
	 */
	static boolean supports(final MultiLayerNetwork net) {
		return describe(net) != null;
	}

	/** The block structure of {@code net} as [conv index, pools (0/1)] pairs, or null if unsupported. */
	private static List<int[]> describe(final MultiLayerNetwork net) {
		final int n = net.getnLayers();
		final List<int[]> found = new ArrayList<>();
		int i = 0;
		while (i < n - 1) {
			if (!(conf(net, i) instanceof ConvolutionLayer) || conf(net, i)
				.getClass() != ConvolutionLayer.class) return null;
			final ConvolutionLayer c = (ConvolutionLayer) conf(net, i);
			final int[] k = c.getKernelSize();
			if (c.getConvolutionMode() != ConvolutionMode.Same || k[0] % 2 == 0 || k[1] % 2 == 0 ||
				c.getStride()[0] != 1 || c.getStride()[1] != 1 || c.getDilation()[0] != 1 ||
				c.getDilation()[1] != 1 || !c.hasBias() || !(c
					.getActivationFn() instanceof ActivationIdentity)) return null;
			if (i + 2 >= n || !(conf(net, i + 1) instanceof BatchNormalization) || !(conf(net,
				i + 2) instanceof ActivationLayer) || !(((ActivationLayer) conf(net, i + 2))
					.getActivationFn() instanceof ActivationReLU)) return null;
			final BatchNormalization bn = (BatchNormalization) conf(net, i + 1);
			if (bn.isLockGammaBeta()) return null;
			boolean pool = false;
			if (i + 3 < n && conf(net, i + 3) instanceof SubsamplingLayer) {
				final SubsamplingLayer s = (SubsamplingLayer) conf(net, i + 3);
				if (s.getPoolingType() != org.deeplearning4j.nn.conf.layers.PoolingType.MAX || s
					.getKernelSize()[0] != 2 || s.getKernelSize()[1] != 2 || s.getStride()[0] != 2 ||
					s.getStride()[1] != 2 || s.getPadding()[0] != 0 || s.getPadding()[1] != 0 || s
						.getConvolutionMode() == ConvolutionMode.Same) return null;
				pool = true;
			}
			found.add(new int[] { i, pool ? 1 : 0 });
			i += pool ? 4 : 3;
		}
		if (found.isEmpty() || i != n - 1 || !(conf(net, i) instanceof OutputLayer)) return null;
		final OutputLayer out = (OutputLayer) conf(net, i);
		if (!(out.getActivationFn() instanceof ActivationSoftmax) || !(out
			.getLossFn() instanceof LossMCXENT) || ((LossMCXENT) out.getLossFn())
				.getWeights() != null || !out.hasBias()) return null;
		return found;
	}

	private static org.deeplearning4j.nn.conf.layers.Layer conf(final MultiLayerNetwork net,
		final int i)
	{
		return net.getLayer(i).conf().getLayer();
	}

	/**
	 * An engine for {@code net} with its current parameters, computing on
	 * {@code threads} threads.
	 *
	 * @throws IllegalArgumentException if {@link #supports} says no
	 */
	static ConvNet of(final MultiLayerNetwork net, final InputShape input, final int threads) {
		final List<int[]> structure = describe(net);
		if (structure == null) {
			throw new IllegalArgumentException("The engine does not compute this network");
		}
		final Workers workers = new Workers(threads);
		final List<ConvBlock> blocks = new ArrayList<>();
		int h = input.height(), w = input.width(), c = input.channels(), cs = c;
		for (final int[] s : structure) {
			final ConvolutionLayer conv = (ConvolutionLayer) conf(net, s[0]);
			final BatchNormalization bn = (BatchNormalization) conf(net, s[0] + 1);
			final ConvBlock b = new ConvBlock(h, w, c, cs, (int) conv.getNOut(), conv
				.getKernelSize()[0], conv.getKernelSize()[1], s[1] == 1, bn.getEps(), bn.getDecay(),
				workers.threads());
			blocks.add(b);
			h = b.oh;
			w = b.ow;
			c = b.cout;
			cs = b.coutS;
		}
		final int classes = (int) ((OutputLayer) conf(net, net.getnLayers() - 1)).getNOut();
		final ConvNet engine = new ConvNet(input, blocks, new DenseHead(h * w * cs, classes,
			workers.threads()), workers);
		engine.importFrom(net, structure);
		return engine;
	}

	/** Copies the parameters of {@code net} (weights, biases, batch norm and its running statistics). */
	private void importFrom(final MultiLayerNetwork net, final List<int[]> structure) {
		for (int b = 0; b < blocks.size(); b++) {
			final ConvBlock block = blocks.get(b);
			final Layer conv = net.getLayer(structure.get(b)[0]);
			final Layer bn = net.getLayer(structure.get(b)[0] + 1);
			// DL4J: W [cout][cin][kh][kw]; ours: [(ky*kw + kx)*cin + ci][coutS]
			final float[] wd = values(conv.getParam("W"));
			for (int co = 0; co < block.cout; co++) {
				for (int ci = 0; ci < block.cin; ci++) {
					for (int t = 0; t < block.kh * block.kw; t++) {
						block.wt[(t * block.cin + ci) * block.coutS + co] = wd[(co * block.cin + ci) *
							block.kh * block.kw + t];
					}
				}
			}
			copy(values(conv.getParam("b")), block.bias);
			copy(values(bn.getParam("gamma")), block.gamma);
			copy(values(bn.getParam("beta")), block.beta);
			copy(values(bn.getParam("mean")), block.runMean);
			final float[] var = runningVariance(bn);
			copy(var, block.runVar);
			block.weightsChanged();
		}
		final Layer out = net.getLayer(net.getnLayers() - 1);
		final float[] w = values(out.getParam("W"));
		final ConvBlock last = blocks.get(blocks.size() - 1);
		final int hw = last.oh * last.ow;
		for (int c = 0; c < last.cout; c++) {
			for (int p = 0; p < hw; p++) {
				// NB: DL4J flattens NCHW (c*h*w + y*w + x); our features are NHWC.
				System.arraycopy(w, (c * hw + p) * head.classes, head.wd, (p * last.coutS + c) *
					head.classesS, head.classes);
			}
		}
		copy(values(out.getParam("b")), head.bd);
		head.weightsChanged();
	}

	/** Writes the parameters and running statistics back into {@code net}. */
	void exportTo(final MultiLayerNetwork net) {
		final List<int[]> structure = describe(net);
		for (int b = 0; b < blocks.size(); b++) {
			final ConvBlock block = blocks.get(b);
			final Layer conv = net.getLayer(structure.get(b)[0]);
			final Layer bn = net.getLayer(structure.get(b)[0] + 1);
			final float[] wd = new float[block.cout * block.cin * block.kh * block.kw];
			for (int co = 0; co < block.cout; co++) {
				for (int ci = 0; ci < block.cin; ci++) {
					for (int t = 0; t < block.kh * block.kw; t++) {
						wd[(co * block.cin + ci) * block.kh * block.kw + t] = block.wt[(t * block.cin +
							ci) * block.coutS + co];
					}
				}
			}
			assign(conv.getParam("W"), wd);
			assign(conv.getParam("b"), block.bias);
			assign(bn.getParam("gamma"), block.gamma);
			assign(bn.getParam("beta"), block.beta);
			assign(bn.getParam("mean"), block.runMean);
			if (bn.getParam("log10stdev") != null) {
				final float[] log10std = new float[block.cout];
				for (int c = 0; c < block.cout; c++) {
					log10std[c] = (float) (0.5 * Math.log10(block.runVar[c]));
				}
				assign(bn.getParam("log10stdev"), log10std);
			}
			else assign(bn.getParam("var"), block.runVar);
		}
		final Layer out = net.getLayer(net.getnLayers() - 1);
		final ConvBlock last = blocks.get(blocks.size() - 1);
		final int hw = last.oh * last.ow;
		final float[] w = new float[last.cout * hw * head.classes];
		for (int c = 0; c < last.cout; c++) {
			for (int p = 0; p < hw; p++) {
				System.arraycopy(head.wd, (p * last.coutS + c) * head.classesS, w, (c * hw + p) *
					head.classes, head.classes);
			}
		}
		assign(out.getParam("W"), w);
		assign(out.getParam("b"), head.bd);
	}

	private static float[] runningVariance(final Layer bn) {
		final INDArray log10std = bn.getParam("log10stdev");
		if (log10std == null) return values(bn.getParam("var"));
		final float[] v = values(log10std);
		for (int c = 0; c < v.length; c++) v[c] = (float) Math.pow(10, 2 * v[c]);
		return v;
	}

	private static float[] values(final INDArray a) {
		return a.dup('c').data().asFloat();
	}

	/** NB: takes the first param.length() values, leaving out the extra vector lanes. */
	private static void assign(final INDArray param, final float[] values) {
		param.assign(Nd4j.create(java.util.Arrays.copyOf(values, (int) param.length()), param
			.shape(), 'c'));
	}

	private static void copy(final float[] from, final float[] to) {
		System.arraycopy(from, 0, to, 0, from.length);
	}

	/** Sets the solver for {@link #fit}; its state (momentum, moments) starts at zero. */
	void optimizer(final Optimizer.Rule rule, final double learnRate, final double momentum,
		final double l2)
	{
		optimizer = new Optimizer(rule, learnRate, momentum, l2);
		for (final ConvBlock b : blocks) {
			optimizer.add(b.wt, b.dwt, true);
			optimizer.add(b.bias, b.dbias, false);
			optimizer.add(b.gamma, b.dgamma, false);
			optimizer.add(b.beta, b.dbeta, false);
		}
		optimizer.add(head.wd, head.dwd, true);
		optimizer.add(head.bd, head.dbd, false);
	}

	private void ensureCapacity(final int n) {
		if (n <= capacity) return;
		for (int b = 0; b < blocks.size(); b++) blocks.get(b).allocate(n, b == 0);
		head.allocate(n);
		capacity = n;
	}

	/**
	 * One training iteration on {@code n} normalised NCHW samples in {@code x}
	 * with their class indices: forward, backward, update. Returns {mean loss,
	 * correct predictions}, both measured before the update.
	 */
	double[] fit(final float[] x, final int[] labels, final int n) {
		if (optimizer == null) throw new IllegalStateException("Set an optimizer first");
		ensureCapacity(n);
		final int last = blocks.size() - 1;
		workers.run(t -> {
			for (int i = workers.from(t, n); i < workers.to(t, n); i++) {
				loadInput(x, i, blocks.get(0).in, blocks.get(0).inInterior(i), blocks.get(0).pw);
				blocks.get(0).forward(i, t);
			}
		});
		for (int b = 1; b <= last; b++) {
			final ConvBlock prev = blocks.get(b - 1), block = blocks.get(b);
			prev.reduceStatistics(n);
			workers.run(t -> {
				for (int i = workers.from(t, n); i < workers.to(t, n); i++) {
					prev.activate(i, block.in, block.inInterior(i), block.pw);
					block.forward(i, t);
				}
			});
		}
		final ConvBlock lastBlock = blocks.get(last);
		lastBlock.reduceStatistics(n);
		workers.run(t -> {
			for (int i = workers.from(t, n); i < workers.to(t, n); i++) {
				lastBlock.activate(i, head.feat, i * head.f, lastBlock.ow);
				head.train(i, t, labels[i], n);
				lastBlock.backwardToBn(i, t, head.dfeat, head.feat, i * head.f, lastBlock.ow);
			}
		});
		final double[] lossAndHits = head.reduce();
		for (int b = last; b >= 0; b--) {
			final ConvBlock block = blocks.get(b);
			final ConvBlock prev = b > 0 ? blocks.get(b - 1) : null;
			block.reduceBnGradients();
			workers.run(t -> {
				for (int i = workers.from(t, n); i < workers.to(t, n); i++) {
					block.backwardConv(i, t, n);
					if (prev != null) {
						prev.backwardToBn(i, t, block.dIn, block.in, block.inInterior(i), block.pw);
					}
				}
			});
			block.reduceWeightGradients();
		}
		optimizer.update();
		for (final ConvBlock b : blocks) b.weightsChanged();
		head.weightsChanged();
		return new double[] { lossAndHits[0] / n, lossAndHits[1] };
	}

	/** Class probabilities of {@code n} normalised NCHW samples, row after row; uses running statistics. */
	float[] output(final float[] x, final int n) {
		for (final ConvBlock b : blocks) b.fold();
		final float[] probabilities = new float[n * head.classes];
		workers.run(t -> {
			final float[][] inputs = new float[blocks.size()][];
			for (int b = 0; b < blocks.size(); b++) inputs[b] = new float[blocks.get(b).inSize()];
			int scratchSize = 0;
			for (final ConvBlock b : blocks) scratchSize = Math.max(scratchSize, b.h * b.w * b.coutS);
			final float[] scratch = new float[scratchSize];
			final float[] feat = new float[head.f];
			final float[] p = new float[head.classesS];
			for (int i = workers.from(t, n); i < workers.to(t, n); i++) {
				final ConvBlock first = blocks.get(0);
				loadInput(x, i, inputs[0], first.inInterior(0), first.pw);
				for (int b = 0; b < blocks.size(); b++) {
					final ConvBlock block = blocks.get(b);
					if (b + 1 < blocks.size()) {
						final ConvBlock next = blocks.get(b + 1);
						block.infer(inputs[b], 0, scratch, inputs[b + 1], next.inInterior(0), next.pw);
					}
					else block.infer(inputs[b], 0, scratch, feat, 0, block.ow);
				}
				head.probabilities(feat, 0, p, 0);
				System.arraycopy(p, 0, probabilities, i * head.classes, head.classes);
			}
		});
		return probabilities;
	}

	/** Copies NCHW sample i of {@code x} into the interior of a padded NHWC image. */
	private void loadInput(final float[] x, final int i, final float[] dest, final int base,
		final int pw)
	{
		final int h = input.height(), w = input.width(), c = input.channels();
		final int src = i * c * h * w;
		for (int ch = 0; ch < c; ch++) {
			for (int y = 0; y < h; y++) {
				final int s = src + (ch * h + y) * w;
				final int d = base + y * pw * c + ch;
				for (int xi = 0; xi < w; xi++) dest[d + xi * c] = x[s + xi];
			}
		}
	}

	/** Number of threads that compute. */
	int threads() {
		return workers.threads();
	}

	@Override
	public void close() {
		workers.close();
	}
}
