package io.github.cnnclassifier.objects;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.io.FileSaver;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.folder.ClassFolders;
import io.github.cnnclassifier.model.CropInfo;
import io.github.cnnclassifier.output.CsvRecords;
import io.github.cnnclassifier.output.SafeFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the crops of classified objects as a labelled folder that training
 * takes as it is: {@code folder/<class>/<image>-<object>.tif}, with the
 * image's bit depth and channels, and the crop geometry in
 * {@value #GEOMETRY} beside the class folders. A crop already there is never
 * replaced.
 */
public final class ObjectExport {

	/** The file beside the class folders that records how the crops were cut. */
	public static final String GEOMETRY = CropInfo.FILE;

	/** What one export did. */
	public record Summary(int written, int kept, int unclassified) {

		public String describe() {
			return written + " crops written" + (kept == 0 ? "" : ", " + kept +
				" already there kept") + (unclassified == 0 ? "" : ", " + unclassified +
					" objects without a class left out");
		}
	}

	private ObjectExport() {}

	/**
	 * The class of a ROI: its {@code class} property, else its named group,
	 * else its name; null when it has none of them.
	 */
	public static String classOf(final Roi roi) {
		final String property = roi.getProperty(ClassifiedRois.CLASS);
		if (property != null && !property.isBlank()) return property.trim();
		if (roi.getGroup() > 0) {
			final String group = Roi.getGroupName(roi.getGroup());
			if (group != null && !group.isBlank()) return group.trim();
		}
		final String name = roi.getName();
		return name == null || name.isBlank() ? null : name.trim();
	}

	/**
	 * The classes of a label image's objects from a CSV with columns
	 * {@code Object} (label value) and {@code Class}.
	 *
	 * @throws DataException naming the file if it lacks those columns
	 */
	public static Map<String, String> readClasses(final Path csv) {
		final List<List<String>> lines;
		try {
			lines = CsvRecords.readAll(csv);
		}
		catch (final IOException e) {
			throw new DataException("Cannot read the classes " + csv + ": " + e.getMessage() +
				". Give a CSV with columns Object and Class.", e);
		}
		final List<String> heading = lines.isEmpty() ? List.of() : lines.get(0);
		final int object = heading.indexOf("Object");
		final int cls = heading.indexOf("Class");
		if (object < 0 || cls < 0) {
			throw new DataException("Classes file " + csv + " has no Object and Class columns " +
				"in its first line: give a CSV with columns Object (the label value) and Class");
		}
		final Map<String, String> classes = new HashMap<>();
		for (final List<String> cells : lines.subList(1, lines.size())) {
			if (cells.size() <= Math.max(object, cls)) continue;
			final String c = cells.get(cls).trim();
			if (!c.isEmpty()) classes.put(cells.get(object).trim(), c);
		}
		return classes;
	}

	/**
	 * Writes the crop of every object that has a class.
	 *
	 * @param classes the class of each object, by object name (an object not in it is left out)
	 * @param source where the objects came from, for the record, e.g. "ROI file"
	 * @throws DataException if the folder's crops were cut with another geometry, or cannot be written
	 */
	public static Summary export(final ImagePlus image, final List<ImageObject> objects,
		final Map<String, String> classes, final CropGeometry geometry, final String source,
		final Path folder)
	{
		writeGeometry(folder, geometry.info(source));
		final Crops crops = new Crops(image, geometry, true);
		int kept = 0, unclassified = 0;
		final Map<Path, ImageObject> missing = new LinkedHashMap<>();
		for (final ImageObject o : objects) {
			final String cls = classes.get(o.name());
			if (cls == null) {
				unclassified++;
				continue;
			}
			final Path file = folder.resolve(ClassFolders.name(cls)).resolve(ClassFolders.name(
				crops.title(o)) + ".tif");
			if (Files.exists(file) || missing.containsKey(file)) kept++;
			else missing.put(file, o);
		}
		prepareFolders(missing.keySet());
		int written = 0;
		for (final Map.Entry<Path, ImageObject> e : missing.entrySet()) {
			if (SafeFiles.create(e.getKey(), "crop", tmp -> save(crops.crop(e.getValue()), tmp))) {
				written++;
			}
			else kept++;
		}
		return new Summary(written, kept, unclassified);
	}

	/** Creates the class folders of {@code files} and removes what a killed export left there. */
	private static void prepareFolders(final Collection<Path> files) {
		final Map<Path, Set<String>> byFolder = new HashMap<>();
		for (final Path f : files) {
			byFolder.computeIfAbsent(f.getParent(), d -> new HashSet<>()).add(f.getFileName()
				.toString());
		}
		for (final Map.Entry<Path, Set<String>> e : byFolder.entrySet()) {
			try {
				Files.createDirectories(e.getKey());
				SafeFiles.removeLeftovers(e.getKey(), e.getValue());
			}
			catch (final IOException x) {
				throw new DataException("Cannot write the crops into " + e.getKey() + ": " +
					SafeFiles.why(x), x);
			}
		}
	}

	private static void save(final ImagePlus crop, final Path tmp) throws IOException {
		// NB: ImageJ's saveAsTiff(path) would follow a link put in place of tmp.
		final byte[] tiff = new FileSaver(crop).serialize();
		if (tiff == null) throw new IOException("ImageJ could not encode the crop as TIFF");
		try (OutputStream out = SafeFiles.openTemporary(tmp)) {
			out.write(tiff);
		}
	}

	/**
	 * Records the geometry and the objects' source, or checks the geometry
	 * against the one already recorded and adds the source.
	 */
	private static void writeGeometry(final Path folder, final CropInfo geometry) {
		final Path json = folder.resolve(GEOMETRY);
		final CropInfo before = CropInfo.read(folder);
		if (before != null && !before.sameGeometry(geometry)) {
			throw new DataException("Folder " + folder + " holds crops cut with " + before
				.geometry() + " (" + GEOMETRY + "), not " + geometry.geometry() + ": export with " +
				"the same crop, padding and mask_outside, or into another folder");
		}
		CropInfo after = before == null ? geometry : before;
		for (final String source : geometry.objects()) after = after.withObjects(source);
		if (after.equals(before)) return;
		final String text = after.json() + "\n";
		if (before != null) {
			SafeFiles.writeText(json, "crop geometry", text);
			return;
		}
		try {
			Files.createDirectories(folder);
			SafeFiles.removeLeftovers(folder, Set.of(GEOMETRY));
		}
		catch (final IOException e) {
			throw new DataException("Cannot save the crop geometry to " + json + ": " + SafeFiles
				.why(e), e);
		}
		// NB: the first record is created exclusively, so that of two exports begun at once
		// into a new folder the second is checked against the first's geometry.
		if (!SafeFiles.create(json, "crop geometry", tmp -> SafeFiles.writeTemporary(tmp, text)))
		{
			writeGeometry(folder, geometry);
		}
	}
}
