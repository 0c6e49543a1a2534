package io.github.cnnclassifier.install;

import io.github.cnnclassifier.data.Fingerprint;
import io.github.cnnclassifier.output.SafeFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The record of one installation, kept in the Fiji or ImageJ folder, so that
 * uninstall removes exactly what install added: files (with their SHA-256,
 * so a file changed since is left alone), folders it created, earlier copies
 * of the plugin it moved aside, and lines it added to or changed in launcher
 * configuration files.
 * <p>
 * NB: the record is a text file anyone may have edited: {@link #read} refuses
 * it whole unless every entry names what install writes, where it writes it.
 * </p>
 */
final class Manifest {

	/** The file name, in the Fiji or ImageJ folder. */
	static final String NAME = "cnn-classifier-install.txt";

	private static final long MAX_BYTES = 1 << 20;

	/** One change, written as one tab-separated line. */
	record Entry(Kind kind, String path, String before, String after) {

		enum Kind {
			/** A file install created; {@code after} is its SHA-256. */
			FILE,
			/** A folder install created (removed on uninstall when empty). */
			FOLDER,
			/** A line of a text file that install replaced ({@code before} by {@code after}). */
			EDIT,
			/** A line install appended to a text file. */
			LINE,
			/**
			 * An earlier copy of the plugin install moved from {@code path} to
			 * {@code before}; {@code after} is its SHA-256.
			 */
			BACKUP
		}

		static Entry file(final String path, final String sha256) {
			return new Entry(Kind.FILE, path, "", sha256);
		}

		static Entry folder(final String path) {
			return new Entry(Kind.FOLDER, path, "", "");
		}

		static Entry edit(final String path, final String before, final String after) {
			return new Entry(Kind.EDIT, path, before, after);
		}

		static Entry line(final String path, final String line) {
			return new Entry(Kind.LINE, path, "", line);
		}

		static Entry backup(final String path, final String backup, final String sha256) {
			return new Entry(Kind.BACKUP, path, backup, sha256);
		}
	}

	/**
	 * The record of an installation under way, written again before each
	 * change it adds is made, so that an install stopped midway (killed)
	 * leaves a record that uninstall, or the next install, undoes.
	 */
	static final class Journal {

		private final AppFolder app;
		private final String header;
		private final List<Entry> entries = new ArrayList<>();

		Journal(final AppFolder app, final String header) {
			this.app = app;
			this.header = header;
		}

		/**
		 * Records {@code e}, to be done next.
		 *
		 * @throws InstallException when {@code e} is not what install may write (not recorded)
		 */
		void add(final Entry e) {
			check(app, e);
			entries.add(e);
			write(app, header + "\nIncomplete: this installation did not finish.", entries);
		}

		/** Writes the record of the whole installation. */
		void finish() {
			write(app, header, entries);
		}

		List<Entry> entries() {
			return entries;
		}
	}

	private Manifest() {}

	static Path path(final AppFolder app) {
		return app.root().resolve(NAME);
	}

	/**
	 * Writes the record (temporary file, then moved into place).
	 *
	 * @throws InstallException when an entry is one {@link #read} would refuse
	 */
	static void write(final AppFolder app, final String header, final List<Entry> entries) {
		entries.forEach(e -> check(app, e));
		final StringBuilder text = new StringBuilder();
		for (final String line : header.split("\n")) text.append("# ").append(line).append('\n');
		for (final Entry e : entries) {
			text.append(e.kind().name().toLowerCase(Locale.ROOT)).append('\t').append(e.path()).append('\t')
				.append(e.before()).append('\t').append(e.after()).append('\n');
		}
		SafeFiles.write(path(app), "installation record", tmp -> SafeFiles.writeTemporary(tmp,
			text));
	}

	/**
	 * The entries of the record; empty when there is none.
	 *
	 * @throws InstallException naming the first line that is not an entry of
	 *           ours, before anything is changed
	 */
	static List<Entry> read(final AppFolder app) {
		final Path file = path(app);
		if (!Files.exists(file)) return List.of();
		final List<String> lines;
		try {
			// NB: ours holds a line per jar, some 10 KB; a huge one, or no file, is not ours.
			if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
				throw new InstallException("Refused " + file + ": " + (Files.isRegularFile(file)
					? Files.size(file) + " bytes" : "no file") + ", not a record of ours (at most " +
					MAX_BYTES + " bytes); nothing was removed. Restore the record, or remove the " +
					"plugin's files by hand.");
			}
			lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (final IOException e) {
			throw new InstallException("Cannot read " + file + ": " + e.getMessage(), e);
		}
		final List<Entry> entries = new ArrayList<>();
		for (int n = 1; n <= lines.size(); n++) {
			final String line = lines.get(n - 1);
			if (line.startsWith("#") || line.isBlank()) continue;
			final String[] f = line.split("\t", -1);
			final Entry.Kind kind = f.length == 4 ? kind(f[0]) : null;
			final String wrong = kind == null ? "it is not kind, path, before and after, separated by tabs" : Places
				.refusal(app, new Entry(kind, f[1], f[2], f[3]));
			if (wrong != null) {
				throw new InstallException("Refused " + file + " line " + n + ": " + wrong +
					"; nothing was removed. Restore the record, or remove the plugin's files by " +
					"hand.");
			}
			entries.add(new Entry(kind, f[1], f[2], f[3]));
		}
		return entries;
	}

	private static Entry.Kind kind(final String name) {
		for (final Entry.Kind k : Entry.Kind.values()) {
			if (k.name().toLowerCase(Locale.ROOT).equals(name)) return k;
		}
		return null;
	}

	private static void check(final AppFolder app, final Entry e) {
		final String wrong = Places.refusal(app, e);
		if (wrong != null) throw new InstallException("Cannot install there: " + wrong + ".");
	}

	/** The SHA-256 of a file, in hex. */
	static String sha256(final Path file) throws IOException {
		return Fingerprint.sha256(file);
	}
}
