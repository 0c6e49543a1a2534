package io.github.cnnclassifier.transfer;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.Memory;
import io.github.cnnclassifier.model.ModelException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * Bounds what a Keras model configuration makes Deeplearning4j allocate,
 * before it allocates: each layer's parameters against the weights the file
 * stores for it, and parameters and the largest activation of one image
 * against the Java heap.
 * <p>
 * NB: the sizes come from DL4J's own configuration of the model (the numbers
 * its import then allocates), built from the JSON alone, which allocates
 * nothing in proportion to them; the network is then built from that configuration.
 * </p>
 */
final class DeclaredSizes {

	/** NB: a few layers store fewer values than DL4J keeps (e.g. batch norm without scale). */
	private static final long SLACK = 1024;
	/** NB: the import holds the weights it reads beside the network's own copy. */
	private static final int COPIES = 2;

	private DeclaredSizes() {}

	/**
	 * Fails unless the layers that {@code conf} (a Keras model's network, whose
	 * layers give {@code outputs}) declares fit the heap and the weights stored
	 * for each under {@code root} then {@code group} of its name ({@code datasets}:
	 * values by dataset path).
	 *
	 * @throws ModelException naming the file, the layer and its declared size
	 */
	static void check(final Path file, final ComputationGraphConfiguration conf,
		final Map<String, InputType> outputs, final Map<String, Long> datasets, final String root,
		final UnaryOperator<String> group)
	{
		final Map<String, Long> declared = new LinkedHashMap<>();
		conf.getVertices().forEach((name, v) -> {
			if (v instanceof LayerVertex l) declared.put(name, l.getLayerConf().getLayer()
				.initializer().numParams(l.getLayerConf()));
		});
		long total = 0;
		for (final Map.Entry<String, Long> e : declared.entrySet()) {
			final long n = e.getValue() < 0 ? Long.MAX_VALUE : e.getValue();
			final long stored = stored(datasets, root, group.apply(e.getKey()));
			if (n > COPIES * stored + SLACK) {
				throw new ModelException(file + ": layer " + e.getKey() + " declares " + n +
					" parameters (" + Memory.format(bytes(n)) + ") but the file stores " + stored +
					" weights for it; it was not opened: the file is damaged or crafted.");
			}
			total += n;
		}
		// NB: DL4J reads every stored weight array, whether a layer takes it or not.
		final long all = Math.max(total, stored(datasets, root, ""));
		requireHeap(file, bytes(all) * COPIES, all + " weights");
		String widest = null;
		long values = 0;
		for (final Map.Entry<String, InputType> e : outputs.entrySet()) {
			final long n = e.getValue().arrayElementsPerExample();
			if (n > values || n < 0) {
				widest = e.getKey();
				values = n < 0 ? Long.MAX_VALUE : n;
			}
		}
		if (widest != null) requireHeap(file, bytes(values) * COPIES, "layer " + widest +
			"'s output of " + values + " values for one input");
	}

	/** The values stored under {@code <root><layer>/} (all under {@code root} for ""). */
	private static long stored(final Map<String, Long> datasets, final String root,
		final String layer)
	{
		final String prefix = layer.isEmpty() ? root : root + layer + "/";
		long n = 0;
		for (final Map.Entry<String, Long> e : datasets.entrySet()) {
			if (e.getKey().startsWith(prefix)) n += e.getValue();
		}
		return n;
	}

	/** Bytes of {@code n} float values, saturating. */
	private static long bytes(final long n) {
		return n > Long.MAX_VALUE / (4 * COPIES) ? Long.MAX_VALUE / COPIES : 4 * n;
	}

	private static void requireHeap(final Path file, final long bytes, final String what) {
		try {
			Memory.require(bytes, "The Keras model " + file + " (" + what + ")", "Use a smaller " +
				"model.");
		}
		catch (final DataException e) {
			throw new ModelException(e.getMessage(), e);
		}
	}
}
