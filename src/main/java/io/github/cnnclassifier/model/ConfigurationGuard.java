package io.github.cnnclassifier.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.util.List;
import java.util.Map;

/**
 * Checks a DL4J network configuration (JSON) before DL4J reads it: every
 * class it names ({@code "@class"}, which DL4J's JSON reader instantiates)
 * must be one of DL4J's or ND4J's configuration types (layers, vertices,
 * activations, losses, updaters, ...) or ours; nesting is bounded.
 * <p>
 * NB: a configuration naming any other class is refused before a class is
 * loaded, so opening a model file cannot make the JVM instantiate a class
 * of the file author's choosing.
 * </p>
 */
public final class ConfigurationGuard {

	/** Deeper JSON than this is refused before parsing (recursive parsers overflow the stack). */
	static final int MAX_DEPTH = 64;

	private static final List<String> PACKAGES = List.of("org.deeplearning4j.",
		"org.nd4j.linalg.", "io.github.cnnclassifier.model.");

	private static final List<String> BASE_TYPES = List.of(
		"org.deeplearning4j.nn.conf.layers.Layer",
		"org.deeplearning4j.nn.conf.graph.GraphVertex",
		"org.deeplearning4j.nn.conf.InputPreProcessor",
		"org.deeplearning4j.nn.conf.inputs.InputType",
		"org.deeplearning4j.nn.weights.IWeightInit",
		"org.deeplearning4j.nn.conf.dropout.IDropout",
		"org.deeplearning4j.nn.api.layers.LayerConstraint",
		"org.deeplearning4j.nn.conf.distribution.Distribution",
		"org.deeplearning4j.nn.conf.weightnoise.IWeightNoise",
		"org.deeplearning4j.nn.conf.stepfunctions.StepFunction",
		"org.nd4j.linalg.activations.IActivation",
		"org.nd4j.linalg.lossfunctions.ILossFunction",
		"org.nd4j.linalg.learning.config.IUpdater",
		"org.nd4j.linalg.learning.regularization.Regularization",
		"org.nd4j.linalg.schedule.ISchedule");

	private ConfigurationGuard() {}

	/**
	 * Parses {@code json} as a tree after checking its depth, with every
	 * class name checked.
	 *
	 * @param what the file and entry, for messages
	 * @throws ModelException naming the first class that is not allowed
	 */
	static JsonObject check(final String json, final String what) {
		checkDepth(json, what);
		final JsonElement tree;
		try {
			tree = JsonParser.parseString(json);
		}
		catch (final JsonParseException e) {
			throw new ModelException(what + " is not valid JSON: " + e.getMessage());
		}
		if (!tree.isJsonObject()) throw new ModelException(what + " is not a JSON object.");
		visit(tree, what);
		return tree.getAsJsonObject();
	}

	/** Fails if brackets nest deeper than {@link #MAX_DEPTH} outside strings. */
	public static void checkDepth(final String json, final String what) {
		int depth = 0;
		boolean string = false;
		for (int i = 0; i < json.length(); i++) {
			final char c = json.charAt(i);
			if (string) {
				if (c == '\\') i++;
				else if (c == '"') string = false;
			}
			else if (c == '"') string = true;
			else if (c == '{' || c == '[') {
				if (++depth > MAX_DEPTH) {
					throw new ModelException(what + " nests deeper than " + MAX_DEPTH +
						" levels, which no model does: the file is damaged or crafted.");
				}
			}
			else if (c == '}' || c == ']') depth--;
		}
	}

	private static void visit(final JsonElement e, final String what) {
		if (e.isJsonArray()) {
			for (final JsonElement item : (JsonArray) e) visit(item, what);
		}
		else if (e.isJsonObject()) {
			for (final Map.Entry<String, JsonElement> entry : e.getAsJsonObject().entrySet()) {
				if (entry.getKey().equals("@class")) allow(entry.getValue(), what);
				else visit(entry.getValue(), what);
			}
		}
	}

	private static void allow(final JsonElement value, final String what) {
		final String name = value.isJsonPrimitive() ? value.getAsString() : value.toString();
		if (PACKAGES.stream().noneMatch(name::startsWith) || !isConfigurationType(name)) {
			throw new ModelException(what + " names the class '" + cut(name) + "', which is not " +
				"a Deeplearning4j network part; the file was not opened (a model file must not " +
				"make the plugin load other code).");
		}
	}

	/** NB: loaded without running its static initialiser, then checked against the base types. */
	private static boolean isConfigurationType(final String name) {
		final ClassLoader loader = ConfigurationGuard.class.getClassLoader();
		try {
			final Class<?> type = Class.forName(name, false, loader);
			for (final String base : BASE_TYPES) {
				if (Class.forName(base, false, loader).isAssignableFrom(type)) return true;
			}
			return false;
		}
		catch (final ClassNotFoundException | LinkageError e) {
			return false;
		}
	}

	private static String cut(final String s) {
		return s.length() > 120 ? s.substring(0, 120) + "..." : s;
	}
}
