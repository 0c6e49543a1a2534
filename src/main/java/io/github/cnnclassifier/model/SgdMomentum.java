package io.github.cnnclassifier.model;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Stochastic gradient descent with classical (heavy-ball) momentum, as
 * MATLAB's 'sgdm' and PyTorch's {@code SGD(momentum=m)}:
 * {@code v = m v + lr g; w = w - v}.
 * <p>
 * NB: DL4J ships only Nesterov momentum ({@code Nesterovs}), which takes
 * different steps. DL4J writes an updater into the model's JSON by class name,
 * so this class must keep its name, package and bean properties.
 * </p>
 */
public final class SgdMomentum implements IUpdater {

	private double learningRate = 0.01;
	private double momentum = 0.9;

	/** For DL4J's JSON reader. */
	public SgdMomentum() {}

	public SgdMomentum(final double learningRate, final double momentum) {
		this.learningRate = learningRate;
		this.momentum = momentum;
	}

	public double getLearningRate() {
		return learningRate;
	}

	public void setLearningRate(final double learningRate) {
		this.learningRate = learningRate;
	}

	public double getMomentum() {
		return momentum;
	}

	public void setMomentum(final double momentum) {
		this.momentum = momentum;
	}

	@Override
	public long stateSize(final long numParams) {
		return numParams;
	}

	@Override
	public GradientUpdater instantiate(final INDArray viewArray,
		final boolean initializeViewArray)
	{
		final Updater u = new Updater(this);
		final INDArray flat = viewArray.reshape(viewArray.length());
		u.setStateViewArray(flat, flat.shape(), flat.ordering(), initializeViewArray);
		return u;
	}

	@Override
	public GradientUpdater instantiate(final Map<String, INDArray> updaterState,
		final boolean initializeStateArrays)
	{
		final Updater u = new Updater(this);
		u.setState(updaterState, initializeStateArrays);
		return u;
	}

	@Override
	public SgdMomentum clone() {
		return new SgdMomentum(learningRate, momentum);
	}

	@Override
	public double getLearningRate(final int iteration, final int epoch) {
		return learningRate;
	}

	@Override
	public boolean hasLearningRate() {
		return true;
	}

	@Override
	public void setLrAndSchedule(final double lr, final ISchedule lrSchedule) {
		if (lrSchedule != null) {
			throw new UnsupportedOperationException("SgdMomentum has no learning rate schedules");
		}
		this.learningRate = lr;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof SgdMomentum)) return false;
		final SgdMomentum s = (SgdMomentum) o;
		return learningRate == s.learningRate && momentum == s.momentum;
	}

	@Override
	public int hashCode() {
		return Objects.hash(learningRate, momentum);
	}

	@Override
	public String toString() {
		return "SgdMomentum(learningRate=" + learningRate + ", momentum=" + momentum + ")";
	}

	/** The state (velocity) and step of one parameter block. */
	private static final class Updater implements GradientUpdater<SgdMomentum> {

		private static final String V_STATE = "V";
		private final SgdMomentum config;
		private INDArray v;

		Updater(final SgdMomentum config) {
			this.config = config;
		}

		@Override
		public SgdMomentum getConfig() {
			return config;
		}

		@Override
		public void setState(final Map<String, INDArray> stateMap, final boolean initialize) {
			if (!stateMap.containsKey(V_STATE) || stateMap.size() != 1) {
				throw new IllegalStateException("State map should hold only " + V_STATE +
					", has " + stateMap.keySet());
			}
			v = stateMap.get(V_STATE);
			if (initialize) v.assign(0);
		}

		@Override
		public Map<String, INDArray> getState() {
			return Collections.singletonMap(V_STATE, v);
		}

		@Override
		public void setStateViewArray(final INDArray viewArray, final long[] gradientShape,
			final char gradientOrder, final boolean initialize)
		{
			if (initialize) viewArray.assign(0);
			v = Shape.newShapeNoCopy(viewArray, gradientShape, gradientOrder == 'f');
			if (v == null) throw new IllegalStateException("Cannot reshape the momentum state");
		}

		@Override
		public void applyUpdater(final INDArray gradient, final int iteration, final int epoch) {
			final INDArray g = gradient.reshape(v.shape());
			// NB: DL4J subtracts what is left in the gradient: v = m v + lr g, then g := v.
			v.muli(config.momentum).addi(g.muli(config.learningRate));
			g.assign(v);
		}
	}
}
