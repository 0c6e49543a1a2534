package io.github.cnnclassifier.engine;

import io.github.cnnclassifier.model.ParamSource;

import java.util.Arrays;

import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Moves parameters between DL4J's arrays and the engine's float arrays. */
final class Dl4jParams {

	private Dl4jParams() {}


	/** NB: takes the first param.length() values, leaving out the extra vector lanes. */
	static void assign(final INDArray param, final float[] values) {
		param.assign(Nd4j.create(Arrays.copyOf(values, (int) param.length()), param.shape(),
			'c'));
	}

	/** The running statistics of batch norm layer {@code bn} into {@code stage}. */
	static void importStatistics(final ParamSource params, final String bn, final Stage stage) {
		final float[] mean = params.values(bn, "mean");
		System.arraycopy(mean, 0, stage.runMean, 0, mean.length);
		final float[] log10std = params.values(bn, "log10stdev");
		if (log10std == null) {
			final float[] var = params.values(bn, "var");
			System.arraycopy(var, 0, stage.runVar, 0, var.length);
		}
		else {
			for (int c = 0; c < log10std.length; c++) {
				stage.runVar[c] = (float) Math.pow(10, 2 * log10std[c]);
			}
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
