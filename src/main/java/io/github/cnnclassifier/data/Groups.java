package io.github.cnnclassifier.data;

import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The group_by option: which group (patient, field, well) an image belongs to. */
public final class Groups {

	private Groups() {}

	/**
	 * {@code "folder"}: the first sub-folder below the image's class folder
	 * (an image right in the class folder is a group of its own); else a
	 * regular expression with one capture group, found in the file name.
	 *
	 * @param root the labelled folder
	 * @throws DataException for a regular expression without exactly one capture group
	 */
	public static Function<LabelledImage, String> of(final String groupBy, final Path root) {
		if (groupBy.equals("folder")) {
			return image -> {
				final Path rel = root.relativize(image.file());
				return rel.getNameCount() > 2 ? rel.getName(1).toString() : rel.toString()
					.replace(java.io.File.separatorChar, '/');
			};
		}
		final Pattern pattern;
		try {
			pattern = Pattern.compile(groupBy);
		}
		catch (final PatternSyntaxException e) {
			throw new DataException("group_by must be 'folder' or a regular expression: " +
				Messages.escaped(groupBy) + " is not one (" + e.getDescription() + ").");
		}
		if (pattern.matcher("").groupCount() != 1) {
			throw new DataException("group_by " + Messages.escaped(groupBy) + " must have " +
				"exactly one capture group, e.g. '^(P\\d+)_' for P01_3.tif.");
		}
		return image -> {
			final String name = image.file().getFileName().toString();
			final Matcher m = pattern.matcher(name);
			if (!m.find() || m.group(1) == null) {
				throw new DataException("Image " + image.file() + " has no group: its name " +
					"does not match group_by " + Messages.escaped(groupBy) + ". Rename it or " +
					"change group_by.");
			}
			return m.group(1);
		};
	}
}
