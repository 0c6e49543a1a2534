package io.github.cnnclassifier.install;

import io.github.cnnclassifier.output.SafeFiles;
import io.github.cnnclassifier.install.Manifest.Entry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Puts {@code --add-modules=jdk.incubator.vector}, which the fast engine
 * needs, into the launcher configuration of a Fiji or ImageJ folder, and
 * says how to do it by hand where it cannot.
 * <p>
 * NB (read from fiji/fiji, apposed/jaunch and imagej/imagej-launcher):
 * Fiji starts through Jaunch since 2025, configured by TOML files found in
 * {@code config/jaunch/} (since October 2025 {@code config/}, among others);
 * {@code fiji.toml} there includes {@code extra*.toml} from its folder since
 * May 2026, and Jaunch appends every included file's {@code jvm.runtime-args}.
 * Older Fiji (the ImageJ launcher) and ImageJ 1.x's Windows launcher read
 * {@code ImageJ.cfg}: either "# ImageJ startup properties" followed by
 * {@code jvmargs = ...} lines, or three lines whose third holds the Java
 * options before {@code ij.ImageJ}.
 * </p>
 */
final class VectorOption {

	static final String OPTION = "--add-modules=jdk.incubator.vector";

	/** Our Jaunch file: matched by fiji.toml's {@code extra*.toml}. */
	static final String JAUNCH_FILE = "extra-cnn-classifier.toml";

	/** Where Jaunch looks for fiji.toml, in its order (apposed/jaunch, main.kt). */
	static final List<String> JAUNCH_DIRS = List.of("config/jaunch", "config", "jaunch",
		".jaunch", ".config/jaunch", ".config");

	private static final String MODERN_CFG = "# ImageJ startup properties";

	/** The line added to an ImageJ.cfg of the modern format. */
	static final String JVMARGS = "jvmargs = " + OPTION;

	private static final Pattern INCLUDES = Pattern.compile("^(\\s*includes\\s*=\\s*\\[)(.*)\\]\\s*$");

	private static final String HOW = "start Java with " + OPTION +
		" for CNN Classifier's fast engine";

	private VectorOption() {}

	/**
	 * Adds the option to {@code app}'s launcher configuration; returns the
	 * changes made (for the installation record), tells {@code out} what it did.
	 */
	static List<Entry> add(final AppFolder app, final Consumer<String> out) {
		final List<Entry> changes = new ArrayList<>();
		add(app, changes::add, out);
		return changes;
	}

	/** {@link #add}, giving {@code changes} each change as soon as it is made. */
	static void add(final AppFolder app, final Consumer<Entry> changes,
		final Consumer<String> out)
	{
		final Optional<Path> jaunch = jaunchDir(app);
		if (app.fiji() && jaunch.isPresent()) addToJaunch(app, jaunch.get(), changes, out);
		else if (Files.isRegularFile(app.root().resolve("ImageJ.cfg")) || app.fiji()) {
			addToImageJCfg(app, changes, out);
		}
		else {
			out.accept("Note: ImageJ 1.x: " + HOW + ", e.g. JDK_JAVA_OPTIONS=" + OPTION +
				" imagej (without it, DL4J's layers compute, about 30x slower).");
		}
	}

	/** The folder with Fiji's Jaunch configuration (fiji.toml), if there is one. */
	static Optional<Path> jaunchDir(final AppFolder app) {
		return JAUNCH_DIRS.stream().map(app.root()::resolve).filter(d -> Files.isRegularFile(d
			.resolve("fiji.toml"))).findFirst();
	}

	private static void addToJaunch(final AppFolder app, final Path dir,
		final Consumer<Entry> changes, final Consumer<String> out)
	{
		final Path ours = dir.resolve(JAUNCH_FILE);
		// NB: JAVA:16+ keeps a Java 8 Fiji starting (the module exists since Java 16).
		final String text = "# Added by CNN Classifier's installer; its uninstall removes this " +
			"file.\n# The Vector API, for CNN Classifier's fast engine.\njvm.runtime-args = [\n" +
			"    'JAVA:16+|" + OPTION + "',\n]\n";
		// NB: our file, never written through a link (nor over a file) found at its name.
		if (Files.exists(ours, LinkOption.NOFOLLOW_LINKS)) {
			throw new InstallException(relative(app, ours) + " is in the way: remove or rename " +
				"it and install again.");
		}
		write(ours, text);
		changes.accept(Entry.file(relative(app, ours), sha256(ours)));
		final Path fijiToml = dir.resolve("fiji.toml");
		final List<String> lines = readLines(fijiToml);
		for (int i = 0; i < lines.size(); i++) {
			if (!INCLUDES.matcher(lines.get(i)).matches()) continue;
			final String edited = withExtraInclude(lines.get(i));
			if (edited != null) {
				changes.accept(Entry.edit(relative(app, fijiToml), lines.get(i), edited));
				lines.set(i, edited);
				write(fijiToml, String.join("\n", lines) + "\n");
			}
			out.accept("Added " + OPTION + " to Fiji's launcher: " + relative(app, ours) + ".");
			return;
		}
		out.accept("Warning: " + relative(app, fijiToml) + " has no one-line includes = [...]: " +
			"add 'extra*.toml' to its includes by hand, or " + HOW + ".");
	}

	/**
	 * Jaunch's one-line {@code includes = [...]} with {@code 'extra*.toml'}
	 * added; null when {@code line} is no such line or includes it already.
	 */
	static String withExtraInclude(final String line) {
		final Matcher m = INCLUDES.matcher(line);
		if (!m.matches() || m.group(2).contains("'extra*.toml'") || m.group(2).contains(
			"\"extra*.toml\"")) return null;
		final String list = m.group(2).trim();
		return m.group(1) + list + (list.isEmpty() ? "" : ", ") + "'extra*.toml']";
	}

