package io.github.cnnclassifier.model;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.output.OutputFile;
import io.github.cnnclassifier.output.SafeFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads and writes model files: one zip as DL4J's ModelSerializer writes it
 * plus our {@value #METADATA_ENTRY}. Writing goes to a temporary file that is
 * then moved into place, so a crash never leaves half a model.
 * <p>
 * Reading never hands the file to DL4J's reader, which deserialises Java
 * objects it finds in the zip: {@link ModelZip} admits only our entries,
 * each bounded in size, the configuration is checked by
 * {@link ConfigurationGuard} before DL4J parses it, and the parameters are
 * read by {@link NdArrays} against the count the configuration implies.
 * </p>
 */
public final class ModelIO {

	/** Name of our metadata entry inside the zip. */
	public static final String METADATA_ENTRY = "cnn-classifier.json";

	/** What a model output is, for {@link OutputFile}: a zip holding our metadata entry. */
	public static final OutputFile.Kind KIND = OutputFile.Kind.zipWithEntry("model",
		"a CNN Classifier model (a .zip with " + METADATA_ENTRY + ")", METADATA_ENTRY);

	/** NB: more than any metadata or configuration of a real network needs (ResNet50's is 0.2 MB). */
	private static final long JSON_LIMIT = 16L << 20;

	private static final Gson GSON = new GsonBuilder()
		.setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
		.serializeNulls().setPrettyPrinting().create();

	private ModelIO() {}

	/**
	 * Readies the reading of model files on a thread of its own, for a caller
	 * that expects to read one soon (a command line, a macro starting): DL4J's
	 * JSON mapper and the configuration classes of a typical network, by
	 * reading the lecture CNN's configuration ({@value #PRIMER}).
	 * <p>
	 * NB: the mapper took 0.2 s and the first configuration read 0.17 s more
	 * than a second one (measured), all on the thread of a macro's first call.
	 * The configuration is a file, not built: DL4J's builders start ND4J.
	 * </p>
	 */
	public static void prepareInBackground() {
		final Thread t = new Thread(ModelIO::prepare, "cnn-classifier-prepare");
		t.setDaemon(true);
		t.start();
	}

	/** The lecture CNN's configuration as Train CNN Classifier writes it, for {@link #prepareInBackground}. */
	static final String PRIMER = "lecture-cnn-configuration.json";

	private static void prepare() {
		try (InputStream in = ModelIO.class.getResourceAsStream(PRIMER)) {
			ComputationGraphConfiguration.fromJson(new String(in.readAllBytes(),
				StandardCharsets.UTF_8));
		}
		catch (final IOException | RuntimeException e) {
			// NB: only a head start: the real read says what is wrong, if anything.
		}
	}

	/**
	 * Fails early, before any training, if a model cannot be written to {@code file}.
	 *
	 * @throws DataException naming the file and what to do
	 */
	public static void checkWritable(final Path file) {
		SafeFiles.checkWritable(file, "model");
	}

	/** Writes {@code model} to {@code file} atomically, without optimiser state. */
	public static void save(final ModelBundle model, final Path file) {
		save(model, file, false);
	}

	/**
	 * Writes {@code model} to {@code file} atomically, replacing an older file;
	 * with {@code optimizerState}, training can later continue where it stopped.
	 */
	public static void save(final ModelBundle model, final Path file,
		final boolean optimizerState)
	{
		SafeFiles.write(file, "model", tmp -> {
			ModelSerializer.writeModel(model.network(), tmp.toFile(), optimizerState);
			try (FileSystem zip = FileSystems.newFileSystem(tmp, (ClassLoader) null)) {
				Files.write(zip.getPath(METADATA_ENTRY), GSON.toJson(model.metadata())
					.getBytes(StandardCharsets.UTF_8));
				final TrainingHashes hashes = model.metadata().trainingHashes();
				if (hashes != null) Files.write(zip.getPath(TrainingHashes.ENTRY), hashes.bytes());
			}
		});
	}

	/**
	 * Opens a model file written by {@link #save}, by earlier versions of
	 * the plugin (their networks become graphs named after their layers);
	 * {@code interop.ModelFiles} opens the other formats too. The network is
	 * built when first asked for ({@link ModelBundle#network()}), with the
	 * optimiser state, where saved, restored into its updater; classifying
	 * with the vector engine needs neither the network nor ND4J.
	 *
	 * @throws ModelException if the file is missing, not one of our models,
	 *           damaged, or holds anything a model of ours does not
	 */
	public static ModelBundle load(final Path file) {
		if (!Files.isRegularFile(file)) {
			throw new ModelException("Model file not found: " + file +
				". Train one with \"Train CNN Classifier\" or check the path.");
		}
		final FileTime read = modified(file);
		try (ModelZip zip = ModelZip.open(file)) {
			final ModelMetadata metadata = metadata(file, zip);
			final Stored stored = stored(file, zip);
			check(file, stored.conf, metadata);
			// NB: files of DL4J versions before topological orders were saved: only the network knows it.
			if (stored.conf.getTopologicalOrderStr() == null) {
				return new ModelBundle(network(file, zip, stored), metadata);
			}
			// NB: read when the network is built; no updater of DL4J keeps over 3 values a parameter.
			zip.checkClaimedSize(ModelZip.UPDATER, stored.params.length * 3L * 8 + 4096);
			return new ModelBundle(new FlatParams(stored.conf, stored.params), metadata,
				() -> network(file, read, stored));
		}
	}

	/**
	 * Reads the network of a Deeplearning4j model zip that has none of our
	 * metadata, such as the zoo's pretrained weights, by the rules of
	 * {@link #load}: only the network's entries, each bounded, the
	 * configuration checked, the parameters read by us; a MultiLayerNetwork
	 * becomes a graph.
	 *
	 * @throws ModelException if the file is missing, not such a network, or damaged
	 */
	public static ComputationGraph readNetwork(final Path file) {
		if (!Files.isRegularFile(file)) throw new ModelException("File not found: " + file);
		Nd4jBackend.loadInBackground(); // NB: while the zip and the JSON are read
		try (ModelZip zip = ModelZip.open(file, false)) {
			return network(file, zip, stored(file, zip));
		}
	}

	/** Reads only {@value #METADATA_ENTRY}: labels, input, history, without loading the network. */
	public static ModelMetadata readMetadata(final Path file) {
		if (!Files.isRegularFile(file)) {
			throw new ModelException("Model file not found: " + file +
				". Train one with \"Train CNN Classifier\" or check the path.");
		}
		try (ModelZip zip = ModelZip.open(file)) {
			return metadata(file, zip);
		}
	}

	private static ModelMetadata metadata(final Path file, final ModelZip zip) {
		final String json = text(zip.read(METADATA_ENTRY, JSON_LIMIT));
		try {
			ConfigurationGuard.checkDepth(json, file + " (" + METADATA_ENTRY + ")");
			final ModelMetadata metadata = GSON.fromJson(json, ModelMetadata.class);
			if (metadata == null) throw new JsonParseException("empty");
			metadata.validate(file.toString());
			final byte[] hashes = zip.read(TrainingHashes.ENTRY, TrainingHashes.LIMIT);
			return hashes == null ? metadata : metadata.trainingHashes(TrainingHashes.read(hashes,
				file.toString()));
		}
		catch (final JsonParseException | IllegalStateException | NumberFormatException e) {
			throw new ModelException(file + " has a damaged " + METADATA_ENTRY + ": " + e
				.getMessage(), e);
		}
	}

	/** A network as a file stores it: its configuration (a graph's) and its parameter values. */
	private record Stored(ComputationGraphConfiguration conf, float[] params) {}

	/**
	 * The configuration, checked and then parsed by DL4J (a MultiLayerNetwork's
	 * made a graph's), and the parameters read by us; no ND4J.
	 */
	private static Stored stored(final Path file, final ModelZip zip) {
		final String json = text(zip.read(ModelZip.CONFIGURATION, JSON_LIMIT));
		if (json == null) throw new ModelException(file + " has no network configuration; " +
			"the file is damaged. Train the model again.");
		final JsonObject tree = ConfigurationGuard.check(json, file + " (" +
			ModelZip.CONFIGURATION + ")");
		final ComputationGraphConfiguration conf;
		long params = 0;
		try {
			// NB: a single stack orders its parameters (and updater state) as the graph of its layers does.
			conf = tree.has("vertices") ? ComputationGraphConfiguration.fromJson(json) : Networks
				.toGraph(MultiLayerConfiguration.fromJson(json));
			for (final GraphVertex v : conf.getVertices().values()) params += v.numParams(true);
		}
		catch (final RuntimeException e) {
			throw new ModelException("Cannot read the network in " + file + ": " + message(e) +
				". The file may be damaged; train the model again.", e);
		}
		return new Stored(conf, NdArrays.readFloats(require(file, zip.read(ModelZip.COEFFICIENTS,
			params * 8 + 4096)), params, "network parameters of " + file));
	}

	/**
	 * The network of a model file read before: its parameters as read then,
	 * the optimiser state from the file, which must not have changed since.
	 */
	private static ComputationGraph network(final Path file, final FileTime read,
		final Stored stored)
	{
		if (!Files.isRegularFile(file) || !modified(file).equals(read)) {
			throw new ModelException(file + " has changed since it was read; open the model " +
				"again.");
		}
		try (ModelZip zip = ModelZip.open(file)) {
			return network(file, zip, stored);
		}
	}

	/** The network built from what the file stores, with the optimiser state where saved. */
	private static ComputationGraph network(final Path file, final ModelZip zip,
		final Stored stored)
	{
		Nd4jBackend.load();
		final ComputationGraph network;
		try {
			network = new ComputationGraph(stored.conf);
			network.init(Nd4j.create(stored.params, new long[] { 1, stored.params.length }, 'c'),
				false);
		}
		catch (final RuntimeException e) {
			throw new ModelException("Cannot build the network in " + file + ": " + message(e) +
				". The file may be damaged; train the model again.", e);
		}
		final INDArray state = network.getUpdater() == null ? null : network.getUpdater()
			.getStateViewArray();
		if (state != null && state.length() > 0 && zip.has(ModelZip.UPDATER)) {
			final float[] saved = NdArrays.readFloats(zip.read(ModelZip.UPDATER, state.length() *
				8 + 4096), state.length(), "optimiser state of " + file);
			state.assign(Nd4j.create(saved, state.shape(), 'c'));
		}
		return network;
	}

	private static FileTime modified(final Path file) {
		try {
			return Files.getLastModifiedTime(file);
		}
		catch (final IOException e) {
			throw new ModelException("Cannot read " + file + ": " + e.getMessage(), e);
		}
	}

	/**
	 * Fails unless the network takes the metadata's input and gives one output
	 * per label; reads only the configuration (no ND4J).
	 */
	private static void check(final Path file, final ComputationGraphConfiguration conf,
		final ModelMetadata metadata)
	{
		if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
			throw new ModelException(file + " holds a network with " + conf.getNetworkInputs()
				.size() + " inputs and " + conf.getNetworkOutputs().size() + " outputs; a " +
				"classifier has one of each.");
		}
		final long outputs = Networks.layer(conf.getVertices().get(conf.getNetworkOutputs().get(
			0))) instanceof FeedForwardLayer ff ? ff.getNOut() : -1;
		if (outputs != metadata.labels().size()) {
			throw new ModelException(file + " is inconsistent: the network has " + outputs +
				" outputs but " + metadata.labels().size() + " labels.");
		}
		final var in = metadata.input();
		try {
			// NB: the original's sizes: working out the types overwrites those of the copy used.
			final Map<String, InputType> types = Networks.activationTypes(conf, in);
			for (final Map.Entry<String, GraphVertex> v : conf.getVertices().entrySet()) {
				// NB: a layer without parameters (dropout) keeps nIn 0 until DL4J builds the network.
				if (!(v.getValue() instanceof LayerVertex lv) || !(lv.getLayerConf()
					.getLayer() instanceof FeedForwardLayer ff) || lv.numParams(true) == 0) continue;
				InputType type = types.get(conf.getVertexInputs().get(v.getKey()).get(0));
				if (lv.getPreProcessor() != null) type = lv.getPreProcessor().getOutputType(type);
				final long expected = type instanceof InputType.InputTypeConvolutional c ? c
					.getChannels() : type.arrayElementsPerExample();
				if (ff.getNIn() != expected) {
					throw new ModelException("layer " + v.getKey() + " takes " + ff.getNIn() +
						" inputs but gets " + expected);
				}
			}
		}
		catch (final RuntimeException e) {
			throw new ModelException(file + " is inconsistent: its network cannot take the " +
				in + " input its metadata declares (" + message(e) + ").", e);
		}
	}

	private static byte[] require(final Path file, final byte[] bytes) {
		if (bytes == null) {
			throw new ModelException(file + " has no network parameters; the file is damaged. " +
				"Train the model again.");
		}
		return bytes;
	}

	private static String text(final byte[] bytes) {
		return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
	}

	private static String message(final Throwable e) {
		Throwable t = e;
		while (t.getCause() != null && t.getCause() != t) t = t.getCause();
		final String m = t.getMessage() == null ? t.toString() : t.getMessage();
		final int line = m.indexOf('\n');
		return line < 0 ? m : m.substring(0, line);
	}

	/** The metadata as the JSON text stored in model files. */
	public static String toJson(final ModelMetadata metadata) {
		return GSON.toJson(metadata);
	}
}
