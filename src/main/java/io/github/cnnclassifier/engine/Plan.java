package io.github.cnnclassifier.engine;

import io.github.cnnclassifier.model.ParamSource;
import io.github.cnnclassifier.tensor.InputShape;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A DL4J network as the engine computes it: tensors (the layers' outputs,
 * NHWC) and the blocks between them in topological order, the
 * {@link SoftmaxHead} last. {@link PlanBuilder} makes it from a network's
 * configuration and copies the parameters in; {@link #exportTo} writes them
 * back into the DL4J network. Mini-batches
 * are split over the worker threads by image. Not thread-safe: one plan per
 * thread; {@link #close()} ends its threads.
 */
final class Plan implements AutoCloseable {

	final InputShape shape;
	final Tensor input;
	final List<Tensor> tensors;
	final List<Block> blocks;
	final SoftmaxHead head;
	private final Workers workers;
	private final Batch batch;
	/** Blocks that run backward: trainable ones, and those a gradient must pass through. */
	private final boolean[] backward;
	private Optimizer optimizer;
	/** Per thread, one image's arrays of every tensor and scratch, for inference; made once. */
	private float[][][] inferActs;
	private float[][] inferScratch;

	/** The tensor {@link #gradient} differentiates with respect to, or null for a plan that trains. */
	private final Tensor probe;

	/**
	 * @param probe for a plan that computes {@link #gradient}s with respect to
	 *          this tensor (all blocks then compute as frozen: inference mode,
	 *          no parameter gradients), or null for a plan that trains
	 */
	Plan(final InputShape shape, final Tensor input, final List<Tensor> tensors,
		final List<Block> blocks, final Workers workers, final Tensor probe)
	{
		this.shape = shape;
		this.input = input;
		this.tensors = List.copyOf(tensors);
		this.blocks = List.copyOf(blocks);
		this.head = (SoftmaxHead) blocks.get(blocks.size() - 1);
		this.workers = workers;
		this.probe = probe;
		final boolean[] wants = new boolean[tensors.size()];
		if (probe != null) {
			for (final Block b : blocks) b.frozen = true;
			wants[probe.id] = true;
		}
		this.backward = new boolean[blocks.size()];
		for (int b = 0; b < blocks.size(); b++) {
			final Block block = blocks.get(b);
			final boolean trainable = !block.frozen && !block.params().isEmpty();
			boolean upstream = false;
			for (final Tensor in : block.inputs) upstream |= wants[in.id];
			backward[b] = trainable || upstream;
			wants[block.out.id] |= backward[b];
		}
		this.batch = new Batch(workers, tensors, wants);
	}

	/** Number of threads that compute. */
	int threads() {
		return workers.threads();
	}

	/** Copies the network's parameters and running statistics into the blocks. */
	void importFrom(final ParamSource params) {
		for (final Block b : blocks) {
			b.importFrom(params);
			b.weightsChanged();
		}
	}

	/** Writes the parameters and running statistics back into the network. */
	void exportTo(final ComputationGraph net) {
		for (final Block b : blocks) b.exportTo(net);
	}

	/** The parameters of the blocks that train (not frozen). */
	List<Param> trainableParams() {
		final List<Param> params = new ArrayList<>();
		for (final Block b : blocks) {
			if (!b.frozen) params.addAll(b.params());
		}
		return params;
	}

	/** Sets the optimiser {@link #fit} uses. */
	void optimizer(final Optimizer o) {
		optimizer = o;
	}

	Optimizer optimizer() {
		return optimizer;
	}

	private void ensure(final int n) {
		if (batch.ensure(n)) {
			for (final Block b : blocks) b.allocate(batch.capacity());
		}
	}

	/**
	 * One training iteration on {@code n} normalised NCHW samples in {@code x}
	 * with their class indices: forward, backward, update. Returns {mean loss,
	 * correct predictions}, both measured before the update.
	 */
	double[] fit(final float[] x, final int[] labels, final int n) {
		return fit(x, labels, n, null);
	}

	/** {@link #fit}, adding each block's forward and backward time to {@code nanos[block]} (if not null). */
	double[] fit(final float[] x, final int[] labels, final int n, final long[] nanos) {
		if (optimizer == null) throw new IllegalStateException("Set an optimizer first");
		ensure(n);
		load(x, n);
		for (int b = 0; b < blocks.size(); b++) {
			final long t0 = System.nanoTime();
			blocks.get(b).forward(batch, n, true);
			if (nanos != null) nanos[b] += System.nanoTime() - t0;
		}
		batch.newBackward();
		final long t0 = System.nanoTime();
		final double[] lossAndHits = head.loss(batch, labels, n);
		if (nanos != null) nanos[blocks.size() - 1] += System.nanoTime() - t0;
		for (int b = blocks.size() - 2; b >= 0; b--) {
			if (!backward[b]) continue;
			final long t1 = System.nanoTime();
			blocks.get(b).backward(batch, n);
			if (nanos != null) nanos[b] += System.nanoTime() - t1;
		}
		optimizer.update();
		for (final Block b : blocks) b.weightsChanged();
		return lossAndHits;
	}

	/** Copies {@code n} NCHW samples into the input tensor's padded NHWC images. */
	private void load(final float[] x, final int n) {
		final float[] dest = batch.act(input);
		workers.run(n, t -> {
			for (int i = workers.from(t, n); i < workers.to(t, n); i++) loadInput(x, i, dest, i);
		});
	}

	private void loadInput(final float[] x, final int i, final float[] dest, final int slot) {
		final int h = shape.height(), w = shape.width(), c = shape.channels();
		final int src = i * c * h * w, base = input.at(slot);
		for (int ch = 0; ch < c; ch++) {
			for (int y = 0; y < h; y++) {
				final int s = src + (ch * h + y) * w;
				final int d = base + input.pixel(y, 0) + ch;
				for (int xi = 0; xi < w; xi++) dest[d + xi * input.cs] = x[s + xi];
			}
		}
	}

	/**
	 * In inference mode, the output of the probed layer for {@code n}
	 * normalised NCHW samples and the gradient of each sample's class score
	 * (the logit of {@code classes[i]}, before softmax) with respect to it:
	 * {activations, gradients}, both NCHW (c x h x w per sample).
	 */
	float[][] gradient(final float[] x, final int n, final int[] classes) {
		if (probe == null) throw new IllegalStateException("Not a plan for gradients");
		ensure(n);
		load(x, n);
		for (final Block b : blocks) b.forward(batch, n, false);
		batch.newBackward();
		head.logitGradient(batch, classes, n);
		for (int b = blocks.size() - 2; b >= 0; b--) {
			if (backward[b]) blocks.get(b).backward(batch, n);
		}
		return new float[][] { nchw(probe, batch.act(probe), n), nchw(probe, batch.grad(probe),
			n) };
	}

	/** The values of {@code n} images of tensor {@code t} in {@code a}, NCHW. */
	private static float[] nchw(final Tensor t, final float[] a, final int n) {
		final int size = t.values();
		final float[] values = new float[n * size];
		for (int i = 0; i < n; i++) copyOut(t, a, i, values, i * size);
		return values;
	}

	/** Image i of tensor {@code t} in {@code a} into {@code values} from {@code at}, NCHW. */
	private static void copyOut(final Tensor t, final float[] a, final int i,
		final float[] values, final int at)
	{
		for (int y = 0; y < t.h; y++) {
			for (int xx = 0; xx < t.w; xx++) {
				final int s = t.at(i) + t.pixel(y, xx);
				for (int c = 0; c < t.c; c++) values[at + (c * t.h + y) * t.w + xx] = a[s + c];
			}
		}
	}

	/** Class probabilities of {@code n} normalised NCHW samples, row after row (inference). */
	float[] output(final float[] x, final int n) {
		return output(x, n, plain(n));
	}

	/** {@link #output(float[], int)} in the plain loops or the vector kernels: the same values. */
	float[] output(final float[] x, final int n, final boolean plain) {
		final int classes = head.classes;
		final float[] probabilities = new float[n * classes];
		infer(x, n, plain, (i, acts) -> System.arraycopy(acts[head.out.id], head.out.at(0),
			probabilities, i * classes, classes));
		return probabilities;
	}

	/**
	 * The output of layer {@code layer} (a tensor of this plan) for {@code n}
	 * normalised NCHW samples, in inference, as NCHW values: c x h x w per sample.
	 *
	 * @throws IllegalArgumentException if no tensor of this plan is that layer's output
	 */
	float[] activations(final String layer, final float[] x, final int n) {
		final Tensor t = tensor(layer);
		final int size = t.values();
		final float[] values = new float[n * size];
		infer(x, n, plain(n), (i, acts) -> copyOut(t, acts[t.id], 0, values, i * size));
		return values;
	}

	/** Whether the output of {@code layer} is a tensor of this plan (not fused away). */
	boolean has(final String layer) {
		return tensors.stream().anyMatch(t -> t.name.equals(layer));
	}

	/** The tensor holding the output of {@code layer}. */
	Tensor tensor(final String layer) {
		for (final Tensor t : tensors) {
			if (t.name.equals(layer)) return t;
		}
		throw new IllegalArgumentException("No output of layer " + layer + " in this plan");
	}

	private interface ImageResult {

		void accept(int image, float[][] acts);
	}

	/** Runs every image through all blocks on its thread, with one image's arrays per thread. */
	private void infer(final float[] x, final int n, final boolean plain,
		final ImageResult result)
	{
		if (inferActs == null) {
			int scratch = 0;
			for (final Block b : blocks) scratch = Math.max(scratch, b.scratch());
			inferActs = new float[workers.threads()][tensors.size()][];
			inferScratch = new float[workers.threads()][scratch];
			for (final float[][] acts : inferActs) {
				for (final Tensor tensor : tensors) acts[tensor.id] = new float[tensor.imageSize()];
			}
		}
		for (final Block b : blocks) b.prepareInference();
		INFERRED.add(n * flops());
		workers.run(n, t -> {
			final float[][] acts = inferActs[t];
			for (int i = workers.from(t, n); i < workers.to(t, n); i++) {
				loadInput(x, i, acts[input.id], 0);
				for (final Block b : blocks) {
					if (plain) b.inferPlain(acts, 0, inferScratch[t]);
					else b.infer(acts, 0, inferScratch[t]);
				}
				result.accept(i, acts);
			}
		});
	}

	/**
	 * Whether an inference of {@code n} images takes the plain loops
	 * ({@link Block#inferPlain}) rather than the vector kernels: while it is
	 * small and this JVM has inferred little.
	 * <p>
	 * NB: the vector kernels run as slow Java code until C2 has compiled them:
	 * a macro classifying 28x28 images one call at a time paid 0.2–0.3 s for
	 * its first hundred (measured). The plain loops compile in milliseconds but
	 * stay slower (168 against 24 µs for a 28x28 image of the lecture CNN), so
	 * they are rented, not bought: once this JVM's inferences have cost about
	 * what the vector kernels' warm-up does, small ones take the vector kernels too.
	 * </p>
	 */
	boolean plain(final int n) {
		return plain(n * flops(), INFERRED.sum());
	}

	/**
	 * {@link #plain(int)} for an inference of {@code flops} in a JVM that has
	 * inferred {@code inferred} floating-point operations.
	 */
	static boolean plain(final double flops, final double inferred) {
		return flops <= PLAIN_FLOPS && inferred < PLAIN_BUDGET;
	}

	/** The most floating-point operations of an inference for the plain loops: a few small images. */
	static final double PLAIN_FLOPS = 10e6;

	/**
	 * Floating-point operations this JVM infers before small inferences take
	 * the vector kernels: about a thousand 28x28 images of the lecture CNN,
	 * 0.2 s in the plain loops.
	 */
	static final double PLAIN_BUDGET = 1e9;

	/** Floating-point operations inferred by every plan of this JVM. */
	private static final DoubleAdder INFERRED = new DoubleAdder();

	/** Floating-point operations of one image's forward pass. */
	double flops() {
		double sum = 0;
		for (final Block b : blocks) sum += b.flops();
		return sum;
	}

	@Override
	public void close() {
		workers.close();
	}
}
