package io.github.cnnclassifier.model;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import io.github.cnnclassifier.data.DataException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a model's training images were cut from objects (Export ROIs as
 * Training Images records it in {@value #FILE} beside the class folders), so
 * that Classify ROIs with CNN cuts the same way.
 *
 * @param crop side of the square around each object's centroid; 0: the bounding box made square
 * @param padding pixels around the bounding box when {@code crop} is 0
 * @param maskOutside whether the pixels outside each object were set to the background
 * @param objects where the objects came from, e.g. "ROI file", "label image"
 */
public record CropInfo(int crop, int padding, boolean maskOutside, List<String> objects) {

	/** The file beside the class folders of exported crops. */
	public static final String FILE = "crop-geometry.json";

	/** Largest crop and padding a file may declare, as the commands take. */
	public static final int MAX_SIDE = 4096;

	/** NB: without HTML escaping, as the files written before were. */
	private static final Gson GSON = new GsonBuilder().setFieldNamingPolicy(
		FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).disableHtmlEscaping().create();

	public CropInfo {
		// NB: Gson builds records through this constructor, so no check may throw here.
		objects = objects == null ? List.of() : objects.stream().filter(Objects::nonNull)
			.toList();
	}

	/** The same geometry (objects aside). */
	public boolean sameGeometry(final CropInfo o) {
		return crop == o.crop && padding == o.padding && maskOutside == o.maskOutside;
	}

	/** This, with {@code source} among the objects' sources. */
	public CropInfo withObjects(final String source) {
		if (objects.contains(source)) return this;
		final List<String> all = new ArrayList<>(objects);
		all.add(source);
		return new CropInfo(crop, padding, maskOutside, all);
	}

	/** For the log: "crop=32, padding=2, mask_outside=false". */
	public String geometry() {
		return "crop=" + crop + ", padding=" + padding + ", mask_outside=" + maskOutside;
	}

	/** The text of {@value #FILE}: one line, the fields named as in a model file's metadata. */
	public String json() {
		return GSON.toJson(this);
	}

	/**
	 * The geometry recorded in {@code folder}'s {@value #FILE}; null when there is none.
	 *
	 * @throws DataException naming the file if it cannot be read or is not a crop geometry
	 */
	public static CropInfo read(final Path folder) {
		final Path file = folder.resolve(FILE);
		if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return null;
		try {
			if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > 64 << 10) {
				throw new DataException(file + " is not a crop geometry written by Export ROIs as " +
					"Training Images (not a small plain file): delete it or export the crops again");
			}
			return parse(Files.readString(file, StandardCharsets.UTF_8), file);
		}
		catch (final IOException e) {
			throw new DataException("Cannot read " + file + ": " + e.getMessage(), e);
		}
	}

	private static CropInfo parse(final String text, final Path file) {
		try {
			// NB: from the text, as a JsonObject would read 28.5 as 28.
			final CropInfo info = declaresAll(JsonParser.parseString(text)) ? GSON.fromJson(text,
				CropInfo.class) : null;
			if (info != null && info.crop >= 0 && info.padding >= 0 && info.crop <= MAX_SIDE &&
				info.padding <= MAX_SIDE) return info;
		}
		catch (final JsonParseException e) {
			// refused below
		}
		throw new DataException(file + " is not a crop geometry written by Export ROIs as " +
			"Training Images (crop and padding from 0 to " + MAX_SIDE + ", mask_outside true " +
			"or false): delete it or export the crops again");
	}

	/**
	 * Whether {@code json} gives crop, padding and a true or false
	 * mask_outside. NB: Gson reads a missing number as 0 and any text as false.
	 */
	private static boolean declaresAll(final JsonElement json) {
		return json instanceof JsonObject o && o.get("crop") instanceof JsonPrimitive && o.get(
			"padding") instanceof JsonPrimitive && o.get(
				"mask_outside") instanceof JsonPrimitive mask && mask.isBoolean();
	}
}
