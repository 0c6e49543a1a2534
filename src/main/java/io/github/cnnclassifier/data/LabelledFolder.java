package io.github.cnnclassifier.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A labelled image folder, {@code root/<label>/...}: every image below a
 * label's sub-folder, at any depth, belongs to that label (as MATLAB's
 * {@code imageDatastore(..., 'IncludeSubfolders', true, 'LabelSource', 'foldernames')}).
 * Hidden files and files that are not images by their extension are skipped.
 */
public final class LabelledFolder {

	/** Extensions of the formats ImageJ opens without plugins. */
	public static final Set<String> IMAGE_EXTENSIONS = Collections.unmodifiableSet(
		new TreeSet<>(List.of("tif", "tiff", "png", "jpg", "jpeg", "gif", "bmp",
			"pgm", "ppm", "pbm", "dcm", "fits", "fit")));

	private final Path root;
	private final List<String> labels;
	private final List<LabelledImage> images;

	private LabelledFolder(final Path root, final List<String> labels,
		final List<LabelledImage> images)
	{
		this.root = root;
		this.labels = labels;
		this.images = images;
	}

	/**
	 * Scans {@code root}; labels are the sub-folder names in sorted order,
	 * images are sorted by path within each label.
	 *
	 * @throws DataException if the folder is missing, has fewer than two
	 *           classes, or a class has no image
	 */
	public static LabelledFolder scan(final Path root) {
		if (!Files.isDirectory(root)) {
			throw new DataException("Image folder not found: " + root +
				". Choose a folder with one sub-folder of images per class.");
		}
		final List<Path> classDirs = list(root).stream()
			.filter(p -> Files.isDirectory(p) && !isHidden(p))
			.sorted().collect(Collectors.toList());
		if (classDirs.isEmpty()) {
			throw new DataException("Folder " + root + " has no class sub-folders. " +
				"Put the images of each class in a sub-folder named after the class, " +
				"e.g. " + root.resolve("cat") + " and " + root.resolve("dog") + ".");
		}
		if (classDirs.size() < 2) {
			throw new DataException("Folder " + root + " has only one class (" +
				classDirs.get(0).getFileName() + "). A classifier needs at least two " +
				"sub-folders, one per class.");
		}
		final List<String> labels = new ArrayList<>();
		final List<LabelledImage> images = new ArrayList<>();
		for (final Path dir : classDirs) {
			final String label = dir.getFileName().toString();
			final List<LabelledImage> ofClass = imagesBelow(dir, label);
			if (ofClass.isEmpty()) {
				throw new DataException("Class '" + label + "' (" + dir + ") has no " +
					"images. Add images (" + String.join(", ", IMAGE_EXTENSIONS) +
					") or remove the folder.");
			}
			labels.add(label);
			images.addAll(ofClass);
		}
		return new LabelledFolder(root, Collections.unmodifiableList(labels),
			Collections.unmodifiableList(images));
	}

	public Path root() {
		return root;
	}

	/** Class labels, sorted; the network's output order. */
	public List<String> labels() {
		return labels;
	}

	/** All images, grouped by label in label order, sorted by path within a label. */
	public List<LabelledImage> images() {
		return images;
	}

	/** True for a file name with one of {@link #IMAGE_EXTENSIONS}, ignoring case. */
	public static boolean isImageFile(final Path file) {
		final String name = file.getFileName().toString();
		final int dot = name.lastIndexOf('.');
		return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1)
			.toLowerCase(Locale.ROOT));
	}

	private static List<LabelledImage> imagesBelow(final Path dir, final String label) {
		try (Stream<Path> walk = Files.walk(dir)) {
			return walk.filter(p -> Files.isRegularFile(p) && isImageFile(p) &&
				!hiddenBelow(dir, p)).sorted()
				.map(p -> new LabelledImage(p, label, sizeOf(p)))
				.collect(Collectors.toList());
		}
		catch (final IOException | java.io.UncheckedIOException e) {
			throw new DataException("Cannot read folder " + dir + ": " + e.getMessage(), e);
		}
	}

	/** NB: a file inside a hidden folder (e.g. .thumbnails/) is hidden too. */
	private static boolean hiddenBelow(final Path dir, final Path file) {
		for (final Path part : dir.relativize(file)) {
			if (isHidden(part)) return true;
		}
		return false;
	}

	private static boolean isHidden(final Path p) {
		final Path name = p.getFileName();
		return name != null && name.toString().startsWith(".");
	}

	private static List<Path> list(final Path dir) {
		try (Stream<Path> s = Files.list(dir)) {
			return s.collect(Collectors.toList());
		}
		catch (final IOException e) {
			throw new DataException("Cannot read folder " + dir + ": " + e.getMessage(), e);
		}
	}

	private static long sizeOf(final Path p) {
		try {
			return Files.size(p);
		}
		catch (final IOException e) {
			throw new DataException("Cannot read " + p + ": " + e.getMessage(), e);
		}
	}
}
