package io.github.cnnclassifier.transfer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Keras 3 model configuration: whether a configuration is Keras 3's,
 * the same configuration in the Keras 2 form that Deeplearning4j imports, and
 * where a {@code .keras} file keeps each layer's weights.
 */
final class Keras3Config {

	/** Keras 2 version given to Deeplearning4j for the translated configuration. */
	private static final String KERAS2 = "2.15.0";
	/** Keys of Keras 3's serialization that Keras 2's configuration lacks. */
	private static final Set<String> KERAS3_KEYS = Set.of("module", "registered_name",
		"build_config", "compile_config", "shared_object_id");

	private Keras3Config() {}

	/**
	 * Whether a Keras model configuration was written by Keras 3: an input's
	 * batch_shape, or dtype policies as objects.
	 */
	static boolean written(final JsonObject tree) {
		for (final JsonElement layer : KerasNetworks.layers(tree)) {
			if (layer instanceof JsonObject o && o.get("config") instanceof JsonObject c && (c.has(
				"batch_shape") && !c.has("batch_input_shape") || c.get("dtype") instanceof JsonObject))
			{
				return true;
			}
		}
		return false;
	}

	/**
	 * Keras 3's model configuration {@code tree} in the form Keras 2 writes, which
	 * Deeplearning4j reads: without Keras 3's serialization keys, dtype policies
	 * as their names, {@code batch_input_shape} for {@code batch_shape}, functional
	 * inbound nodes as lists, and a Keras 2 version.
	 */
	static JsonObject keras2(final JsonObject tree) {
		final JsonObject out = (JsonObject) plain(tree);
		for (final JsonElement layer : KerasNetworks.layers(out)) {
			if (!(layer instanceof JsonObject o)) continue;
			if (o.get("config") instanceof JsonObject c && c.has("batch_shape") && !c.has(
				"batch_input_shape"))
			{
				c.add("batch_input_shape", c.remove("batch_shape"));
			}
			if (o.get("inbound_nodes") instanceof JsonArray nodes) o.add("inbound_nodes", nodes(
				nodes));
		}
		if (out.get("config") instanceof JsonObject c) {
			for (final String key : List.of("input_layers", "output_layers")) {
				// NB: Keras 3 writes one input or output unnested: ["input_layer", 0, 0].
				if (c.get(key) instanceof JsonArray a && !a.isEmpty() && a.get(0).isJsonPrimitive()) {
					final JsonArray nested = new JsonArray();
					nested.add(a);
					c.add(key, nested);
				}
			}
		}
		out.addProperty("keras_version", KERAS2);
		out.addProperty("backend", "tensorflow");
		return out;
	}

	/** A copy of {@code e} without Keras 3's serialization keys, dtype policies replaced by their names. */
	private static JsonElement plain(final JsonElement e) {
		if (e instanceof JsonArray a) {
			final JsonArray copy = new JsonArray();
			for (final JsonElement x : a) copy.add(plain(x));
			return copy;
		}
		if (!(e instanceof JsonObject o)) return e;
		final String kind = KerasNetworks.string(o, "class_name");
		// NB: Keras 3's DTypePolicy and FloatDTypePolicy, tf.keras 2's mixed-precision Policy.
		if (kind != null && kind.endsWith("Policy") && o.get("config") instanceof JsonObject c &&
			c.get("name") instanceof JsonPrimitive name)
		{
			return name;
		}
		final JsonObject copy = new JsonObject();
		for (final Map.Entry<String, JsonElement> x : o.entrySet()) {
			if (!KERAS3_KEYS.contains(x.getKey())) copy.add(x.getKey(), plain(x.getValue()));
		}
		return copy;
	}

	/**
	 * Keras 3's inbound nodes ({@code [{"args": [tensor or [tensors]], "kwargs": {}}]},
	 * each tensor naming its layer in {@code keras_history}) as Keras 2's
	 * ({@code [[[layer, node, tensor, {}], ...]]}); Keras 2's are kept.
	 */
	private static JsonArray nodes(final JsonArray nodes) {
		final JsonArray out = new JsonArray();
		for (final JsonElement node : nodes) {
			if (!(node instanceof JsonObject o)) return nodes;
			final JsonArray inputs = new JsonArray();
			tensors(o.get("args"), inputs);
			out.add(inputs);
		}
		return out;
	}

	/** Adds each Keras tensor in {@code e} to {@code into} as Keras 2's [layer, node, tensor, {}]. */
	private static void tensors(final JsonElement e, final JsonArray into) {
		if (e instanceof JsonArray a) {
			for (final JsonElement x : a) tensors(x, into);
		}
		else if (e instanceof JsonObject o && "__keras_tensor__".equals(KerasNetworks.string(o,
			"class_name")) && o.get("config") instanceof JsonObject c && c.get(
				"keras_history") instanceof JsonArray history && history.size() == 3)
		{
			final JsonArray input = history.deepCopy();
			input.add(new JsonObject());
			into.add(input);
		}
	}

	/**
	 * Keras 3's group in model.weights.h5 of each layer of {@code tree}, by name:
	 * NB: not the layer's name but its class in snake case, numbered from the second
	 * of a class on in the model's order ({@code conv2d}, {@code conv2d_1}, ...).
	 */
	static Map<String, String> groups(final JsonObject tree) {
		final Map<String, Integer> used = new HashMap<>();
		final Map<String, String> groups = new HashMap<>();
		for (final JsonElement e : KerasNetworks.layers(tree)) {
			if (!(e instanceof JsonObject layer) || !(layer.get("config") instanceof JsonObject c)) {
				continue;
			}
			final String kind = snake(String.valueOf(KerasNetworks.string(layer, "class_name")));
			final int n = used.merge(kind, 1, Integer::sum) - 1;
			groups.put(KerasNetworks.string(c, "name"), n == 0 ? kind : kind + "_" + n);
		}
		return groups;
	}

	/** Keras's {@code to_snake_case} of a class name: {@code MaxPooling2D} is {@code max_pooling2d}. */
	static String snake(final String name) {
		return name.replaceAll("\\W+", "").replaceAll("(.)([A-Z][a-z]+)", "$1_$2").replaceAll(
			"([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
	}
}
