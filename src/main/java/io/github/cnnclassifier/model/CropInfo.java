package io.github.cnnclassifier.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import io.github.cnnclassifier.data.DataException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

	public CropInfo {
		// NB: Gson builds records through this constructor, so no check may throw here.
		objects = objects == null ? List.of() : List.copyOf(objects);
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

	/** The text of {@value #FILE}. */
	public String json() {
		final JsonObject o = new JsonObject();
		o.addProperty("crop", crop);
		o.addProperty("padding", padding);
		o.addProperty("mask_outside", maskOutside);
		final JsonArray a = new JsonArray();
		objects.forEach(a::add);
		o.add("objects", a);
		return o.toString();
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
			final JsonObject o = JsonParser.parseString(text).getAsJsonObject();
			final int crop = o.get("crop").getAsInt(), padding = o.get("padding").getAsInt();
			final JsonElement mask = o.get("mask_outside");
			if (crop < 0 || padding < 0 || crop > MAX_SIDE || padding > MAX_SIDE || !mask
				.isJsonPrimitive() || !mask.getAsJsonPrimitive().isBoolean())
			{
				throw new IllegalStateException();
			}
			final List<String> objects = new ArrayList<>();
			if (o.has("objects")) {
				for (final JsonElement e : o.getAsJsonArray("objects")) objects.add(e.getAsString());
			}
			return new CropInfo(crop, padding, mask.getAsBoolean(), objects);
		}
		catch (final JsonParseException | IllegalStateException | NullPointerException |
			UnsupportedOperationException | ClassCastException | NumberFormatException e)
		{
			throw new DataException(file + " is not a crop geometry written by Export ROIs as " +
				"Training Images (crop and padding from 0 to " + MAX_SIDE + ", mask_outside true " +
				"or false): delete it or export the crops again");
		}
	}
}
