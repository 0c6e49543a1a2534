package io.github.cnnclassifier.transfer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;

import io.github.cnnclassifier.model.ChannelsLastInput;
import io.github.cnnclassifier.model.ConfigurationGuard;
import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.model.Nd4jBackend;
import io.github.cnnclassifier.model.Networks;
import io.github.cnnclassifier.model.Normalization;
import io.github.cnnclassifier.tensor.InputShape;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.ComposableInputPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.KerasModel;
import org.deeplearning4j.nn.modelimport.keras.KerasSequentialModel;
import org.deeplearning4j.nn.modelimport.keras.config.KerasModelConfiguration;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.utils.KerasModelBuilder;
import org.deeplearning4j.nn.modelimport.keras.utils.KerasModelUtils;

/**
 * Imports a Keras model saved as one HDF5 file ({@code model.save("m.h5")},
 * Sequential or functional) with DL4J's Keras import, after checking it as
 * our model files are checked: a bounded size, an HDF5 file that holds a
 * model's configuration (not only weights), a configuration of bounded
 * nesting, and weights that the file can actually hold, before DL4J
 * allocates anything. Keras files contain no Java objects; DL4J refuses
 * Lambda and custom layers (Python code). Keras 3's files, which DL4J cannot
 * read, go through {@link Keras3Files}.
 */
final class KerasNetworks {

