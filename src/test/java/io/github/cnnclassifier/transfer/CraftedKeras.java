package io.github.cnnclassifier.transfer;

import static org.bytedeco.hdf5.global.hdf5.H5Aclose;
import static org.bytedeco.hdf5.global.hdf5.H5Acreate2;
import static org.bytedeco.hdf5.global.hdf5.H5Adelete;
import static org.bytedeco.hdf5.global.hdf5.H5Awrite;
import static org.bytedeco.hdf5.global.hdf5.H5Dclose;
import static org.bytedeco.hdf5.global.hdf5.H5Dcreate2;
import static org.bytedeco.hdf5.global.hdf5.H5F_ACC_RDWR;
import static org.bytedeco.hdf5.global.hdf5.H5Fclose;
import static org.bytedeco.hdf5.global.hdf5.H5Fopen;
import static org.bytedeco.hdf5.global.hdf5.H5Lcreate_external;
import static org.bytedeco.hdf5.global.hdf5.H5Lcreate_soft;
import static org.bytedeco.hdf5.global.hdf5.H5Ldelete;
import static org.bytedeco.hdf5.global.hdf5.H5Lmove;
import static org.bytedeco.hdf5.global.hdf5.H5P_CLS_DATASET_CREATE_ID_g;
import static org.bytedeco.hdf5.global.hdf5.H5P_DEFAULT;
import static org.bytedeco.hdf5.global.hdf5.H5Pclose;
import static org.bytedeco.hdf5.global.hdf5.H5Pcreate;
import static org.bytedeco.hdf5.global.hdf5.H5Pset_external;
import static org.bytedeco.hdf5.global.hdf5.H5Pset_virtual;
import static org.bytedeco.hdf5.global.hdf5.H5S_SCALAR;
import static org.bytedeco.hdf5.global.hdf5.H5Sclose;
import static org.bytedeco.hdf5.global.hdf5.H5Screate;
import static org.bytedeco.hdf5.global.hdf5.H5Screate_simple;
import static org.bytedeco.hdf5.global.hdf5.H5T_C_S1_g;
import static org.bytedeco.hdf5.global.hdf5.H5T_IEEE_F32LE_g;
import static org.bytedeco.hdf5.global.hdf5.H5Tclose;
import static org.bytedeco.hdf5.global.hdf5.H5Tcopy;
import static org.bytedeco.hdf5.global.hdf5.H5Tset_size;
import static org.bytedeco.hdf5.global.hdf5.H5open;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import org.bytedeco.hdf5.global.hdf5;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;

/**
 * Hostile Keras files, written in Java through HDF5's own library: the
 * sequential fixture (src/test/resources/keras/sequential.h5) with one thing
 * changed, so that all the rest imports and only the change can be refused.
 */
public final class CraftedKeras {

	/** The fixture every crafted file starts from; its last layer is "dense" (kernel 96x8, bias 8). */
	public static final Path SEQUENTIAL = Paths.get("src", "test", "resources", "keras",
		"sequential.h5");
	/** The functional fixture: convolutions, batch norm, global average pooling, dense. */
	public static final Path FUNCTIONAL = SEQUENTIAL.resolveSibling("functional.h5");

	private CraftedKeras() {}

	/** The dense bias, 8 floats, kept in {@code target} (HDF5's external storage). */
	public static Path externalStorage(final Path out, final Path target) throws IOException {
		return edit(out, f -> {
			final String bias = "/model_weights/dense/dense/bias:0";
			check(H5Ldelete(f, bias, H5P_DEFAULT));
			final long plist = H5Pcreate(H5P_CLS_DATASET_CREATE_ID_g());
			check(H5Pset_external(plist, target.toString(), 0, 8 * 4));
			final long space = H5Screate_simple(1, new long[] { 8 }, null);
			check(H5Dclose(check(H5Dcreate2(f, bias, H5T_IEEE_F32LE_g(), space, H5P_DEFAULT, plist,
				H5P_DEFAULT))));
			H5Sclose(space);
			H5Pclose(plist);
		});
	}

	/** The dense bias, 8 floats, a virtual dataset mapping the same dataset of {@code other}. */
	public static Path virtualDataset(final Path out, final Path other) throws IOException {
		return edit(out, f -> {
			final String bias = "/model_weights/dense/dense/bias:0";
			check(H5Ldelete(f, bias, H5P_DEFAULT));
			final long space = H5Screate_simple(1, new long[] { 8 }, null);
			final long plist = H5Pcreate(H5P_CLS_DATASET_CREATE_ID_g());
			check(H5Pset_virtual(plist, space, other.toString(), bias, space));
			check(H5Dclose(check(H5Dcreate2(f, bias, H5T_IEEE_F32LE_g(), space, H5P_DEFAULT, plist,
				H5P_DEFAULT))));
			H5Pclose(plist);
			H5Sclose(space);
		});
	}

	/** The dense layer's weights group, an external link to the same group in {@code other}. */
	public static Path externalLink(final Path out, final Path other) throws IOException {
		return edit(out, f -> {
			check(H5Ldelete(f, "/model_weights/dense", H5P_DEFAULT));
			check(H5Lcreate_external(other.toString(), "/model_weights/dense", f,
				"/model_weights/dense", H5P_DEFAULT, H5P_DEFAULT));
		});
	}

	/** The dense layer's weights group moved to /elsewhere, with a soft link where it was. */
	public static Path softLink(final Path out) throws IOException {
		return edit(out, f -> {
			check(H5Lmove(f, "/model_weights/dense", f, "/elsewhere", H5P_DEFAULT, H5P_DEFAULT));
			check(H5Lcreate_soft("/elsewhere", f, "/model_weights/dense", H5P_DEFAULT,
				H5P_DEFAULT));
		});
	}

