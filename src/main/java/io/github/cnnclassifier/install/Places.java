package io.github.cnnclassifier.install;

import io.github.cnnclassifier.data.RealPaths;
import io.github.cnnclassifier.output.OutputFile;
import io.github.cnnclassifier.install.Manifest.Entry;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * Where install writes in a Fiji or ImageJ folder: the one rule that every
 * path of the installation record must pass before anything is removed,
 * edited or recorded.
 * <p>
 * NB: a path is relative, without "." or "..", and stays, with links
 * resolved, inside the folder of the Fiji it belongs to ({@code plugins/},
 * {@code jars/} — a {@code jars/} that is itself a link counts as Fiji's —,
 * the backup folder, Jaunch's folder); edited lines must be exactly the lines
 * install writes. A launcher configuration file that is a link is the user's
 * and is edited where it leads.
 * </p>
 */
final class Places {

	/** Where earlier copies of the plugin are moved aside, in the Fiji or ImageJ folder. */
	static final String BACKUP = "cnn-classifier-backup";

	private static final String IMAGEJ_CFG = "ImageJ.cfg";

	private Places() {}

	/** Why {@code e} is not an entry install writes into {@code app}; null when it is one. */
	static String refusal(final AppFolder app, final Entry e) {
		final String path = e.path();
		if (!isPlain(path)) return quote(path) + " is not a relative path inside " + app.root();
		final boolean fits = switch (e.kind()) {
			case FILE -> isSha256(e.after()) && (inLibraries(app, path) || inConfig(path,
				VectorOption.JAUNCH_FILE) && stays(app, path, parent(path)) || path.equals(
					IMAGEJ_CFG) && stays(app, path, "."));
			case FOLDER -> inLibraries(app, path) || path.equals("plugins") || path.equals(
				"jars") || stays(app, path, BACKUP);
			case EDIT -> inConfig(path, "fiji.toml") && e.after().equals(VectorOption
				.withExtraInclude(e.before())) || path.equals(IMAGEJ_CFG) && e.after().equals(
					VectorOption.withOption(e.before()));
			case LINE -> path.equals(IMAGEJ_CFG) && e.after().equals(VectorOption.JVMARGS);
			case BACKUP -> isSha256(e.after()) && inLibraries(app, path) && isPlain(e.before()) &&
				stays(app, e.before(), BACKUP);
		};
		if (fits) return null;
		return quote(e.kind().name().toLowerCase(Locale.ROOT) + " " + path + (e
			.before().isEmpty() ? "" : " " + e.before())) + " is not what install writes " +
			"inside " + app.root() + " (plugins/, jars/, " + BACKUP + "/, Jaunch's " + VectorOption
				.JAUNCH_FILE + ", the lines it adds to fiji.toml or " + IMAGEJ_CFG + ")";
	}

	/** Whether {@code path} lies below {@code plugins/} or {@code jars/}, links resolved. */
	private static boolean inLibraries(final AppFolder app, final String path) {
		final int slash = path.indexOf('/');
		if (slash < 0) return false;
		final String top = path.substring(0, slash);
		return (top.equals("plugins") || top.equals("jars")) && stays(app, path, top);
	}

	/** Whether {@code path} is the file {@code name} in one of Jaunch's folders. */
	private static boolean inConfig(final String path, final String name) {
		return VectorOption.JAUNCH_DIRS.stream().anyMatch(d -> path.equals(d + "/" + name));
	}

	/**
	 * Whether {@code path} is {@code place} or lies below it once links and
	 * ".." are resolved, both relative to {@code app}'s folder.
	 */
	private static boolean stays(final AppFolder app, final String path, final String place) {
		final Path p = app.root().resolve(path);
		return (path.equals(place) || path.startsWith(place.equals(".") ? "" : place + "/")) &&
			RealPaths.isInside(p, app.root().resolve(place).normalize());
	}

	private static String parent(final String path) {
		return path.substring(0, path.lastIndexOf('/'));
	}

	/** Relative, "/" between names, none of them empty, "." or "..". */
	private static boolean isPlain(final String path) {
		if (path.isEmpty() || path.contains("\\") || path.indexOf('\0') >= 0) return false;
		for (final String name : path.split("/", -1)) {
			if (name.isEmpty() || name.equals(".") || name.equals("..")) return false;
		}
		try {
			return Paths.get(path).getRoot() == null;
		}
		catch (final InvalidPathException e) {
			return false;
		}
	}

	private static boolean isSha256(final String s) {
		return s.matches("[0-9a-f]{64}");
	}

	private static String quote(final String s) {
		return "\"" + s.replaceAll("\\p{Cntrl}", "?") + "\"";
	}
}
