package io.github.cnnclassifier.transfer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.model.Normalization;
import io.github.cnnclassifier.tensor.InputShape;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Takes out of a Keras model configuration (Keras 2's form) the preprocessing
 * layers that Deeplearning4j has no layer for: the random augmentations, which
 * pass images through unchanged when a model classifies, a Resizing of the
 * input to the size it has, and a Rescaling that takes the model's input,
 * which becomes the base network's own normalisation.
 */
final class KerasPreprocessing {

	/** Keras's augmentation layers: active only in training, the identity when classifying. */
	private static final Set<String> AUGMENTATIONS = Set.of("RandomFlip", "RandomRotation",
		"RandomZoom", "RandomTranslation", "RandomContrast", "RandomBrightness", "RandomCrop");
	/** Layers without weights that prepare images before a model's own layers. */
	private static final Set<String> PREPROCESSING = Stream.concat(AUGMENTATIONS.stream(), Stream
		.of("Rescaling", "Resizing")).collect(Collectors.toUnmodifiableSet());

	private KerasPreprocessing() {}

	/** A Rescaling of the input, x * scale + offset, as (x - mean) / std per channel (or for all). */
	record Rescale(double[] mean, double[] std) {

		/** This rescaling as the normalisation of inputs of {@code shape}. */
		Normalization normalization(final InputShape shape) {
			return Normalization.of(mean, std, shape);
		}
	}

	/**
	 * Removes {@code tree}'s augmentation layers, a Resizing of its input to the
	 * size it has and a Rescaling of its input (a Sequential model's Sequentials
	 * of such layers too), and returns what that Rescaling did, or null where it has none.
	 *
	 * @throws ModelException where the Rescaling cannot be a normalisation (a
	 *         scale that is not positive, or other layers taking the same input)
	 */
	static Rescale strip(final Path file, final JsonObject tree) {
		final JsonArray layers = KerasNetworks.layers(tree);
		if ("Sequential".equals(KerasNetworks.string(tree, "class_name"))) splice(layers);
		final JsonArray size = inputSize(layers);
		Rescale rescale = null;
		String previous = null;
		for (final Iterator<JsonElement> it = layers.iterator(); it.hasNext();) {
			final JsonObject layer = it.next().getAsJsonObject();
			final String name = name(layer), kind = KerasNetworks.string(layer, "class_name");
			final String from = source(layer, previous);
			final boolean ofInput = input(layers, from);
			final boolean rescalesInput = "Rescaling".equals(kind) && ofInput;
			// NB: TensorFlow's tutorials resize images to the size the model already takes.
			final boolean keepsSize = "Resizing".equals(kind) && ofInput && size != null && size
				.get(0).equals(layer.getAsJsonObject("config").get("height")) && size.get(1).equals(
					layer.getAsJsonObject("config").get("width"));
			if (augmentation(layer) || rescalesInput || keepsSize) {
				if (rescalesInput) rescale = rescale(file, layer);
				if (rescalesInput && consumers(layers, from) > 1) {
					throw new ModelException(file + ": its Rescaling layer " + name + " shares the " +
						"input with other layers; only a Rescaling that all of the input goes " +
						"through can be imported (as the base's normalisation).");
				}
				it.remove();
				rewire(layers, name, from);
				continue;
			}
			previous = name;
		}
		return rescale;
	}

	/** Puts the layers of each Sequential of preprocessing layers in {@code layers} in its place. */
	private static void splice(final JsonArray layers) {
		final JsonArray spliced = new JsonArray();
		for (final JsonElement e : layers) {
			final JsonObject layer = e.getAsJsonObject();
			if (!"Sequential".equals(KerasNetworks.string(layer, "class_name")) || !only(layer,
				PREPROCESSING))
			{
				spliced.add(layer);
				continue;
			}
			for (final JsonElement inner : KerasNetworks.layers(layer)) {
				if (!"InputLayer".equals(KerasNetworks.string(inner.getAsJsonObject(), "class_name"))) {
					spliced.add(inner);
				}
			}
		}
		while (!layers.isEmpty()) layers.remove(0);
		layers.addAll(spliced);
	}

	/** Whether the Sequential {@code layer} holds layers of the classes {@code kinds} (and inputs) only. */
	private static boolean only(final JsonObject layer, final Set<String> kinds) {
		final JsonArray inner = KerasNetworks.layers(layer);
		for (final JsonElement e : inner) {
			final String kind = e instanceof JsonObject o ? KerasNetworks.string(o, "class_name")
				: null;
			if (!kinds.contains(kind) && !"InputLayer".equals(kind)) return false;
		}
		return !inner.isEmpty();
	}

	/** The height and width of the model's input, or null where none is declared. */
	private static JsonArray inputSize(final JsonArray layers) {
		for (final JsonElement e : layers) {
			if (e instanceof JsonObject o && o.get("config") instanceof JsonObject c && c.get(
				"batch_input_shape") instanceof JsonArray shape && shape.size() == 4)
			{
				final JsonArray size = new JsonArray();
				size.add(shape.get(1));
				size.add(shape.get(2));
				return size;
			}
		}
		return null;
	}

	/** Whether {@code layer} only augments images in training: a random one, or a Sequential of such. */
	private static boolean augmentation(final JsonObject layer) {
		final String kind = KerasNetworks.string(layer, "class_name");
		return AUGMENTATIONS.contains(kind) || "Sequential".equals(kind) && only(layer,
			AUGMENTATIONS);
	}

	/** The Rescaling {@code layer} (x * scale + offset) as (x - mean) / std. */
	private static Rescale rescale(final Path file, final JsonObject layer) {
		final JsonObject c = layer.getAsJsonObject("config");
		final double[] scale = numbers(c.get("scale"), 1), offset = numbers(c.get("offset"), 0);
		final int n = Math.max(scale.length, offset.length);
		final double[] mean = new double[n], std = new double[n];
		for (int i = 0; i < n; i++) {
			final double s = scale[Math.min(i, scale.length - 1)];
			if (!(s > 0) || Double.isInfinite(s)) {
				throw new ModelException(file + ": its Rescaling layer " + name(layer) + " scales " +
					"by " + s + "; only a positive scale can be imported (as the base's " +
					"normalisation).");
			}
			std[i] = 1 / s;
			// NB: 0 - x, so that no offset gives mean 0, not -0.
			mean[i] = 0 - offset[Math.min(i, offset.length - 1)] / s;
		}
		return new Rescale(mean, std);
	}

	private static double[] numbers(final JsonElement e, final double absent) {
		if (e == null || e.isJsonNull()) return new double[] { absent };
		if (!e.isJsonArray()) return new double[] { e.getAsDouble() };
		final JsonArray a = e.getAsJsonArray();
		final double[] values = new double[a.size()];
		for (int i = 0; i < values.length; i++) values[i] = a.get(i).getAsDouble();
		return values.length == 0 ? new double[] { absent } : values;
	}

	private static String name(final JsonObject layer) {
		final String name = KerasNetworks.string(layer, "name");
		return name != null ? name : layer.getAsJsonObject("config").get("name").getAsString();
	}

	/** The layer {@code layer} takes: its one inbound layer, or (Sequential) the one before it. */
	private static String source(final JsonObject layer, final String previous) {
		if (layer.get("inbound_nodes") instanceof JsonArray nodes && nodes.size() == 1 && nodes
			.get(0) instanceof JsonArray inputs && inputs.size() == 1 && inputs.get(
				0) instanceof JsonArray input)
		{
			return input.get(0).getAsString();
		}
		return previous;
	}

	/** Whether {@code name} is the model's input (null: a Sequential's first layer takes it). */
	private static boolean input(final JsonArray layers, final String name) {
		if (name == null) return true;
		for (final JsonElement e : layers) {
			if (e instanceof JsonObject o && name.equals(name(o))) {
				return "InputLayer".equals(KerasNetworks.string(o, "class_name"));
			}
		}
		return false;
	}

	/** How many inbound references name {@code source} (a Sequential's layers take only one). */
	private static int consumers(final JsonArray layers, final String source) {
		return Math.max(1, references(layers, source).size());
	}

	/** Makes the layers that took {@code removed} take {@code source} instead. */
	private static void rewire(final JsonArray layers, final String removed, final String source) {
		for (final JsonArray a : references(layers, removed)) a.set(0, new JsonPrimitive(source));
	}

	/** The inbound references of {@code layers} (a functional model's) that name {@code layer}. */
	private static List<JsonArray> references(final JsonArray layers, final String layer) {
		final List<JsonArray> found = new ArrayList<>();
		for (final JsonElement e : layers) {
			if (e instanceof JsonObject o && o.get("inbound_nodes") instanceof JsonArray nodes) {
				for (final JsonElement node : nodes) {
					for (final JsonElement input : node.getAsJsonArray()) {
						final JsonArray a = input.getAsJsonArray();
						if (a.get(0).getAsString().equals(layer)) found.add(a);
					}
				}
			}
		}
		return found;
	}
}
