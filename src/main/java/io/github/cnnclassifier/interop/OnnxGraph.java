package io.github.cnnclassifier.interop;

import io.github.cnnclassifier.model.Versions;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import onnx.Onnx;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

/** Builds an ONNX classifier graph: float nodes and initializers, one image input, one vector output. */
final class OnnxGraph {

	/** The opset written: 13, which every current runtime (and deepImageJ's) reads. */
	static final int OPSET = 13;

	private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder().setName(
		"cnn-classifier");
	private final Set<String> names = new HashSet<>();

	/** Adds a node of {@code op}; returns the name of its output, {@code name} made unique. */
	String node(final String op, final List<String> inputs, final String name,
		final Map<String, ?> attributes)
	{
		final String out = unique(name);
		final NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out)
			.addAllInput(inputs).addOutput(out);
		for (final Map.Entry<String, ?> a : attributes.entrySet()) {
			n.addAttribute(attribute(a.getKey(), a.getValue()));
		}
		graph.addNode(n);
		return out;
	}

	/** Adds a constant float tensor of the array's shape and values; returns its name. */
	String initializer(final String name, final INDArray a) {
		return tensor(name, a.shape(), floats(a));
	}

	/** Adds a constant float vector; returns its name. */
	String vector(final String name, final float[] values) {
		return tensor(name, new long[] { values.length }, values);
	}

	private String tensor(final String name, final long[] dims, final float[] values) {
		final String n = unique(name);
		final ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(
			ByteOrder.LITTLE_ENDIAN);
		raw.asFloatBuffer().put(values);
		final TensorProto.Builder t = TensorProto.newBuilder().setName(n).setDataType(
			TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(raw.array()));
		for (final long d : dims) t.addDims(d);
		graph.addInitializer(t);
		return n;
	}

	/**
	 * The model: input {@code [batch, channels, height, width]}, output
	 * {@code [batch, classes]}, the batch axis named and free.
	 */
	Onnx.ModelProto model(final String input, final long channels, final long height,
		final long width, final String output, final long classes)
	{
		graph.addInput(value(input, channels, height, width));
		graph.addOutput(value(output, classes));
		return Onnx.ModelProto.newBuilder().setIrVersion(7).setProducerName("CNN Classifier")
			.setProducerVersion(Versions.pomVersion(Versions.class,
				"io.github.cnnclassifier", "CNN_Classifier")).addOpsetImport(Onnx.OperatorSetIdProto
				.newBuilder().setDomain("").setVersion(OPSET)).setGraph(graph).build();
	}

	private static ValueInfoProto value(final String name, final long... dims) {
		final TensorShapeProto.Builder shape = TensorShapeProto.newBuilder().addDim(
			TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
		for (final long d : dims) shape.addDim(TensorShapeProto.Dimension.newBuilder()
			.setDimValue(d));
		return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
			.setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT
				.getNumber()).setShape(shape))).build();
	}

	private static AttributeProto attribute(final String name, final Object v) {
		final AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
		if (v instanceof Long l) a.setType(AttributeProto.AttributeType.INT).setI(l);
		else if (v instanceof Float f) a.setType(AttributeProto.AttributeType.FLOAT).setF(f);
		else if (v instanceof long[] ls) {
			a.setType(AttributeProto.AttributeType.INTS);
			for (final long l : ls) a.addInts(l);
		}
		else throw new IllegalArgumentException("attribute " + name + ": " + v);
		return a.build();
	}

	private String unique(final String name) {
		String n = name;
		for (int i = 2; !names.add(n); i++) n = name + "_" + i;
		return n;
	}

	/** The values of {@code a} in row-major order, as floats. */
	static float[] floats(final INDArray a) {
		return a.dup('c').castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).data().asFloat();
	}
}
