package io.github.cnnclassifier.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The update rules of MATLAB's solvers, as DL4J applies them: L2 added to
 * the weights' gradients (not biases, not batch norm), then
 * sgdm {@code v = m v + lr g; w -= v}, adam (DL4J's bias correction) or
 * rmsprop {@code c = d c + (1-d) g^2; w -= lr g / (sqrt(c) + eps)}.
 */
final class Optimizer {

	/** The solvers, by MATLAB's names. */
	enum Rule {
		SGDM, ADAM, RMSPROP
	}

	private static final class Group {

		final float[] value, grad, s1, s2;
		final boolean decays;

		Group(final float[] value, final float[] grad, final boolean decays) {
			this.value = value;
			this.grad = grad;
			this.decays = decays;
			this.s1 = new float[value.length];
			this.s2 = new float[value.length];
		}
	}

	private final Rule rule;
	private final double learnRate, momentum, l2;
	private final List<Group> groups = new ArrayList<>();
	private int step;

	Optimizer(final Rule rule, final double learnRate, final double momentum,
		final double l2)
	{
		this.rule = rule;
		this.learnRate = learnRate;
		this.momentum = momentum;
		this.l2 = l2;
	}

	/** Adds parameters and their gradient; {@code decays}: L2 applies (weights). */
	void add(final float[] value, final float[] grad, final boolean decays) {
		groups.add(new Group(value, grad, decays));
	}

	/** One update of every parameter from its gradient. */
	void update() {
		step++;
		final double b1 = 0.9, b2 = 0.999, rmsDecay = 0.9, eps = 1e-8;
		final double alpha = learnRate * Math.sqrt(1 - Math.pow(b2, step)) / (1 - Math.pow(b1,
			step));
		for (final Group g : groups) {
			final float[] w = g.value, d = g.grad, s1 = g.s1, s2 = g.s2;
			final float decay = g.decays ? (float) l2 : 0;
			for (int i = 0; i < w.length; i++) {
				final float grad = d[i] + decay * w[i];
				switch (rule) {
					case SGDM:
						s1[i] = (float) (momentum * s1[i] + learnRate * grad);
						w[i] -= s1[i];
						break;
					case ADAM:
						s1[i] = (float) (b1 * s1[i] + (1 - b1) * grad);
						s2[i] = (float) (b2 * s2[i] + (1 - b2) * grad * grad);
						w[i] -= (float) (alpha * s1[i] / (Math.sqrt(s2[i]) + eps));
						break;
					default:
						s1[i] = (float) (rmsDecay * s1[i] + (1 - rmsDecay) * grad * grad);
						w[i] -= (float) (learnRate * grad / (Math.sqrt(s1[i]) + eps));
				}
			}
		}
	}
}