	/** The third line of an ImageJ.cfg of the old format, with the option added. */
	static String withOption(final String line) {
		return OPTION + " " + line;
	}

	private static void addToImageJCfg(final AppFolder app, final Consumer<Entry> changes,
		final Consumer<String> out)
	{
		final Path cfg = app.root().resolve("ImageJ.cfg");
		final Optional<Integer> java = bundledJava(app);
		// NB: unlike Jaunch, ImageJ.cfg cannot say "Java 16+ only"; Java 8 does not start with it.
		if (java.isEmpty() || java.get() < 16) {
			out.accept("Note: " + app.kind() + "'s Java version is " + java.map(v -> "Java " + v)
				.orElse("unknown") + ": " + HOW + " (add it to the Java options in " +
				relative(app, cfg) + ").");
			return;
		}
		final String name = relative(app, cfg);
		if (!Files.exists(cfg)) {
			write(cfg, MODERN_CFG + "\njvmargs = " + OPTION + "\n");
			changes.accept(Entry.file(name, sha256(cfg)));
		}
		else {
			final List<String> lines = readLines(cfg);
			if (!lines.isEmpty() && lines.get(0).replace("# ", "#").startsWith(MODERN_CFG.replace(
				"# ", "#")))
			{
				lines.add(JVMARGS);
				changes.accept(Entry.line(name, JVMARGS));
			}
			else if (lines.size() >= 3 && lines.get(2).contains(" ij.ImageJ")) {
				final String edited = withOption(lines.get(2));
				changes.accept(Entry.edit(name, lines.get(2), edited));
				lines.set(2, edited);
			}
			else {
				out.accept("Warning: cannot read " + name + ": " + HOW + ".");
				return;
			}
			write(cfg, String.join("\n", lines) + "\n");
		}
		out.accept("Added " + OPTION + " to " + app.kind() + "'s launcher: " + name + ".");
	}

	/**
	 * The major version of the newest Java bundled with {@code app} (its
	 * {@code release} file under {@code java/} or {@code jre/}); empty if none.
	 */
	static Optional<Integer> bundledJava(final AppFolder app) {
		final List<Integer> versions = new ArrayList<>();
		for (final String dir : List.of("java", "jre")) {
			final Path d = app.root().resolve(dir);
			if (!Files.isDirectory(d)) continue;
			try (Stream<Path> files = Files.walk(d, 5)) {
				files.filter(p -> p.getFileName().toString().equals("release")).forEach(p -> javaVersion(
					p).ifPresent(versions::add));
			}
			catch (final IOException | UncheckedIOException e) {
				// NB: an unreadable Java folder counts as no bundled Java.
			}
		}
		return versions.stream().max(Integer::compare);
	}

	/** The major version in a JDK's {@code release} file ({@code JAVA_VERSION="21.0.5"}; 8 for 1.8). */
	static Optional<Integer> javaVersion(final Path release) {
		try {
			for (final String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
				final Matcher m = Pattern.compile("JAVA_VERSION=\"(\\d+)(?:\\.(\\d+))?.*\"")
					.matcher(line.trim());
				if (m.matches()) {
					final int major = Integer.parseInt(m.group(1));
					return Optional.of(major == 1 && m.group(2) != null ? Integer.parseInt(m
						.group(2)) : major);
				}
			}
		}
		catch (final IOException | RuntimeException e) {
			// NB: not a readable release file: no version.
		}
		return Optional.empty();
	}

	/** Undoes one change of {@link #add}; returns a note when it could not. */
	static Optional<String> undo(final AppFolder app, final Entry change) {
		final Path file = app.root().resolve(change.path());
		if (!Files.isRegularFile(file)) return Optional.empty();
		final List<String> lines = readLines(file);
		final int i = lines.indexOf(change.after());
		if (i < 0) {
			return Optional.of("Note: " + change.path() + " no longer holds the line CNN " +
				"Classifier " + (change.kind() == Entry.Kind.EDIT ? "changed" : "added") +
				"; left as it is.");
		}
		if (change.kind() == Entry.Kind.EDIT) lines.set(i, change.before());
		else lines.remove(i);
		write(file, String.join("\n", lines) + "\n");
		return Optional.empty();
	}

	private static List<String> readLines(final Path file) {
		try {
			return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
		}
		catch (final IOException e) {
			throw new InstallException("Cannot read " + file + ": " + e.getMessage(), e);
		}
	}

	/**
	 * Writes a launcher configuration file. NB: one that is a link (to a
	 * configuration kept elsewhere) stays one: what it leads to is written,
	 * through a temporary file beside it.
	 */
	private static void write(final Path file, final String text) {
		SafeFiles.write(target(file), "launcher configuration", tmp -> SafeFiles.writeTemporary(
			tmp, text));
	}

	private static Path target(final Path file) {
		if (!Files.isSymbolicLink(file)) return file;
		try {
			return file.toRealPath();
		}
		catch (final IOException e) {
			throw new InstallException(file + " is a link to a file that does not exist: " +
				"correct or remove the link and try again.", e);
		}
	}

	private static String sha256(final Path file) {
		try {
			return Manifest.sha256(file);
		}
		catch (final IOException e) {
			throw new InstallException("Cannot read " + file + ": " + e.getMessage(), e);
		}
	}

	static String relative(final AppFolder app, final Path file) {
		return app.root().relativize(file).toString().replace('\\', '/');
	}
}
