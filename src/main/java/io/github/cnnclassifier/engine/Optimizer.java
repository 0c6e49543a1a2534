package io.github.cnnclassifier.engine;

import io.github.cnnclassifier.model.SgdMomentum;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The update rules of the updaters a DL4J network's layers are configured
 * with, as DL4J applies them: L2 added to the gradient of the parameters it
 * applies to, then sgdm ({@link SgdMomentum}: {@code v = m v + lr g; w -= v}),
 * sgd, Nesterov momentum, adam (DL4J's bias correction) or rmsprop
 * ({@code c = d c + (1-d) g^2; w -= lr g / (sqrt(c) + eps)}); no-op for
 * frozen layers. Learning rates are fixed: schedules are not modelled.
 */
final class Optimizer {

	private enum Rule {
		SGDM, SGD, NESTEROVS, ADAM, RMSPROP, NONE
	}

	/** One parameter array with its rule and state. */
	private static final class Slot {

		final Param param;
		final Rule rule;
		final double lr, m, b1, b2, eps;
		final float[] s1, s2;

		Slot(final Param param) {
			this.param = param;
			final IUpdater u = param.updater();
			if (u instanceof SgdMomentum s) {
				rule = Rule.SGDM;
				lr = s.getLearningRate();
				m = s.getMomentum();
				b1 = b2 = eps = 0;
			}
			else if (u instanceof Adam a) {
				rule = Rule.ADAM;
				lr = a.getLearningRate();
				b1 = a.getBeta1();
				b2 = a.getBeta2();
				eps = a.getEpsilon();
				m = 0;
			}
			else if (u instanceof RmsProp r) {
				rule = Rule.RMSPROP;
				lr = r.getLearningRate();
				m = r.getRmsDecay();
				eps = r.getEpsilon();
				b1 = b2 = 0;
			}
			else if (u instanceof Nesterovs n) {
				rule = Rule.NESTEROVS;
				lr = n.getLearningRate();
				m = n.getMomentum();
				b1 = b2 = eps = 0;
			}
			else if (u instanceof Sgd s) {
				rule = Rule.SGD;
				lr = s.getLearningRate();
				m = b1 = b2 = eps = 0;
			}
			else {
				rule = Rule.NONE;
				lr = m = b1 = b2 = eps = 0;
			}
			s1 = new float[rule == Rule.NONE || rule == Rule.SGD ? 0 : param.size()];
			s2 = new float[rule == Rule.ADAM ? param.size() : 0];
			// NB: as DL4J starts rmsprop's average of squares.
			if (rule == Rule.RMSPROP) java.util.Arrays.fill(s1, (float) eps);
		}
	}

	private final List<Slot> slots = new ArrayList<>();
	private int step;

	/**
	 * @param iterations iterations the network has been trained already (Adam's bias correction counts them)
	 */
	Optimizer(final List<Param> params, final int iterations) {
		for (final Param p : params) slots.add(new Slot(p));
		this.step = iterations;
	}

	/**
	 * Why the engine cannot apply {@code updater}, or null if it can: fixed
	 * learning rates of the updaters above only.
	 */
	static String unsupported(final IUpdater updater) {
		if (updater == null || updater instanceof NoOp) return null;
		if (!(updater instanceof SgdMomentum || updater instanceof Adam ||
			updater instanceof RmsProp || updater instanceof Nesterovs || updater instanceof Sgd))
		{
			return "updater " + updater.getClass().getSimpleName();
		}
		if (updater instanceof Adam a && a.getLearningRateSchedule() != null ||
			updater instanceof RmsProp r && r.getLearningRateSchedule() != null ||
			updater instanceof Nesterovs n && (n.getLearningRateSchedule() != null || n
				.getMomentumISchedule() != null) || updater instanceof Sgd s && s
					.getLearningRateSchedule() != null)
		{
			return "a learning rate schedule";
		}
		return null;
	}

	/** Iterations done, as DL4J counts them for Adam. */
	int iterations() {
		return step;
	}

	/**
	 * Copies the optimiser state held in the network's updater (momentum,
	 * moments) into the slots, so training continues where it stopped.
	 */
	void importState(final ComputationGraph net) {
		transfer(net, true);
	}

	/** Writes the slots' state into the network's updater, so a model file keeps it. */
	void exportState(final ComputationGraph net) {
		transfer(net, false);
	}

	/**
	 * NB: DL4J keeps one state array per block of parameters with the same
	 * updater; within it, each parameter's values lie in its own memory order
	 * (dense weights column-major), and its layout maps them to ours.
	 */
	private void transfer(final ComputationGraph net, final boolean in) {
		if (net.getUpdater() == null || net.getUpdater().getStateViewArray() == null) return;
		for (final UpdaterBlock block : net.getUpdater().getUpdaterBlocks()) {
			final Map<String, INDArray> state = block.getGradientUpdater().getState();
			if (state == null || state.isEmpty()) continue;
			for (final UpdaterBlock.ParamState ps : block.getLayersAndVariablesInBlock()) {
				final Slot slot = slot(ps.getLayer().getConfig().getLayerName(), ps.getParamName());
				if (slot == null || slot.rule == Rule.NONE || slot.rule == Rule.SGD) continue;
				final int from = ps.getParamOffsetStart() - block.getParamOffsetStart();
				final int length = ps.getParamOffsetEnd() - ps.getParamOffsetStart();
				final INDArray param = ps.getParamView();
				final String first = slot.rule == Rule.ADAM ? "M" : slot.rule == Rule.RMSPROP ? "G"
					: "V";
				copy(state.get(first), from, length, param, slot.param.layout(), slot.s1, in);
				if (slot.rule == Rule.ADAM) copy(state.get("V"), from, length, param, slot.param
					.layout(), slot.s2, in);
			}
		}
	}

	private static void copy(final INDArray state, final int from, final int length,
		final INDArray param, final Param.Layout layout, final float[] ours, final boolean in)
	{
		if (state == null) return;
		final INDArray region = state.reshape(state.length()).get(NDArrayIndex.interval(from,
			from + length));
		if (in) {
			final INDArray logical = Nd4j.create(region.dup().data().asFloat(), param.shape(), param
				.ordering());
			layout.toEngine(logical.dup('c').data().asFloat(), ours);
		}
		else {
			final float[] values = new float[length];
			layout.toDl4j(ours, values);
			final INDArray stored = Nd4j.create(values, param.shape(), 'c').dup(param.ordering());
			region.assign(Nd4j.create(stored.data().asFloat(), new long[] { length }, 'c'));
		}
	}

	private Slot slot(final String layer, final String key) {
		for (final Slot s : slots) {
			if (s.param.layer().equals(layer) && s.param.key().equals(key)) return s;
		}
		return null;
	}

	/** One update of every parameter from its gradient. */
	void update() {
		step++;
		for (final Slot s : slots) {
			final float[] w = s.param.value(), d = s.param.grad(), s1 = s.s1, s2 = s.s2;
			final float decay = (float) s.param.l2();
			final int n = s.param.size();
			switch (s.rule) {
				case SGDM:
					for (int i = 0; i < n; i++) {
						s1[i] = (float) (s.m * s1[i] + s.lr * (d[i] + decay * w[i]));
						w[i] -= s1[i];
					}
					break;
				case SGD:
					for (int i = 0; i < n; i++) w[i] -= (float) (s.lr * (d[i] + decay * w[i]));
					break;
				case NESTEROVS:
					for (int i = 0; i < n; i++) {
						final float previous = s1[i];
						s1[i] = (float) (s.m * previous - s.lr * (d[i] + decay * w[i]));
						w[i] += (float) (-s.m * previous + (1 + s.m) * s1[i]);
					}
					break;
				case ADAM: {
					final double alpha = s.lr * Math.sqrt(1 - Math.pow(s.b2, step)) / (1 - Math.pow(
						s.b1, step));
					for (int i = 0; i < n; i++) {
						final float g = d[i] + decay * w[i];
						s1[i] = (float) (s.b1 * s1[i] + (1 - s.b1) * g);
						s2[i] = (float) (s.b2 * s2[i] + (1 - s.b2) * g * g);
						w[i] -= (float) (alpha * s1[i] / (Math.sqrt(s2[i]) + s.eps));
					}
					break;
				}
				case RMSPROP:
					for (int i = 0; i < n; i++) {
						final float g = d[i] + decay * w[i];
						s1[i] = (float) (s.m * s1[i] + (1 - s.m) * g * g);
						w[i] -= (float) (s.lr * g / (Math.sqrt(s1[i]) + s.eps));
					}
					break;
				default:
			}
		}
	}
}
