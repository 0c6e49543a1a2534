package io.github.cnnclassifier.transfer;

import com.google.gson.JsonObject;

import io.github.cnnclassifier.data.BoundedCopy;
import io.github.cnnclassifier.model.ConfigurationGuard;
import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.model.Nd4jBackend;
import io.github.cnnclassifier.tensor.InputShape;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.KerasLayer;
import org.deeplearning4j.nn.modelimport.keras.KerasModel;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Imports files of Keras 3 (TensorFlow 2.16 and later), which Deeplearning4j
 * cannot read itself: a {@code .keras} zip (config.json and model.weights.h5)
 * or an {@code .h5} written by Keras 3's {@code model.save}. The configuration
 * is translated into the Keras 2 form that Deeplearning4j imports, and each
 * layer's weights are read from the file and converted by Deeplearning4j's own
 * layers, so the network computes what Keras computes.
 * <p>
 * NB: both files are checked as Keras 2 files are (Hdf5Check, DeclaredSizes)
 * before anything reads a weight; the zip's entries are bounded while they inflate.
 * </p>
 */
final class Keras3Files {

	static final String CONFIG = "config.json", WEIGHTS = "model.weights.h5";
	/** NB: the configuration of a 500-layer model is a few MB. */
	private static final long MAX_CONFIG_BYTES = 64L << 20;
	/**
	 * The variables of a layer of a .keras file, in the order Keras 3 creates
	 * (and numbers) them, by layer class; other layers with variables are refused.
	 */
	private static final Map<String, List<String>> VARIABLES = Map.of("Conv2D", List.of("kernel",
		"bias"), "Conv1D", List.of("kernel", "bias"), "Conv2DTranspose", List.of("kernel", "bias"),
		"Dense", List.of("kernel", "bias"), "DepthwiseConv2D", List.of("depthwise_kernel", "bias"),
		"SeparableConv2D", List.of("depthwise_kernel", "pointwise_kernel", "bias"), "PReLU", List
			.of("alpha"));

	private Keras3Files() {}

	/**
	 * The network of the {@code .keras} file {@code file}.
	 *
	 * @throws ModelException naming the file and what is wrong with it
	 */
	static BaseNetwork openZip(final Path file, final Consumer<String> log) {
		Path weights = null;
		try {
			final String config;
			try (ZipFile zip = new ZipFile(file.toFile())) {
				config = new String(entry(file, zip, CONFIG, MAX_CONFIG_BYTES, null),
					StandardCharsets.UTF_8);
				// NB: created exclusively, readable by the owner only, removed below.
				weights = Files.createTempFile("cnn-classifier-keras3-", ".h5");
				entry(file, zip, WEIGHTS, KerasNetworks.MAX_BYTES, weights);
			}
			catch (final ZipException e) {
				throw new ModelException(file + " is not a Keras 3 .keras file: it is a damaged " +
					"zip (" + e.getMessage() + ").", e);
			}
			if (!KerasNetworks.hdf5(weights)) {
				throw new ModelException(file + ": its " + WEIGHTS + " is not an HDF5 file; the " +
					"file is damaged.");
			}
			Nd4jBackend.load();
			ConfigurationGuard.checkDepth(config, file + " (" + CONFIG + ")");
			final long size = Files.size(weights);
			try (Hdf5Archive archive = renamed(file, weights, KerasNetworks::archive)) {
				final Map<String, Long> datasets = renamed(file, weights, copy -> Hdf5Check.datasets(
					archive, copy, size));
				return imported(file, KerasNetworks.parse(file, config), archive, datasets, "layers/",
					log);
			}
		}
		catch (final IOException e) {
			throw new ModelException("Cannot read " + file + ": " + e.getMessage(), e);
		}
		finally {
			delete(weights);
		}
	}

	/**
	 * What {@code read} gives of {@code weights}, the weights of the .keras file
	 * {@code file} copied out; a refusal names them as the user knows them.
	 */
	private static <T> T renamed(final Path file, final Path weights,
		final Function<Path, T> read)
	{
		try {
			return read.apply(weights);
		}
		catch (final ModelException e) {
			// NB: the user knows the .keras file, not our temporary copy of its weights.
			throw new ModelException(e.getMessage().replace(weights.toString(), file + "'s " +
				WEIGHTS), e);
		}
	}

	/**
	 * The network of the Keras 3 {@code .h5} file {@code file}, open as {@code archive}.
	 *
	 * @param tree its model configuration
	 * @param datasets its datasets (values by path), checked by Hdf5Check
	 * @throws ModelException naming the file and what is wrong with it
	 */
	static BaseNetwork openH5(final Path file, final JsonObject tree, final Hdf5Archive archive,
		final Map<String, Long> datasets, final Consumer<String> log)
	{
		return imported(file, tree, archive, datasets, "model_weights/", log);
	}

	/**
	 * The bytes of the zip entry {@code name}, or (where {@code out} is given)
	 * that entry copied to {@code out}; at most {@code max} bytes, counted as they inflate.
	 */
	private static byte[] entry(final Path file, final ZipFile zip, final String name,
		final long max, final Path out) throws IOException
	{
		final ZipEntry e = zip.getEntry(name);
		if (e == null || e.isDirectory()) {
			throw new ModelException(file + " holds no " + name + ": it is not a Keras 3 .keras " +
				"file (or one saved in parts), so it cannot be imported; save the model with " +
				"model.save(\"model.keras\").");
		}
		try (InputStream in = zip.getInputStream(e); OutputStream sink = out == null
			? new java.io.ByteArrayOutputStream() : Files.newOutputStream(out))
		{
			if (!BoundedCopy.copy(in, sink, max)) {
				throw new ModelException(file + ": its " + name + " holds more than " + (max >> 20) +
					" MB, more than a Keras model this plugin opens; it was not opened.");
			}
			return sink instanceof java.io.ByteArrayOutputStream bytes ? bytes.toByteArray() : null;
		}
	}

