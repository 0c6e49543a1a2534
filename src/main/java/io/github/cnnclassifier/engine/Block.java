package io.github.cnnclassifier.engine;

import io.github.cnnclassifier.model.ParamSource;

import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step of a {@link Plan}: one layer of the DL4J network, or a few fused
 * (convolution, batch norm, activation, pooling), computed on NHWC batches.
 * A block reads its input tensors and writes its output tensor in the
 * arrays of a {@link Batch}; it holds its own parameters, gradients and
 * per-batch buffers, and moves parameters from and to the DL4J network.
 * Not thread-safe: its methods run the batch's worker threads themselves.
 */
abstract class Block {

	/** The DL4J layers (graph vertices) this block computes, in order; the last one names its output. */
	final List<String> layers;
	final Tensor[] inputs;
	final Tensor out;
	/** Frozen: parameters never change and batch norm uses its running statistics. */
	boolean frozen;

	Block(final List<String> layers, final Tensor[] inputs, final Tensor out) {
		this.layers = List.copyOf(layers);
		this.inputs = inputs;
		this.out = out;
	}

	/** The name users address its output by: its last layer. */
	final String name() {
		return layers.get(layers.size() - 1);
	}

	/** Parameters with their gradients, for the optimiser; none by default. */
	List<Param> params() {
		return List.of();
	}

	/** Per-batch buffers for up to {@code n} images. */
	void allocate(final int n) {}

	/**
	 * The forward pass of {@code n} images: with {@code training} batch
	 * statistics and dropout (unless frozen), else as in inference.
	 */
	abstract void forward(Batch batch, int n, boolean training);

	/**
	 * The backward pass of {@code n} images after {@link #forward}: from the
	 * gradient at its output, its parameters' gradients (unless frozen) and,
	 * where {@link Batch#wantsGradient} says, its inputs' gradients.
	 */
	abstract void backward(Batch batch, int n);

	/** Floating-point operations of one image's forward pass (multiply-adds count two); 0 where negligible. */
	double flops() {
		return 0;
	}

	/** Floats of per-thread scratch {@link #infer} needs. */
	int scratch() {
		return 0;
	}

	/** Readies what {@link #infer} reads (e.g. folded weights), before images are inferred in parallel. */
	void prepareInference() {}

	/** Inference of image {@code i} in {@code acts} (one array per tensor id), with running statistics. */
	abstract void infer(float[][] acts, int i, float[] scratch);

	/**
	 * {@link #infer} in plain loops, for an inference too small to be worth
	 * the vector kernels' warm-up ({@link Plan#plain(int)}): the same values
	 * to the bit for finite inputs. By default {@link #infer}, for blocks whose work is light.
	 */
	void inferPlain(final float[][] acts, final int i, final float[] scratch) {
		infer(acts, i, scratch);
	}

	/** Copies its parameters (and running statistics, where it has them) from the network. */
	void importFrom(final ParamSource params) {
		for (final Param p : params()) p.layout().toEngine(params.values(p.layer(), p.key()), p
			.value());
	}

	/** Writes its parameters (and running statistics) back into the network. */
	void exportTo(final ComputationGraph net) {
		for (final Param p : params()) {
			final INDArray target = net.getLayer(p.layer()).getParam(p.key());
			final float[] values = new float[(int) target.length()];
			p.layout().toDl4j(p.value(), values);
			Dl4jParams.assign(target, values);
		}
	}

	/** Refreshes what is derived from the parameters, after they changed. */
	void weightsChanged() {}

	@Override
	public String toString() {
		return getClass().getSimpleName() + layers + " -> " + out;
	}
}