	/** The dense layer declaring {@code units} outputs; its stored kernel stays 96x8. */
	public static Path hugeDense(final Path out, final int units) throws IOException {
		return editConfig(SEQUENTIAL, out, layer -> {
			if ("dense".equals(layer.get("name").getAsString())) layer.addProperty("units", units);
		});
	}

	/** The functional fixture (convolutions, global pooling) taking {@code side}² inputs. */
	public static Path hugeInput(final Path out, final int side) throws IOException {
		return editConfig(FUNCTIONAL, out, layer -> {
			final JsonArray shape = layer.getAsJsonArray("batch_input_shape");
			if (shape == null) return;
			shape.set(1, new JsonPrimitive(side));
			shape.set(2, new JsonPrimitive(side));
		});
	}

	/**
	 * The sequential fixture as Keras 1.x and 2.0–2.1 wrote it: the layer list
	 * directly in model_config's config, not inside an object with a name.
	 */
	public static Path layerListSequential(final Path out) throws IOException {
		return rewriteConfig(SEQUENTIAL, out, tree -> tree.add("config", tree.getAsJsonObject(
			"config").getAsJsonArray("layers")));
	}

	/** The functional fixture as Keras 3 (TensorFlow 2.16 and later) writes .h5: batch_shape. */
	public static Path keras3(final Path out) throws IOException {
		return editConfig(FUNCTIONAL, out, layer -> {
			final JsonElement shape = layer.remove("batch_input_shape");
			if (shape != null) layer.add("batch_shape", shape);
		});
	}

	/** The functional fixture as a channels-first (Theano-ordered) model: [null, c, h, w] input. */
	public static Path channelsFirst(final Path out) throws IOException {
		return editConfig(FUNCTIONAL, out, layer -> {
			if (layer.has("data_format")) layer.addProperty("data_format", "channels_first");
			final JsonArray shape = layer.getAsJsonArray("batch_input_shape");
			if (shape == null) return;
			final JsonElement c = shape.remove(3);
			shape.add(JsonNull.INSTANCE);
			for (int i = 3; i > 1; i--) shape.set(i, shape.get(i - 1));
			shape.set(1, c);
		});
	}

	/**
	 * The functional fixture with a SpatialDropout2D (which DL4J imports as a
	 * dropout of whole channels) where its ReLU activation was.
	 */
	public static Path spatialDropout(final Path out) throws IOException {
		return rewriteConfig(FUNCTIONAL, out, tree -> {
			for (final JsonElement e : tree.getAsJsonObject("config").getAsJsonArray("layers")) {
				final JsonObject layer = e.getAsJsonObject();
				if (!"activation".equals(layer.get("name").getAsString())) continue;
				layer.addProperty("class_name", "SpatialDropout2D");
				final JsonObject c = layer.getAsJsonObject("config");
				c.remove("activation");
				c.addProperty("rate", 0.2);
				c.add("noise_shape", JsonNull.INSTANCE);
				c.add("seed", JsonNull.INSTANCE);
			}
		});
	}

	/** A copy of {@code source} with each layer's model_config changed by {@code change}. */
	private static Path editConfig(final Path source, final Path out,
		final Consumer<JsonObject> change) throws IOException
	{
		return rewriteConfig(source, out, config -> {
			for (final JsonElement layer : config.getAsJsonObject("config").getAsJsonArray(
				"layers"))
			{
				change.accept(layer.getAsJsonObject().getAsJsonObject("config"));
			}
		});
	}

	/** A copy of {@code source} with its whole model_config changed by {@code change}. */
	private static Path rewriteConfig(final Path source, final Path out,
		final Consumer<JsonObject> change) throws IOException
	{
		final String json;
		try (Hdf5Archive archive = new Hdf5Archive(source.toString())) {
			json = archive.readAttributeAsJson("model_config").trim();
		}
		catch (final UnsupportedKerasConfigurationException e) {
			throw new IOException(e);
		}
		// NB: DL4J's buffer may hold bytes after the JSON.
		final JsonObject config = JsonParser.parseReader(new JsonReader(new StringReader(json)))
			.getAsJsonObject();
		change.accept(config);
		final byte[] text = config.toString().getBytes(StandardCharsets.UTF_8);
		return edit(source, out, f -> {
			check(H5Adelete(f, "model_config"));
			final long type = H5Tcopy(H5T_C_S1_g());
			check(H5Tset_size(type, text.length));
			final long space = H5Screate(H5S_SCALAR);
			final long attribute = check(H5Acreate2(f, "model_config", type, space, H5P_DEFAULT,
				H5P_DEFAULT));
			check(H5Awrite(attribute, type, new BytePointer(text)));
			H5Aclose(attribute);
			H5Sclose(space);
			H5Tclose(type);
		});
	}

	/** A copy of the sequential fixture at {@code out}, changed by {@code change}. */
	private static Path edit(final Path out, final LongConsumer change) throws IOException {
		return edit(SEQUENTIAL, out, change);
	}

	/** A copy of {@code source} at {@code out}, opened for writing and changed by {@code change}. */
	private static Path edit(final Path source, final Path out, final LongConsumer change)
		throws IOException
	{
		Files.copy(source, out);
		Loader.load(hdf5.class);
		synchronized (Hdf5Archive.LOCK_OBJECT) {
			H5open();
			final long f = check(H5Fopen(out.toString(), H5F_ACC_RDWR, H5P_DEFAULT));
			try {
				change.accept(f);
			}
			finally {
				H5Fclose(f);
			}
		}
		return out;
	}

	private static long check(final long status) {
		if (status < 0) throw new IllegalStateException("HDF5 call failed: " + status);
		return status;
	}
}