	/** NB: more than the largest Keras ImageNet models (VGG19's, about 550 MB) need. */
	static final long MAX_BYTES = 2L << 30;
	/** HDF5's signature at the start of the superblock. */
	private static final byte[] SIGNATURE = { (byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a,
		'\n' };
	/** A zip archive's signature (a Keras 3 {@code .keras} file). */
	private static final byte[] ZIP = { 'P', 'K', 3, 4 };

	private KerasNetworks() {}

	/**
	 * The network of the Keras file {@code file}, taking NCHW input as our
	 * other networks do, with its input shape.
	 *
	 * @throws ModelException naming the file and what is wrong with it
	 */
	static BaseNetwork open(final Path file) {
		return open(file, message -> {});
	}

	/**
	 * As {@link #open(Path)}, telling {@code log} where a channels-last network
	 * cannot be converted to channels first (and so runs on DL4J's layers).
	 */
	static BaseNetwork open(final Path file, final Consumer<String> log) {
		final long size;
		final byte[] head;
		try {
			size = Files.size(file);
			if (size > MAX_BYTES) {
				throw new ModelException(file + " holds " + (size >> 20) + " MB, more than a Keras " +
					"model this plugin opens (" + (MAX_BYTES >> 20) + " MB).");
			}
			head = head(file);
		}
		catch (final IOException e) {
			throw new ModelException("Cannot read " + file + ": " + e.getMessage(), e);
		}
		if (Arrays.equals(Arrays.copyOf(head, ZIP.length), ZIP)) return Keras3Files.openZip(file,
			log);
		if (!Arrays.equals(head, SIGNATURE)) {
			throw new ModelException(file + " is not a Keras model: it is not an HDF5 file. " +
				"Save the model in Keras with model.save(\"model.h5\").");
		}
		Nd4jBackend.load();
		try (Hdf5Archive archive = archive(file)) {
			// NB: before DL4J's reader follows anything: links, external storage and declared sizes.
			final Map<String, Long> datasets = Hdf5Check.datasets(archive, file, size);
			final String config = config(file, archive);
			if (!archive.getGroups().contains("model_weights")) {
				throw new ModelException(file + " holds a Keras model configuration but no " +
					"model_weights: it is damaged or not a Keras model.");
			}
			final JsonObject tree = parse(file, config);
			if (Keras3Config.written(tree)) {
				return Keras3Files.openH5(file, tree, archive, datasets, log);
			}
			final InputShape shape = inputShape(file, tree);
			try {
				final KerasModel model = model(versioned(tree, archive), "Sequential".equals(string(
					tree, "class_name")));
				final ComputationGraphConfiguration conf = configuration(model);
				DeclaredSizes.check(file, conf, model.getOutputTypes(), datasets, "model_weights/",
					UnaryOperator.identity());
				KerasModelUtils.importWeights(archive, "model_weights", model.getLayers(), model
					.getKerasMajorVersion(), model.getKerasBackend());
				return based(file, tree, shape, null, model, conf, log);
			}
			catch (final ModelException e) {
				throw e;
			}
			catch (final IOException | InvalidKerasConfigurationException |
				UnsupportedKerasConfigurationException | RuntimeException e)
			{
				throw new ModelException("Deeplearning4j cannot import the Keras model " + file +
					": " + reason(e) + ".", e);
			}
		}
	}

	/**
	 * The model that the Keras 2 form configuration {@code json} describes, as
	 * DL4J's import reads it, without weights.
	 */
	static KerasModel model(final String json, final boolean sequential) throws IOException,
		InvalidKerasConfigurationException, UnsupportedKerasConfigurationException
	{
		final KerasModelBuilder builder = new KerasModelBuilder(new KerasModelConfiguration())
			.modelJson(json).enforceTrainingConfig(false);
		return sequential ? new KerasSequentialModel(builder) : new KerasModel(builder);
	}

	/** The configuration of {@code model}'s network, a graph also where it is Sequential. */
	static ComputationGraphConfiguration configuration(final KerasModel model)
		throws InvalidKerasConfigurationException, UnsupportedKerasConfigurationException
	{
		return model instanceof KerasSequentialModel s ? Networks.toGraph(s
			.getMultiLayerConfiguration()) : model.getComputationGraphConfiguration();
	}

	/**
	 * The configuration {@code tree} with the Keras version (and Keras 2's
	 * backend) that {@code archive} keeps beside it, as DL4J reads a whole model file.
	 */
	private static String versioned(final JsonObject tree, final Hdf5Archive archive)
		throws UnsupportedKerasConfigurationException
	{
		final JsonObject json = tree.deepCopy();
		final String version = archive.readAttributeAsFixedLengthString("keras_version", 5);
		json.addProperty("keras_version", version);
		if (Character.getNumericValue(version.charAt(0)) == 2) {
			json.addProperty("backend", archive.readAttributeAsString("backend"));
		}
		return json.toString();
	}

	/**
	 * The base network of {@code file}, whose configuration is {@code tree},
	 * {@code model} with its weights and {@code conf} its network's configuration,
	 * with its own normalisation {@code own} (or null); a channels-last network
	 * converted to channels first where it can be, else {@code log} is told why not.
	 */
	static BaseNetwork based(final Path file, final JsonObject tree, final InputShape shape,
		final Normalization own, final KerasModel model, final ComputationGraphConfiguration conf,
		final Consumer<String> log) throws InvalidKerasConfigurationException
	{
		final boolean channelsLast = channelsLast(tree);
		final ChannelsFirst.Conversion conversion = channelsLast ? ChannelsFirst.wherePossible(conf,
			file, log) : null;
		final ComputationGraphConfiguration computed = conversion != null ? conversion.conf()
			: conf;
		prepare(file, computed, channelsLast && conversion == null, flatInput(tree) ? shape
			: null);
		// NB: the one network of the import, built from its final configuration.
		final ComputationGraph net = new ComputationGraph(computed);
		net.init();
		KerasModelUtils.copyWeightsToModel(net, model.getLayers());
		if (conversion != null) conversion.reorder(net);
		return new BaseNetwork(net, shape, own, "keras:" + file.getFileName(), "keras", file,
			BaseNetworks.sha256(file), List.of(), Map.of(), List.of(), "");
	}

	/** Whether {@code file} starts with HDF5's signature. */
	static boolean hdf5(final Path file) throws IOException {
		return Arrays.equals(head(file), SIGNATURE);
	}

	/** The first bytes of {@code file}, as many as HDF5's signature has. */
	private static byte[] head(final Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return in.readNBytes(SIGNATURE.length);
		}
	}

