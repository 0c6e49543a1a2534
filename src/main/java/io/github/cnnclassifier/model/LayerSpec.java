package io.github.cnnclassifier.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A network written as one line of layers, MATLAB's layer array in words:
 * {@code conv3x3x8 bn relu maxpool2 conv3x3x16 bn relu res[conv3x3x16 bn relu conv3x3x16 bn] relu gap}.
 * The classifier head (fully connected to the classes, softmax,
 * cross-entropy) is not written: every network gets one.
 * <p>
 * Layers are named {@code conv_1}, {@code bn_1}, {@code relu_1},
 * {@code res_1}, {@code fc_1}, ... in order of appearance, counted per kind.
 * </p>
 */
public record LayerSpec(List<Layer> layers) {

	/** What a user may write, for messages. */
	public static final String GRAMMAR = "conv<K>x<K>x<F>[s<S>] (odd K), bn, relu, leakyrelu, " +
		"maxpool<P>, avgpool<P>, gap, dropout<p>, fc<N>, res[ ... ]";

	/** One layer of a spec. */
	public sealed interface Layer {

		/** The kind, as the prefix of its name: "conv", "bn", "res", ... */
		String kind();

		/** The token as written in canonical form: the kind where it has no numbers. */
		default String token() {
			return kind();
		}
	}

	/** K x K convolution, 'same' padding, F filters, stride S. */
	public record Conv(int size, int filters, int stride) implements Layer {

		@Override
		public String kind() {
			return "conv";
		}

		@Override
		public String token() {
			return "conv" + size + "x" + size + "x" + filters + (stride == 1 ? "" : "s" + stride);
		}
	}

	/** Batch normalisation. */
	public record BatchNorm() implements Layer {

		@Override
		public String kind() {
			return "bn";
		}
	}

	/** ReLU, or leaky ReLU with slope 0.01 below zero (MATLAB's leakyReluLayer). */
	public record Activation(boolean leaky) implements Layer {

		@Override
		public String kind() {
			return leaky ? "leakyrelu" : "relu";
		}
	}

	/** P x P pooling with stride P, of the maximum or the mean. */
	public record Pool(int size, boolean max) implements Layer {

		@Override
		public String kind() {
			return max ? "maxpool" : "avgpool";
		}

		@Override
		public String token() {
			return kind() + size;
		}
	}

	/** Global average pooling: one value per channel. */
	public record GlobalPool() implements Layer {

		@Override
		public String kind() {
			return "gap";
		}
	}

	/** Dropout: in training, each value is zeroed with probability {@code rate}. */
	public record Dropout(double rate) implements Layer {

		@Override
		public String kind() {
			return "dropout";
		}

		@Override
		public String token() {
			return "dropout" + number(rate);
		}
	}

	/** A hidden fully connected layer of N units (no activation of its own). */
	public record Dense(int units) implements Layer {

		@Override
		public String kind() {
			return "fc";
		}

		@Override
		public String token() {
			return "fc" + units;
		}
	}

	/** The inner layers' output plus the block's input (through a 1x1 convolution where they differ). */
	public record Residual(List<Layer> body) implements Layer {

		public Residual {
			body = List.copyOf(body);
		}

		@Override
		public String kind() {
			return "res";
		}

		@Override
		public String token() {
			return "res[" + body.stream().map(Layer::token).collect(Collectors.joining(" ")) + "]";
		}
	}

	/** The most layers a spec may have (residual blocks count with their layers). */
	public static final int MAX_LAYERS = 1000;

	public LayerSpec {
		layers = List.copyOf(layers);
	}

	private static final Pattern CONV = Pattern.compile("conv(\\d+)x(\\d+)x(\\d+)(?:s(\\d+))?");
	private static final Pattern POOL = Pattern.compile("(max|avg)pool(\\d+)");
	private static final Pattern DROPOUT = Pattern.compile("dropout(\\d*\\.?\\d+)");
	private static final Pattern DENSE = Pattern.compile("fc(\\d+)");

	/**
	 * Parses a spec; tokens are separated by white space, {@code res[ ... ]}
	 * groups may nest.
	 *
	 * @throws ModelException naming the offending token and what is allowed
	 */
	public static LayerSpec parse(final String text) {
		final String spec = text == null ? "" : text;
		// NB: a network is built layer by layer in memory: refuse a spec no network
		// needs before it costs gigabytes (12,000 layers took 6 GB).
		final long tokens = spec.trim().isEmpty() ? 0 : spec.trim().split("[\\s\\[]+").length;
		if (tokens > MAX_LAYERS) {
			throw new ModelException("The layer spec has " + tokens + " layers; at most " +
				MAX_LAYERS + " are allowed. Write a smaller network, e.g. 'conv3x3x16 bn relu " +
				"maxpool2 fc64 relu'.");
		}
		final Parser p = new Parser(spec);
		final List<Layer> layers = p.sequence(false);
		if (layers.isEmpty()) {
			throw new ModelException("The layer spec is empty. Write layers such as " +
				"'conv3x3x8 bn relu maxpool2'; allowed: " + GRAMMAR + ".");
		}
		return new LayerSpec(layers);
	}

