package io.github.cnnclassifier.engine;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The reference path: DL4J's own layers (and whatever ND4J backend is loaded, GPU included). */
final class Dl4jRunner implements Runner {

	private final MultiLayerNetwork net;
	private final long[] inputShape;

	/** @param chw channels, height, width of one sample */
	Dl4jRunner(final MultiLayerNetwork net, final int[] chw) {
		this.net = net;
		this.inputShape = new long[] { 0, chw[0], chw[1], chw[2] };
	}

	@Override
	public double[] fit(final float[] x, final int[] labels, final int n,
		final boolean measure)
	{
		final int classes = (int) net.layerSize(net.getnLayers() - 1);
		final float[] y = new float[n * classes];
		for (int i = 0; i < n; i++) y[i * classes + labels[i]] = 1;
		final INDArray features = features(x, n);
		net.fit(new DataSet(features, Nd4j.create(y, new long[] { n, classes }, 'c')));
		double correct = Double.NaN;
		if (measure) {
			final float[] p = net.output(features, false).dup('c').data().asFloat();
			correct = 0;
			for (int i = 0; i < n; i++) {
				int best = 0;
				for (int k = 1; k < classes; k++) {
					if (p[i * classes + k] > p[i * classes + best]) best = k;
				}
				if (best == labels[i]) correct++;
			}
		}
		return new double[] { net.score(), correct };
	}

	@Override
	public float[] output(final float[] x, final int n) {
		return net.output(features(x, n), false).dup('c').data().asFloat();
	}

	private INDArray features(final float[] x, final int n) {
		final long[] shape = inputShape.clone();
		shape[0] = n;
		final long size = shape[1] * shape[2] * shape[3] * n;
		final float[] data = x.length == size ? x : java.util.Arrays.copyOf(x, (int) size);
		return Nd4j.create(data, shape, 'c');
	}

	@Override
	public void sync() {}

	@Override
	public String description() {
		return "DL4J layers on " + io.github.cnnclassifier.model.Nd4jBackend.describe();
	}

	@Override
	public String id() {
		return "dl4j-" + org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName();
	}

	@Override
	public void close() {}
}
