package io.github.cnnclassifier.engine;

import io.github.cnnclassifier.model.Nd4jBackend;
import io.github.cnnclassifier.tensor.InputShape;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Computes a fixed network in this JVM's vector width ({@code -Dcnnclassifier.lanes}):
 * its outputs, a layer's activations, and its parameters after two training
 * steps, written as floats to the file named by the first argument.
 */
public final class LanesProbe {

	static final String SPEC = "conv3x3x20 bn relu res[conv3x3x20 bn relu conv3x3x20 bn] relu " +
		"maxpool2 conv3x3x12s2 bn leakyrelu gap fc9 relu";
	static final InputShape SHAPE = new InputShape(12, 12, 3);

	private LanesProbe() {}

	public static void main(final String[] args) throws IOException {
		Nd4jBackend.load();
		final EngineReference r = new EngineReference(SPEC, SHAPE);
		final ComputationGraph net = r.network(21);
		try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(Paths.get(
			args[0]))))
		{
			out.writeInt(Kernels.L);
			try (Plan plan = r.plan(net, 2)) {
				write(out, plan.output(r.x.clone(), r.n));
				write(out, plan.activations("relu_2", r.x.clone(), r.n));
				plan.optimizer(new Optimizer(plan.trainableParams(), 0));
				plan.fit(r.x.clone(), r.labels, r.n);
				plan.fit(r.x.clone(), r.labels, r.n);
				plan.exportTo(net);
			}
			catch (final IllegalArgumentException e) {
				throw new IllegalStateException(e);
			}
			write(out, net.params().toFloatVector());
		}
	}

	private static void write(final DataOutputStream out, final float[] values)
		throws IOException
	{
		out.writeInt(values.length);
		for (final float v : values) out.writeFloat(v);
	}
}
