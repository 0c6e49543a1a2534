package io.github.cnnclassifier.install;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.output.SafeFiles;
import io.github.cnnclassifier.install.Manifest.Entry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

/**
 * Installs the plugin into a Fiji or ImageJ 1.x folder and uninstalls it:
 * the plugin jar into {@code plugins/}, its libraries into {@code jars/},
 * ND4J's natives for the chosen platforms into Fiji's per-platform folders
 * (or {@code jars/} of ImageJ 1.x), and the Vector API's JVM option into the
 * launcher configuration. A library the folder already has (same artifact,
 * any version) is never copied a second time; a different version is
 * reported. What install adds is recorded in {@value Manifest#NAME}, and
 * uninstall removes exactly that; an earlier copy of the plugin is moved
 * aside into {@value Places#BACKUP}, and put back by uninstall. Both lock the
 * folder ({@link FolderLock}).
 */
public final class Installer {

	/**
	 * Libraries only the headless launcher needs (its {@code -batch} patches
	 * ImageJ 1.x through ij1-patcher), and ImageJ itself, which every Fiji and
	 * ImageJ has.
	 */
	static final Set<String> LAUNCHER_ONLY = Set.of("ij", "ij1-patcher", "javassist",
		"classgraph");

	/** NB: Fiji brings its own SLF4J binding; a second one makes SLF4J complain. */
	static final Set<String> NOT_FOR_FIJI = Set.of("slf4j-nop");

	private static final int MB = 1 << 20;

	private Installer() {}

	/** One jar to copy: from {@code source} to {@code target} in the Fiji or ImageJ folder. */
	record Copy(Artifact artifact, Path source, Path target) {}

	/**
	 * What an installation does: the jars to copy, and the libraries left
	 * out because the folder has them already (by name, with its version).
	 */
	record Plan(List<Copy> copies, Map<Artifact, String> present) {}

	/**
	 * What installing {@code bundle} into {@code app} with natives for
	 * {@code platforms} copies; looks at the folder, copies nothing.
	 */
	static Plan plan(final AppFolder app, final Bundle bundle, final Set<Platform> platforms) {
		return plan(app, bundle, platforms, Set.of());
	}

	/** {@link #plan}, as if the files {@code replaced} (relative paths) were gone. */
	private static Plan plan(final AppFolder app, final Bundle bundle,
		final Set<Platform> platforms, final Set<String> replaced)
	{
		final List<Path> installed = app.installedJars().stream().filter(p -> !replaced.contains(
			VectorOption.relative(app, p))).toList();
		final List<Copy> copies = new ArrayList<>();
		final Map<Artifact, String> present = new LinkedHashMap<>();
		final Artifact plugin = new Artifact("io.github.cnnclassifier", "CNN_Classifier", bundle
			.version(), null);
		copies.add(new Copy(plugin, bundle.pluginJar(), app.plugins().resolve(bundle.pluginJar()
			.getFileName())));
		for (final Artifact a : bundle.dependencies()) {
			if (LAUNCHER_ONLY.contains(a.artifactId()) || app.fiji() && NOT_FOR_FIJI.contains(a
				.artifactId()))
			{
				continue;
			}
			if (a.platform() != null) {
				for (final Platform p : platforms) {
					if (a.existsOn(p)) consider(a.on(p), app.natives(p), bundle, installed, copies,
						present);
				}
			}
			else consider(a, app.jars(), bundle, installed, copies, present);
		}
		return new Plan(copies, present);
	}

	/**
	 * Plans {@code a}: left out when the folder has it (any version), else
	 * copied into {@code folder}, under a distinct name where another group's
	 * jar has its name.
	 */
	private static void consider(final Artifact a, final Path folder, final Bundle bundle,
		final List<Path> installed, final List<Copy> copies, final Map<Artifact, String> present)
	{
		boolean namesake = false;
		for (final Path jar : installed) {
			final String version = a.versionIn(jar.getFileName().toString());
			if (version == null) continue;
			if (a.isNamesakeIn(jar)) namesake = true;
			else {
				present.put(a, version);
				return;
			}
		}
		copies.add(new Copy(a, bundle.file(a), folder.resolve(namesake ? a.distinctFileName() : a
			.fileName())));
	}

