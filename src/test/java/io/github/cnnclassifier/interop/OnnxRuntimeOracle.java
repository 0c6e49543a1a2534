package io.github.cnnclassifier.interop;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import io.github.cnnclassifier.tensor.InputShape;

import java.nio.FloatBuffer;
import java.util.Map;

/** ONNX Runtime (test scope only) as the oracle: what an ONNX file computes elsewhere. */
public final class OnnxRuntimeOracle {

	private OnnxRuntimeOracle() {}

	/** The output rows of the ONNX model {@code onnx} for {@code count} normalised samples of {@code shape}. */
	public static float[][] run(final byte[] onnx, final float[] x, final int count,
		final InputShape shape) throws OrtException
	{
		final OrtEnvironment env = OrtEnvironment.getEnvironment();
		try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
			options.setIntraOpNumThreads(1);
			try (OrtSession session = env.createSession(onnx, options);
				OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x, 0, count * shape
					.size()), new long[] { count, shape.channels(), shape.height(), shape.width() });
				OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator()
					.next(), input)))
			{
				return (float[][]) result.get(0).getValue();
			}
		}
	}
}