	/**
	 * {@code file} opened by HDF5 (which then prints no errors on this thread).
	 *
	 * @throws ModelException where HDF5 cannot open it
	 */
	static Hdf5Archive archive(final Path file) {
		Hdf5Check.quiet();
		try {
			return new Hdf5Archive(file.toString());
		}
		catch (final RuntimeException e) {
			throw new ModelException("Cannot open " + file + " as HDF5: it is damaged or not an " +
				"HDF5 file.", e);
		}
	}

	/** The model configuration (JSON) stored with the file. */
	private static String config(final Path file, final Hdf5Archive archive) {
		if (!archive.hasAttribute("model_config")) {
			throw new ModelException(file + " holds no Keras model configuration, only weights " +
				"(Keras's save_weights): save the whole model with model.save(\"model.h5\").");
		}
		try {
			final String json = firstValue(archive.readAttributeAsJson("model_config").trim());
			ConfigurationGuard.checkDepth(json, file + " (model_config)");
			return json;
		}
		catch (final UnsupportedKerasConfigurationException | RuntimeException e) {
			throw new ModelException("Cannot read the model configuration of " + file + ": " +
				reason(e) + ".", e);
		}
	}

	/**
	 * The JSON value at the start of {@code text}. NB: DL4J reads the attribute
	 * into a buffer of 8 KiB, which may hold other bytes (brackets too) after it.
	 */
	static String firstValue(final String text) {
		int depth = 0;
		boolean string = false;
		for (int i = 0; i < text.length(); i++) {
			final char c = text.charAt(i);
			if (string) {
				if (c == '\\') i++;
				else if (c == '"') string = false;
			}
			else if (c == '"') string = true;
			else if (c == '{' || c == '[') depth++;
			else if ((c == '}' || c == ']') && --depth == 0) return text.substring(0, i + 1);
		}
		return text;
	}

	static JsonObject parse(final Path file, final String json) {
		try {
			// NB: DL4J reads the attribute into a buffer that may hold bytes after the JSON.
			final JsonElement tree = JsonParser.parseReader(new JsonReader(new StringReader(json)));
			if (tree.isJsonObject() && tree.getAsJsonObject().has("config")) {
				return tree.getAsJsonObject();
			}
		}
		catch (final JsonParseException | IllegalStateException e) {
			// NB: reported below.
		}
		throw new ModelException(file + " has a damaged Keras model configuration (not a JSON " +
			"object with class_name and config).");
	}

	/**
	 * The input of the model's first layer: batch_input_shape [null, h, w, c]
	 * (or [null, c, h, w]), or [null, h, w] for grey images that a Flatten
	 * takes (TensorFlow's tutorial: {@code Flatten(input_shape=(28, 28))}).
	 */
	static InputShape inputShape(final Path file, final JsonObject tree) {
		final JsonArray layers = layers(tree);
		JsonArray shape = null;
		for (int i = 0; i < layers.size() && shape == null; i++) {
			final JsonObject c = layerConfig(layers.get(i));
			if (c != null && c.get("batch_input_shape") instanceof JsonArray a) shape = a;
		}
		if (shape != null && shape.size() == 3 && flatInput(tree)) {
			try {
				return new InputShape(shape.get(1).getAsInt(), shape.get(2).getAsInt(), 1);
			}
			catch (final RuntimeException e) {
				// NB: refused below.
			}
		}
		if (shape == null || shape.size() != 4) {
			throw new ModelException(file + " takes " + (shape == null ? "no declared input"
				: "inputs of shape " + shape) + ", not images (height, width, channels): only " +
				"image classifiers can be transferred.");
		}
		try {
			final int a = shape.get(1).getAsInt(), b = shape.get(2).getAsInt(), c = shape.get(3)
				.getAsInt();
			return channelsLast(tree) ? new InputShape(a, b, c) : new InputShape(b, c, a);
		}
		catch (final RuntimeException e) {
			throw new ModelException(file + " takes images of shape " + shape + "; only a fixed " +
				"height, width and channel count can be transferred.");
		}
	}