	/**
	 * Installs {@code bundle} into {@code app} with natives for
	 * {@code platforms}, replacing an earlier installation of the plugin;
	 * {@code out} gets what happens, in short lines.
	 *
	 * @throws InstallException with nothing changed (what was copied is removed again)
	 */
	public static void install(final AppFolder app, final Bundle bundle,
		final Set<Platform> platforms, final Consumer<String> out)
	{
		try (FolderLock lock = FolderLock.take(app)) {
			installLocked(app, bundle, platforms, out);
		}
	}

	private static void installLocked(final AppFolder app, final Bundle bundle,
		final Set<Platform> platforms, final Consumer<String> out)
	{
		final List<Entry> earlier = Manifest.read(app);
		final Plan plan = plan(app, bundle, platforms, earlier.stream().filter(e -> e
			.kind() == Entry.Kind.FILE).map(Entry::path).collect(Collectors.toSet()));
		Maven.fetch(plan.copies().stream().filter(c -> c.source() == null || !Files.exists(c
			.source())).map(Copy::artifact).toList(), out);
		for (final Copy c : plan.copies()) {
			if (c.source() == null || !Files.isRegularFile(c.source())) {
				throw new InstallException("Cannot find " + c.artifact().fileName() + (c
					.source() == null ? "" : " at " + c.source()) + ": rebuild with mvn package " +
					"and install again.");
			}
		}
		if (!earlier.isEmpty()) {
			out.accept("Replacing the earlier installation recorded in " + Manifest.NAME + ".");
			remove(app, earlier, s -> {});
		}
		warnAboutJava(app, out);
		final Manifest.Journal done = new Manifest.Journal(app, "CNN Classifier " + bundle
			.version() + ", installed " + LocalDateTime.now().format(DateTimeFormatter
				.ISO_LOCAL_DATE_TIME).substring(0, 16) + " with natives for " + platforms.stream()
					.map(Platform::folder).collect(Collectors.joining(", ")) + ".\n'cnn-classifier " +
			"uninstall " + app.root() + "' removes exactly the files and lines listed here.");
		final List<String> launcher = new ArrayList<>();
		try {
			moveAsideEarlierCopies(app, done, out);
			for (final Copy c : plan.copies()) copy(app, c, done);
			VectorOption.add(app, done::add, launcher::add);
			done.finish();
		}
		catch (final InstallException | DataException e) {
			undo(app, done.entries());
			try {
				Files.deleteIfExists(Manifest.path(app));
			}
			catch (final IOException x) {
				e.addSuppressed(x);
			}
			throw new InstallException("Install failed, " + (earlier.isEmpty() ? "nothing was " +
				"changed: " : "the earlier installation was removed: ") + e.getMessage(), e);
		}
		report(app, plan, launcher, out);
	}

	/**
	 * Removes what the installation recorded in {@code app} added; a file
	 * changed since is left in place and named.
	 *
	 * @throws InstallException when there is no record
	 */
	public static void uninstall(final AppFolder app, final Consumer<String> out) {
		try (FolderLock lock = FolderLock.take(app)) {
			final List<Entry> entries = Manifest.read(app);
			if (entries.isEmpty()) {
				throw new InstallException("No CNN Classifier installation is recorded in " + app
					.root() + " (no " + Manifest.NAME + "): nothing to remove.");
			}
			remove(app, entries, out);
		}
	}

	/** Undoes the recorded {@code entries} and removes the record. */
	private static void remove(final AppFolder app, final List<Entry> entries,
		final Consumer<String> out)
	{
		final List<String> notes = undo(app, entries);
		notes.forEach(out);
		try {
			Files.delete(Manifest.path(app));
		}
		catch (final IOException e) {
			throw new InstallException("Cannot remove " + Manifest.path(app) + ": " + e
				.getMessage(), e);
		}
		out.accept("Removed CNN Classifier from " + app.root() + " (" + entries.stream().filter(
			e -> e.kind() == Entry.Kind.FILE).count() + " files" + (notes.isEmpty() ? ""
				: "; see the notes above") + ").");
	}