	/** The spec in canonical form: one space between tokens. */
	@Override
	public String toString() {
		return layers.stream().map(Layer::token).collect(Collectors.joining(" "));
	}

	/** The name of every layer, in order of appearance: a residual block before its inner layers. */
	public List<String> names() {
		final List<String> names = new ArrayList<>();
		new Namer().visit(layers, (layer, name) -> names.add(name));
		return names;
	}

	/** Gives each layer of a nested spec its name, in order of appearance. */
	static final class Namer {

		private final Map<String, Integer> counts = new HashMap<>();

		/** The next name for a layer of {@code kind}. */
		String next(final String kind) {
			return kind + "_" + counts.merge(kind, 1, Integer::sum);
		}

		void visit(final List<Layer> layers, final java.util.function.BiConsumer<Layer, String> to) {
			for (final Layer layer : layers) {
				to.accept(layer, next(layer.kind()));
				if (layer instanceof Residual r) visit(r.body(), to);
			}
		}
	}

	private static String number(final double v) {
		final String s = Double.toString(v);
		return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
	}

	/** A recursive-descent parser over the characters, counting tokens for messages. */
	private static final class Parser {

		private final String text;
		private int pos;
		private int tokens;

		Parser(final String text) {
			this.text = text;
		}

		List<Layer> sequence(final boolean inResidual) {
			final List<Layer> layers = new ArrayList<>();
			while (true) {
				skipSpace();
				if (pos >= text.length()) {
					if (inResidual) {
						throw error("a res[ block is not closed with ]", "res[");
					}
					return layers;
				}
				if (text.charAt(pos) == ']') {
					if (!inResidual) throw error("']' closes no res[ block", "]");
					pos++;
					return layers;
				}
				final int start = pos;
				while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && text
					.charAt(pos) != '[' && text.charAt(pos) != ']') pos++;
				final String word = text.substring(start, pos).toLowerCase(Locale.ROOT);
				tokens++;
				if (pos < text.length() && text.charAt(pos) == '[') {
					if (!word.equals("res")) {
						throw error("only res takes a [ ... ] block", word + "[");
					}
					pos++;
					final int token = tokens;
					final List<Layer> body = sequence(true);
					if (body.isEmpty()) {
						throw new ModelException("Layer spec: the res[ ] block at token " + token +
							" is empty; put layers inside, e.g. res[conv3x3x16 bn relu conv3x3x16 bn].");
					}
					layers.add(new Residual(body));
				}
				else layers.add(layer(word));
			}
		}

		private Layer layer(final String word) {
			switch (word) {
				case "bn":
					return new BatchNorm();
				case "relu":
					return new Activation(false);
				case "leakyrelu":
					return new Activation(true);
				case "gap":
					return new GlobalPool();
				default:
			}
			Matcher m = CONV.matcher(word);
			if (m.matches()) {
				final int kh = positive(m.group(1), word), kw = positive(m.group(2), word);
				if (kh != kw || kh % 2 == 0) {
					throw error("a convolution is K x K with an odd K, e.g. conv3x3x16", word);
				}
				final int stride = m.group(4) == null ? 1 : positive(m.group(4), word);
				return new Conv(kh, positive(m.group(3), word), stride);
			}
			m = POOL.matcher(word);
			if (m.matches()) return new Pool(positive(m.group(2), word), m.group(1).equals("max"));
			m = DENSE.matcher(word);
			if (m.matches()) return new Dense(positive(m.group(1), word));
			m = DROPOUT.matcher(word);
			if (m.matches()) {
				final double rate = Double.parseDouble(m.group(1));
				if (!(rate > 0 && rate < 1)) {
					throw error("a dropout rate is above 0 and below 1, e.g. dropout0.25", word);
				}
				return new Dropout(rate);
			}
			throw error("unknown layer", word);
		}

		private int positive(final String digits, final String word) {
			try {
				final int v = Integer.parseInt(digits);
				if (v >= 1) return v;
			}
			catch (final NumberFormatException e) {
				// NB: too many digits; reported below.
			}
			throw error("sizes and counts are whole numbers from 1", word);
		}

		private void skipSpace() {
			while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
		}

		private ModelException error(final String what, final String word) {
			return new ModelException("Layer spec: " + what + ": '" + word + "' (token " + tokens +
				" of '" + text.trim() + "'). Allowed: " + GRAMMAR + ".");
		}
	}
}