	/** Whether the model's first layer after its input is a Flatten (of [height, width] images). */
	private static boolean flatInput(final JsonObject tree) {
		for (final JsonElement layer : layers(tree)) {
			if (layer instanceof JsonObject o && !"InputLayer".equals(string(o, "class_name"))) {
				return "Flatten".equals(string(o, "class_name"));
			}
		}
		return false;
	}

	/** Whether the model's image layers are channels_last (TensorFlow's default), as its first data_format says. */
	private static boolean channelsLast(final JsonObject tree) {
		for (final JsonElement layer : layers(tree)) {
			final JsonObject c = layerConfig(layer);
			if (c != null && c.has("data_format")) {
				return !"channels_first".equals(string(c, "data_format"));
			}
		}
		return true;
	}

	/**
	 * The model's layers: in {@code config.layers}, or (Sequential files of
	 * Keras 1.x and 2.0–2.1) {@code config} itself.
	 */
	static JsonArray layers(final JsonObject tree) {
		final JsonElement config = tree.get("config");
		if (config instanceof JsonArray list) return list;
		return config instanceof JsonObject o && o.get("layers") instanceof JsonArray list ? list
			: new JsonArray();
	}

	private static JsonObject layerConfig(final JsonElement layer) {
		return layer instanceof JsonObject o && o.get("config") instanceof JsonObject c ? c : null;
	}

	/**
	 * Makes {@code conf} drop DL4J's no-op dropouts and take NCHW input as all
	 * our networks do: the layers that take the input of a channels_last
	 * network (one {@link ChannelsFirst} cannot convert) first permute it to
	 * NHWC; those that take {@code flat} grey images (height x width, flattened
	 * by Keras) flatten them as Keras does, row by row.
	 */
	private static void prepare(final Path file, final ComputationGraphConfiguration conf,
		final boolean channelsLast, final InputShape flat)
	{
		// NB: DL4J's import gives every layer a dropout that keeps everything; its
		// backward pass fails on channels-last convolutions, so training them crashed.
		for (final GraphVertex v : conf.getVertices().values()) {
			if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer().getIDropout() instanceof
				Dropout d && d.getP() >= 1)
			{
				lv.getLayerConf().getLayer().setIDropout(null);
			}
		}
		final String input = conf.getNetworkInputs().get(0);
		for (final Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
			if (!e.getValue().contains(input) || !(conf.getVertices().get(e
				.getKey()) instanceof LayerVertex lv))
			{
				continue;
			}
			if (flat != null) {
				if (!(lv.getLayerConf().getLayer() instanceof FeedForwardLayer)) {
					throw new ModelException(file + " flattens its input for " + e.getKey() + ", which " +
						"is not a dense layer: only a Flatten before Dense layers takes images of " +
						"height x width.");
				}
				// NB: one channel, so NCHW flattened is Keras's row-major order of [height, width].
				lv.setPreProcessor(new CnnToFeedForwardPreProcessor(flat.height(), flat.width(), 1));
				continue;
			}
			if (!channelsLast) continue;
			final InputPreProcessor permute = new ChannelsLastInput();
			lv.setPreProcessor(lv.getPreProcessor() == null ? permute
				: new ComposableInputPreProcessor(permute, lv.getPreProcessor()));
		}
	}

	static String string(final JsonObject o, final String key) {
		final JsonElement e = o.get(key);
		return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
	}

	/** The first line of what DL4J says, without its request to file an issue or its final period. */
	static String reason(final Throwable e) {
		Throwable t = e;
		while (t.getCause() != null && t.getCause() != t && t.getMessage() == null) t = t
			.getCause();
		final String m = t.getMessage() == null ? t.toString() : t.getMessage();
		final int line = m.indexOf('\n');
		// NB: DL4J's texts end in a period and often ask to file an issue with it: not ours to say.
		return (line < 0 ? m : m.substring(0, line)).replaceAll("(?i)\\s*(please\\s+)?(file|" +
			"open|raise)\\s+an\\s+issue.*$|\\s*this is a bug.*$", "").replaceAll("[\\s.:]+$", "");
	}
}