	/** Undoes {@code entries}, last first; returns notes about what it left in place. */
	private static List<String> undo(final AppFolder app, final List<Entry> entries) {
		final List<String> notes = new ArrayList<>();
		final List<Entry> reversed = new ArrayList<>(entries);
		Collections.reverse(reversed);
		for (final Entry e : reversed) {
			final Path p = app.root().resolve(e.path());
			try {
				switch (e.kind()) {
					case FILE -> {
						if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) continue;
						if (isFile(p, e.after())) Files.delete(p);
						else notes.add("Note: left " + e.path() + " in place: it changed since " +
							"the installation.");
					}
					case BACKUP -> putBack(app, e).ifPresent(notes::add);
					case FOLDER -> {
						if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && isEmpty(p)) {
							Files.delete(p);
						}
					}
					case EDIT, LINE -> VectorOption.undo(app, e).ifPresent(notes::add);
				}
			}
			catch (final IOException | DataException x) {
				notes.add("Note: could not remove " + e.path() + ": " + x.getMessage());
			}
		}
		return notes;
	}

	/**
	 * Puts an earlier copy of the plugin that install moved aside back where
	 * it was; returns a note when it cannot.
	 */
	private static Optional<String> putBack(final AppFolder app, final Entry e)
		throws IOException
	{
		final Path backup = app.root().resolve(e.before());
		final Path p = app.root().resolve(e.path());
		if (!Files.exists(backup, LinkOption.NOFOLLOW_LINKS) && isFile(p, e.after())) {
			// NB: an install stopped before the move left the file where it was.
			return Optional.empty();
		}
		if (!isFile(backup, e.after())) {
			return Optional.of("Note: cannot put back " + e.path() + ": " + e.before() + " is " +
				"gone or changed since the installation.");
		}
		if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
			return Optional.of("Note: left the earlier " + e.path() + " in " + e.before() + ": " +
				"another file has its name now.");
		}
		Files.move(backup, p);
		return Optional.empty();
	}

	/**
	 * Moves earlier copies of the plugin (jars of ours that were copied by
	 * hand or installed otherwise), which ImageJ must never see beside the
	 * new one, into the backup folder, where uninstall finds them to put them
	 * back. NB: a file with such a name that is not a jar of the plugin is no
	 * copy of it, and is left alone.
	 */
	private static void moveAsideEarlierCopies(final AppFolder app, final Manifest.Journal done,
		final Consumer<String> out)
	{
		Path folder = null;
		for (final Path p : app.installedJars()) {
			if (!isPluginJar(p)) continue;
			try {
				if (folder == null) folder = backupFolder(app, done);
				final String name = VectorOption.relative(app, p);
				final Path backup = folder.resolve(name);
				createFolders(app, backup.getParent(), done);
				done.add(Entry.backup(name, VectorOption.relative(app, backup), Manifest.sha256(p)));
				Files.move(p, backup);
				out.accept("Moved " + name + ", an earlier copy of the plugin, to " + VectorOption
					.relative(app, backup) + " (uninstall puts it back).");
			}
			catch (final IOException e) {
				throw new InstallException("Cannot move " + p + ", an earlier copy of the plugin, " +
					"aside: " + e.getMessage() + ". Move it out of " + app.root() + " and install " +
					"again.", e);
			}
		}
	}

	/** Whether {@code jar} is a copy of the plugin: its name, and the plugin's classes in it. */
	private static boolean isPluginJar(final Path jar) {
		if (!jar.getFileName().toString().matches("(?i)CNN_Classifier([-_.].*)?\\.jar")) {
			return false;
		}
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			return zip.stream().anyMatch(e -> e.getName().startsWith("io/github/cnnclassifier/"));
		}
		catch (final IOException e) {
			return false;
		}
	}

	/** A new folder for this installation's backups: {@code cnn-classifier-backup/<time>}. */
	private static Path backupFolder(final AppFolder app, final Manifest.Journal done)
		throws IOException
	{
		final Path backups = app.root().resolve(Places.BACKUP);
		createFolders(app, backups, done);
		final String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern(
			"yyyy-MM-dd_HH-mm-ss"));
		for (int n = 1;; n++) {
			final Path folder = backups.resolve(n == 1 ? time : time + "_" + n);
			try {
				Files.createDirectory(folder);
				done.add(Entry.folder(VectorOption.relative(app, folder)));
				return folder;
			}
			catch (final FileAlreadyExistsException e) {
				// NB: another installation this second: the next name.
			}
		}
	}

	/** Creates {@code folder} and the folders above it that are missing, recording each. */
	private static void createFolders(final AppFolder app, final Path folder,
		final Manifest.Journal done) throws IOException
	{
		final Deque<Path> missing = new ArrayDeque<>();
		for (Path f = folder; !Files.exists(f); f = f.getParent()) missing.push(f);
		// NB: outermost first, so that undo (last first) removes the innermost first.
		for (final Path f : missing) done.add(Entry.folder(VectorOption.relative(app, f)));
		Files.createDirectories(folder);
	}

	/** Copies one jar: to a temporary file, then moved into place; never over another file. */
	private static void copy(final AppFolder app, final Copy c, final Manifest.Journal done) {
		try {
			createFolders(app, c.target().getParent(), done);
			if (Files.exists(c.target(), LinkOption.NOFOLLOW_LINKS)) {
				throw new InstallException(VectorOption.relative(app, c.target()) + " is in the " +
					"way: remove or rename it and install again.");
			}
			done.add(Entry.file(VectorOption.relative(app, c.target()), Manifest.sha256(c
				.source())));
			SafeFiles.write(c.target(), "library", tmp -> {
				try (OutputStream out = SafeFiles.openTemporary(tmp)) {
					Files.copy(c.source(), out);
				}
			});
		}
		catch (final IOException e) {
			throw new InstallException("Cannot write " + c.target() + ": " + e.getMessage() +
				". Check that you may write to " + app.root() + ".", e);
		}
	}

	private static void warnAboutJava(final AppFolder app, final Consumer<String> out) {
		VectorOption.bundledJava(app).filter(v -> v < 17).ifPresent(v -> out.accept(
			"Warning: " + app.kind() + " here comes with Java " + v + "; CNN Classifier needs " +
				"Java 17 or newer: use a current " + app.kind() + " (Fiji ships Java 21)."));
	}

	/**
	 * One line per folder written to, one for the libraries the folder had,
	 * one per version clash, then what was done to the launcher.
	 */
	private static void report(final AppFolder app, final Plan plan, final List<String> launcher,
		final Consumer<String> out)
	{
		final Map<Path, List<Copy>> byFolder = plan.copies().stream().collect(Collectors.groupingBy(
			c -> c.target().getParent(), LinkedHashMap::new, Collectors.toList()));
		byFolder.forEach((folder, copies) -> out.accept("  " + VectorOption.relative(app,
			folder) + "/: " + (copies.size() == 1 ? copies.get(0).target().getFileName() : copies
				.size() + " jars") + " (" + megabytes(copies) + ")"));
		if (!plan.present().isEmpty()) {
			out.accept("  Already in " + app.kind() + ", not copied: " + plan.present().keySet()
				.stream().map(a -> a.artifactId() + (a.classifier() == null ? "" : ":" + a
					.classifier())).collect(Collectors.joining(", ")));
		}
		plan.present().forEach((a, version) -> {
			if (!version.equals(a.version())) {
				out.accept("Warning: " + app.kind() + " has " + a.artifactId() + (a
					.classifier() == null ? "" : ":" + a.classifier()) + " " + version +
					"; CNN Classifier was built with " + a.version() + ". Kept " + app.kind() +
					"'s.");
			}
		});
		launcher.forEach(out);
		out.accept("Installed CNN Classifier into " + app.root() + "; the list of what was " +
			"added is " + Manifest.NAME + ". Restart " + app.kind() +
			": the commands are under Plugins > CNN Classifier.");
	}

	private static String megabytes(final List<Copy> copies) {
		long bytes = 0;
		for (final Copy c : copies) {
			try {
				bytes += Files.size(c.target());
			}
			catch (final IOException e) {
				// NB: only the size in a message.
			}
		}
		return String.format(Locale.ROOT, "%.1f MB", bytes / (double) MB);
	}

	/** Whether {@code p} is a file, not a link, whose SHA-256 is {@code sha256}. */
	private static boolean isFile(final Path p, final String sha256) throws IOException {
		return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Manifest.sha256(p).equals(
			sha256);
	}

	private static boolean isEmpty(final Path dir) throws IOException {
		try (var files = Files.list(dir)) {
			return files.findAny().isEmpty();
		}
	}
}
