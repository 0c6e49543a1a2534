package io.github.cnnclassifier.model;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.SafeFiles;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Reads and writes model files: one zip written by DL4J's ModelSerializer
 * plus our {@value #METADATA_ENTRY}. Writing goes to a temporary file that is
 * then moved into place, so a crash never leaves half a model.
 */
public final class ModelIO {

	/** Name of our metadata entry inside the zip. */
	public static final String METADATA_ENTRY = "cnn-classifier.json";

	private static final Gson GSON = new GsonBuilder()
		.setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
		.serializeNulls().setPrettyPrinting().create();

	private ModelIO() {}

	/**
	 * Fails early, before any training, if a model cannot be written to {@code file}.
	 *
	 * @throws DataException naming the file and what to do
	 */
	public static void checkWritable(final Path file) {
		SafeFiles.checkWritable(file, "model");
	}

	/** Writes {@code model} to {@code file} atomically, replacing an older file. */
	public static void save(final ModelBundle model, final Path file) {
		SafeFiles.write(file, "model", tmp -> {
			// NB: no updater state: the engine keeps its own, and a model is for use or for new training.
			ModelSerializer.writeModel(model.network(), tmp.toFile(), false);
			try (FileSystem zip = FileSystems.newFileSystem(tmp, (ClassLoader) null)) {
				Files.write(zip.getPath(METADATA_ENTRY), GSON.toJson(model.metadata())
					.getBytes(StandardCharsets.UTF_8));
			}
		});
	}

	/**
	 * Opens a model file written by {@link #save}.
	 *
	 * @throws ModelException if the file is missing, not a zip, or not one of our models
	 */
	public static ModelBundle load(final Path file) {
		final ModelMetadata metadata = readMetadata(file);
		Nd4jBackend.load();
		final MultiLayerNetwork network;
		try {
			network = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
		}
		catch (final IOException | RuntimeException e) {
			throw new ModelException("Cannot read the network in " + file + ": " +
				e.getMessage() + ". The file may be damaged; train the model again.", e);
		}
		final long outputs = network.layerSize(network.getnLayers() - 1);
		if (outputs != metadata.labels().size()) {
			throw new ModelException(file + " is inconsistent: the network has " + outputs +
				" outputs but " + metadata.labels().size() + " labels.");
		}
		return new ModelBundle(network, metadata);
	}

	/** Reads only {@value #METADATA_ENTRY}: labels, input, history, without loading the network. */
	public static ModelMetadata readMetadata(final Path file) {
		if (!Files.isRegularFile(file)) {
			throw new ModelException("Model file not found: " + file +
				". Train one with \"Train CNN Classifier\" or check the path.");
		}
		try (ZipFile zip = new ZipFile(file.toFile())) {
			final ZipEntry entry = zip.getEntry(METADATA_ENTRY);
			if (entry == null) {
				final boolean dl4j = zip.getEntry("configuration.json") != null;
				throw new ModelException(file + " is not a CNN Classifier model: " + (dl4j
					? "it is a Deeplearning4j network without our " + METADATA_ENTRY +
						" (labels, input size, normalisation)."
					: "it has no " + METADATA_ENTRY + ".") +
					" Choose a model saved by \"Train CNN Classifier\".");
			}
			try (Reader in = new InputStreamReader(zip.getInputStream(entry),
				StandardCharsets.UTF_8))
			{
				final ModelMetadata metadata = GSON.fromJson(in, ModelMetadata.class);
				if (metadata == null) throw new JsonParseException("empty");
				metadata.validate(file.toString());
				return metadata;
			}
		}
		catch (final ZipException e) {
			throw new ModelException(file + " is not a CNN Classifier model: it is not a " +
				"zip archive. Choose a model saved by \"Train CNN Classifier\".", e);
		}
		catch (final JsonParseException e) {
			throw new ModelException(file + " has a damaged " + METADATA_ENTRY + ": " +
				e.getMessage(), e);
		}
		catch (final IOException e) {
			throw new ModelException("Cannot read " + file + ": " + e.getMessage(), e);
		}
	}

	/** The metadata as the JSON text stored in model files. */
	public static String toJson(final ModelMetadata metadata) {
		return GSON.toJson(metadata);
	}
}