	private static void delete(final Path file) {
		if (file == null) return;
		try {
			Files.deleteIfExists(file);
		}
		catch (final IOException e) {
			file.toFile().deleteOnExit();
		}
	}

	/**
	 * The network of {@code file}, configured by {@code tree}, its weights in
	 * {@code archive} under {@code root}.
	 */
	private static BaseNetwork imported(final Path file, final JsonObject tree,
		final Hdf5Archive archive, final Map<String, Long> datasets, final String root,
		final Consumer<String> log)
	{
		final JsonObject keras2 = Keras3Config.keras2(tree);
		final Map<String, String> groups = root.equals("layers/") ? Keras3Config.groups(keras2)
			: Map.of();
		final UnaryOperator<String> group = name -> groups.getOrDefault(name, name);
		final KerasPreprocessing.Rescale rescale = KerasPreprocessing.strip(file, keras2);
		final InputShape shape = KerasNetworks.inputShape(file, keras2);
		final boolean sequential = "Sequential".equals(KerasNetworks.string(keras2,
			"class_name"));
		try {
			final KerasModel model = KerasNetworks.model(keras2.toString(), sequential);
			final ComputationGraphConfiguration conf = KerasNetworks.configuration(model);
			DeclaredSizes.check(file, conf, model.getOutputTypes(), datasets, root, group);
			for (final KerasLayer layer : model.getLayers().values()) {
				final Map<String, INDArray> weights = weights(file, archive, layer, datasets, root +
					group.apply(layer.getLayerName()) + "/", !root.equals("layers/"));
				if (!weights.isEmpty()) layer.setWeights(weights);
				else if (layer.getNumParams() > 0) {
					throw new ModelException(file + " holds no weights for layer " + layer
						.getLayerName() + " (" + layer.getClassName() + "); the file is damaged or " +
						"not saved by Keras.");
				}
			}
			return KerasNetworks.based(file, keras2, shape, rescale == null ? null : rescale
				.normalization(shape), model, conf, log);
		}
		catch (final ModelException e) {
			throw e;
		}
		catch (final IOException | InvalidKerasConfigurationException |
			UnsupportedKerasConfigurationException | RuntimeException e)
		{
			throw new ModelException("Cannot import the Keras 3 model " + file + ": " +
				KerasNetworks.reason(e) + ".", e);
		}
	}

	/**
	 * The weights of {@code layer}, stored under {@code prefix}, by Keras 2's names
	 * (kernel, bias, gamma, ...): {@code named} (an .h5), by the last part of their
	 * paths, else (a .keras) by their numbers.
	 */
	private static Map<String, INDArray> weights(final Path file, final Hdf5Archive archive,
		final KerasLayer layer, final Map<String, Long> datasets, final String prefix,
		final boolean named) throws UnsupportedKerasConfigurationException
	{
		final List<String> paths = new ArrayList<>();
		for (final String path : datasets.keySet()) {
			if (path.startsWith(prefix)) paths.add(path);
		}
		final Map<String, INDArray> weights = new HashMap<>();
		if (paths.isEmpty()) return weights;
		final List<String> names = named ? null : names(file, layer, paths.size());
		for (final String path : paths) {
			final int slash = path.lastIndexOf('/');
			final String dataset = path.substring(slash + 1);
			final String name;
			if (!named) {
				final int i = index(dataset);
				if (!path.equals(prefix + "vars/" + dataset) || i < 0 || i >= names.size()) {
					throw new ModelException(file + ": " + WEIGHTS + " holds /" + path + ", which " +
						"is not a variable of layer " + layer.getLayerName() + " (" + layer
							.getClassName() + "); the file is damaged or not saved by Keras 3.");
				}
				name = names.get(i);
			}
			else name = dataset.replaceFirst(":\\d+$", "");
			weights.put(name, archive.readDataSet(dataset, path.substring(0, slash)));
		}
		return weights;
	}

	/** The names of the {@code n} variables a .keras file stores for {@code layer}, in their order. */
	private static List<String> names(final Path file, final KerasLayer layer, final int n) {
		final String kind = layer.getClassName();
		final List<String> names;
		if ("BatchNormalization".equals(kind)) {
			final Map<String, Object> c = innerConfig(layer);
			names = new ArrayList<>();
			if (!Boolean.FALSE.equals(c.get("scale"))) names.add("gamma");
			if (!Boolean.FALSE.equals(c.get("center"))) names.add("beta");
			names.addAll(List.of("moving_mean", "moving_variance"));
		}
		else {
			final List<String> all = VARIABLES.get(kind);
			if (all == null) {
				throw new ModelException(file + ": layer " + layer.getLayerName() + " (" + kind +
					") has weights that this plugin cannot read from a Keras 3 file; only " +
					"Conv2D, Dense, BatchNormalization and the like can be imported.");
			}
			final Object bias = innerConfig(layer).get("use_bias");
			names = Boolean.FALSE.equals(bias) ? all.subList(0, all.size() - 1) : all;
		}
		if (names.size() != n) {
			throw new ModelException(file + ": layer " + layer.getLayerName() + " (" + kind +
				") stores " + n + " variables where Keras 3 writes " + names.size() + " (" + String
					.join(", ", names) + "); the file is damaged.");
		}
		return names;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> innerConfig(final KerasLayer layer) {
		final Object c = layer.getOriginalLayerConfig().get("config");
		return c instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
	}

	private static int index(final String name) {
		try {
			return name.length() < 10 ? Integer.parseInt(name) : -1;
		}
		catch (final NumberFormatException e) {
			return -1;
		}
	}

}
