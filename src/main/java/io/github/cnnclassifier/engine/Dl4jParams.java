package io.github.cnnclassifier.engine;

import java.util.Arrays;

import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Moves parameters between DL4J's arrays and the engine's float arrays. */
final class Dl4jParams {

	private Dl4jParams() {}

	/** The values in row-major ('c') order, whatever DL4J's storage order. */
	static float[] values(final INDArray a) {
		return a.dup('c').data().asFloat();
	}

	/** Copies the values of {@code a} to the start of {@code to}. */
	static void copy(final INDArray a, final float[] to) {
		final float[] v = values(a);
		System.arraycopy(v, 0, to, 0, v.length);
	}

	/** NB: takes the first param.length() values, leaving out the extra vector lanes. */
	static void assign(final INDArray param, final float[] values) {
		param.assign(Nd4j.create(Arrays.copyOf(values, (int) param.length()), param.shape(),
			'c'));
	}

	/** The running statistics of a DL4J batch norm layer into {@code stage}. */
	static void importStatistics(final Layer bn, final Stage stage) {
		copy(bn.getParam("mean"), stage.runMean);
		final INDArray log10std = bn.getParam("log10stdev");
		if (log10std == null) copy(bn.getParam("var"), stage.runVar);
		else {
			final float[] v = values(log10std);
			for (int c = 0; c < v.length; c++) stage.runVar[c] = (float) Math.pow(10, 2 * v[c]);
		}
	}

	/** The reverse of {@link #importStatistics}. */
	static void exportStatistics(final Layer bn, final Stage stage) {
		assign(bn.getParam("mean"), stage.runMean);
		if (bn.getParam("log10stdev") != null) {
			final float[] log10std = new float[stage.c];
			for (int c = 0; c < stage.c; c++) {
				log10std[c] = (float) (0.5 * Math.log10(stage.runVar[c]));
			}
			assign(bn.getParam("log10stdev"), log10std);
		}
		else assign(bn.getParam("var"), stage.runVar);
	}
}
