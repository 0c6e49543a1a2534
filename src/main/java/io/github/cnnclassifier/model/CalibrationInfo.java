package io.github.cnnclassifier.model;

/**
 * The temperature fitted to the validation images after training, and the
 * expected calibration error (15 bins) and negative log-likelihood there
 * before and after it.
 */
public record CalibrationInfo(double temperature, int images, double eceBefore,
	double eceAfter, double nllBefore, double nllAfter)
{

	/**
	 * Calibrates softmax probabilities in place, row after row: softmax(z / T)
	 * is p^(1/T) normalised, so the logits are not needed.
	 */
	public void apply(final float[] p, final int classes) {
		if (temperature == 1 || !(temperature > 0)) return;
		for (int row = 0; row + classes <= p.length; row += classes) {
			double max = 0;
			for (int k = row; k < row + classes; k++) max = Math.max(max, p[k]);
			if (max <= 0) continue;
			double sum = 0;
			final double[] q = new double[classes];
			for (int k = 0; k < classes; k++) {
				// NB: relative to the largest, so that tiny probabilities do not underflow.
				q[k] = Math.pow(p[row + k] / max, 1 / temperature);
				sum += q[k];
			}
			for (int k = 0; k < classes; k++) p[row + k] = (float) (q[k] / sum);
		}
	}
}
