package io.github.cnnclassifier.inspect;

import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.output.CsvRecords;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * MATLAB's {@code analyzeNetwork} table: per layer its name, type, output
 * size and learnable parameters, and the layers that feed it (the graph).
 * Learnables are what training changes: batch normalisation's running mean
 * and variance, which DL4J stores as parameters, do not count.
 */
public record NetworkSummary(List<Row> rows) {

	/**
	 * One layer (the input is the first row).
	 *
	 * @param learnableSizes MATLAB's words, e.g. "Weights 3×3×1×8, Bias 1×1×8"
	 * @param inputs the layers whose outputs this one takes
	 */
	public record Row(String name, String type, String description, int height, int width,
		int channels, long learnables, String learnableSizes, List<String> inputs)
	{

		/** The output size as MATLAB writes it: 28×28×8 (height×width×channels), 1×1×10 when flat. */
		public String activations() {
			return height + "×" + width + "×" + channels;
		}
	}

	/** The summary of {@code model}'s network for its input size. */
	public static NetworkSummary of(final ModelBundle model) {
		final ComputationGraph net = model.network();
		final Map<String, Layers.MapShape> shapes = Layers.shapes(net, model.inputShape());
		final Map<String, List<String>> inputs = net.getConfiguration().getVertexInputs();
		final List<Row> rows = new ArrayList<>();
		final Layers.MapShape in = shapes.get(Architectures.INPUT);
		rows.add(new Row(Architectures.INPUT, "Image Input", in.text() + " images with '" + model
			.normalization().method() + "' normalization", in.height(), in.width(), in.channels(), 0,
			"", List.of()));
		for (final String name : Layers.names(model)) {
			final Layers.MapShape s = shapes.get(name);
			final List<String> from = inputs.getOrDefault(name, List.of());
			final int inChannels = from.isEmpty() ? 0 : shapes.get(from.get(0)).channels();
			final List<String> sizes = new ArrayList<>();
			long count = 0;
			if (net.getVertex(name).hasLayer()) {
				final Map<String, INDArray> params = new java.util.TreeMap<>(java.util.Comparator
					.comparingInt(NetworkSummary::order).thenComparing(k -> k));
				params.putAll(net.getLayer(name).paramTable());
				for (final Map.Entry<String, INDArray> p : params.entrySet()) {
					final String what = learnable(Layers.conf(net, name), p.getKey());
					if (what == null) continue;
					count += p.getValue().length();
					sizes.add(what + " " + size(Layers.conf(net, name), p.getKey(), p.getValue()));
				}
			}
			rows.add(new Row(name, LayerTypes.type(net, name), LayerTypes.description(net, name,
				inChannels), s.height(), s.width(), s.channels(), count, String.join(", ", sizes),
				List.copyOf(from)));
		}
		return new NetworkSummary(List.copyOf(rows));
	}

	/** The row of layer {@code name}. */
	public Row row(final String name) {
		return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow(
			() -> new IllegalArgumentException("No layer " + name));
	}

	/** All learnable parameters of the network. */
	public long totalLearnables() {
		return rows.stream().mapToLong(Row::learnables).sum();
	}

	/** The table's column headings. */
	public static List<String> headings() {
		return List.of("Name", "Type", "Activations", "Learnables", "Learnable_sizes",
			"Description", "Inputs");
	}

	/** One row per layer, then a row Total with the sum of the learnables. */
	public String csv() {
		final StringBuilder sb = new StringBuilder(String.join(",", headings())).append('\n');
		for (final Row r : rows) {
			sb.append(String.join(",", CsvRecords.text(r.name()), CsvRecords.text(r.type()),
				CsvRecords.text(r.activations()), Long.toString(r.learnables()), CsvRecords.text(r
					.learnableSizes()), CsvRecords.text(r.description()), CsvRecords.text(String
						.join(" ", r.inputs())))).append('\n');
		}
		sb.append("Total,,,").append(totalLearnables()).append(",,").append(CsvRecords.text(
			String.format(Locale.ROOT, "%d layers", rows.size() - 1))).append(",\n");
		return sb.toString();
	}

	/** MATLAB's order of learnables: Weights, Bias, Offset, Scale. */
	private static int order(final String key) {
		final int i = List.of("W", "b", BatchNormalizationParamInitializer.BETA,
			BatchNormalizationParamInitializer.GAMMA).indexOf(key);
		return i < 0 ? Integer.MAX_VALUE : i;
	}

	/** MATLAB's name of a learnable parameter, or null for state that is not learned. */
	private static String learnable(final Layer layer, final String key) {
		if (layer instanceof BatchNormalization) {
			return switch (key) {
				case BatchNormalizationParamInitializer.GAMMA -> "Scale";
				case BatchNormalizationParamInitializer.BETA -> "Offset";
				// NB: running mean and variance (or log std) are statistics, not learned.
				default -> null;
			};
		}
		return switch (key) {
			case "W" -> "Weights";
			case "b" -> "Bias";
			default -> key;
		};
	}

	/**
	 * MATLAB's size of a parameter: convolution weights kH×kW×C×F, biases and
	 * batch-norm parameters 1×1×F, fully connected weights Out×In.
	 */
	private static String size(final Layer layer, final String key, final INDArray p) {
		final long[] s = p.shape();
		if (layer instanceof ConvolutionLayer && key.equals("W") && s.length == 4) {
			return s[2] + "×" + s[3] + "×" + s[1] + "×" + s[0];
		}
		if (layer instanceof ConvolutionLayer || layer instanceof BatchNormalization) {
			return "1×1×" + p.length();
		}
		if (key.equals("W") && s.length == 2) return s[1] + "×" + s[0];
		if (key.equals("b")) return p.length() + "×1";
		return java.util.Arrays.stream(s).mapToObj(Long::toString).collect(Collectors.joining(
			"×"));
	}
}
