package io.github.cnnclassifier.engine;

import io.github.cnnclassifier.model.Nd4jBackend;
import io.github.cnnclassifier.tensor.InputShape;

import java.util.Arrays;
import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The reference path: DL4J's own layers (and whatever ND4J backend is loaded, GPU included). */
final class Dl4jRunner implements Runner {

	private final ComputationGraph net;
	private final long[] inputShape;
	private final String why;

	/** @param why why the vector engine does not compute this network, for the log; null if by choice */
	Dl4jRunner(final ComputationGraph net, final InputShape shape, final String why) {
		this.net = net;
		this.inputShape = new long[] { 0, shape.channels(), shape.height(), shape.width() };
		this.why = why;
	}

	@Override
	public double[] fit(final float[] x, final int[] labels, final int n,
		final boolean measure)
	{
		final int classes = classes();
		final float[] y = new float[n * classes];
		for (int i = 0; i < n; i++) y[i * classes + labels[i]] = 1;
		final INDArray features = features(x, n);
		net.fit(new DataSet(features, Nd4j.create(y, new long[] { n, classes }, 'c')));
		double correct = Double.NaN;
		if (measure) {
			final float[] p = output(x, n);
			correct = 0;
			for (int i = 0; i < n; i++) {
				if (Runner.argmax(p, i * classes, classes) == labels[i]) correct++;
			}
		}
		return new double[] { net.score(), correct };
	}

	private int classes() {
		return (int) net.getOutputLayer(0).getParam("b").length();
	}

	@Override
	public float[] output(final float[] x, final int n) {
		return net.output(false, features(x, n))[0].dup('c').data().asFloat();
	}

	@Override
	public float[] activations(final String layer, final float[] x, final int n) {
		if (net.getVertex(layer) == null) {
			throw new IllegalArgumentException("The network has no layer " + layer);
		}
		// NB: not feedForward(): its map holds arrays that later in-place activations
		// overwrite; and output(layers) leaves a workspace open (DL4J M2.1) unless none is used.
		final ComputationGraphConfiguration conf = net.getConfiguration();
		final WorkspaceMode mode = conf.getInferenceWorkspaceMode();
		conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
		try {
			return net.output(List.of(layer), false, new INDArray[] { features(x, n) }, null)[0]
				.dup('c').data().asFloat();
		}
		finally {
			conf.setInferenceWorkspaceMode(mode);
		}
	}

	@Override
	public float[][] gradient(final String layer, final float[] x, final int n,
		final int[] classes)
	{
		throw new IllegalStateException("Gradients of class scores need the vector engine, " +
			"which does not compute " + (why == null ? "with cnnclassifier.engine=dl4j" : why) +
			"; use occlusion instead.");
	}

	private INDArray features(final float[] x, final int n) {
		final long[] shape = inputShape.clone();
		shape[0] = n;
		final long size = shape[1] * shape[2] * shape[3] * n;
		final float[] data = x.length == size ? x : Arrays.copyOf(x, (int) size);
		return Nd4j.create(data, shape, 'c');
	}

	@Override
	public void sync() {}

	@Override
	public String description() {
		return "DL4J layers on " + Nd4jBackend.describe() + (why == null ? "" :
			" (the vector engine does not compute " + why + ")");
	}

	@Override
	public String id() {
		return "dl4j-" + Nd4j.getBackend().getClass().getSimpleName();
	}

	@Override
	public void close() {}
}
