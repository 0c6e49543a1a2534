package io.github.cnnclassifier.output;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.Messages;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Writes output files so that a crash or error never leaves half a file in place of a good one. */
public final class SafeFiles {

	/** Writes a complete file at the given (temporary) path. */
	public interface Writer {

		void write(Path file) throws IOException;
	}

	private SafeFiles() {}

	/**
	 * NB: temporary files are created readable by their owner only; the file
	 * put in place gets the permissions of the one it replaces, else of the
	 * file it copies (a private image stays private), else rw-r--r--.
	 */
	private static void permissions(final Path tmp, final Path target, final Path copyOf)
		throws IOException
	{
		if (!Files.getFileStore(tmp).supportsFileAttributeView("posix")) return;
		final Path like = Files.exists(target) ? target : copyOf;
		Set<PosixFilePermission> p = PosixFilePermissions.fromString("rw-r--r--");
		if (like != null) {
			try {
				p = Files.getPosixFilePermissions(like);
			}
			catch (final UnsupportedOperationException e) {
				// NB: a copy from a file system without them: the default.
			}
		}
		// NB: not through a link put in place of tmp.
		Files.getFileAttributeView(tmp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
			.setPermissions(p);
	}

	/**
	 * Deletes the temporary files that earlier, killed, writes of the files
	 * {@code names} in {@code folder} left there, listing the folder once;
	 * those of other files are kept (they may be writes under way).
	 */
	public static void removeLeftovers(final Path folder, final Set<String> names)
		throws IOException
	{
		for (final Map.Entry<String, List<Path>> e : leftovers(folder).entrySet()) {
			if (!names.contains(e.getKey())) continue;
			for (final Path p : e.getValue()) Files.deleteIfExists(p);
		}
	}

	/**
	 * The temporary files that killed writes left in {@code folder}, by the
	 * name of the file each was for, listing the folder once (for callers
	 * that learn the names of the files they write one by one). NB: the names
	 * are those {@link Files#createTempFile} makes in {@link #put}:
	 * "." + name + "." + digits + ".tmp". Only files last written before this
	 * class was loaded count: a killed run stopped writing before this one
	 * started, where another process writing the same file (a download, an
	 * export begun at the same time) keeps its temporary file young.
	 */
	public static Map<String, List<Path>> leftovers(final Path folder) throws IOException {
		final Map<String, List<Path>> left = new HashMap<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, p -> leftoverOf(p
			.getFileName().toString()) != null && writtenBefore(p, STARTED)))
		{
			for (final Path p : files) {
				left.computeIfAbsent(leftoverOf(p.getFileName().toString()), f -> new ArrayList<>())
					.add(p);
			}
		}
		return left;
	}

	/** When this class was loaded, in milliseconds: before any write of this JVM. */
	private static final long STARTED = System.currentTimeMillis();

	private static boolean writtenBefore(final Path file, final long millis) throws IOException {
		return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis() < millis;
	}

	/** The name of the file whose temporary file {@code file} is, or null when it is none. */
	private static String leftoverOf(final String file) {
		if (!file.startsWith(".") || !file.endsWith(".tmp")) return null;
		final String stem = file.substring(1, file.length() - 4);
		final int dot = stem.lastIndexOf('.');
		if (dot < 1 || dot == stem.length() - 1) return null;
		return stem.substring(dot + 1).chars().allMatch(ch -> ch >= '0' && ch <= '9') ? stem.substring(0,
			dot) : null;
	}

	/**
	 * Fails early, before any work, if no {@code what} can be written at {@code file}.
	 *
	 * @throws DataException naming the file and what to do
	 */
	public static void checkWritable(final Path file, final String what) {
		final Path parent = file.toAbsolutePath().getParent();
		if (parent == null || !Files.isDirectory(parent)) {
			throw new DataException("Cannot save the " + what + " to " + file + ": folder " +
				parent + " does not exist. Create it or choose another path.");
		}
		if (Files.isDirectory(file)) {
			throw new DataException("Cannot save the " + what + " to " + file + ": it is " +
				"a folder. Give a file name in it.");
		}
		if (!Files.isWritable(parent) || (Files.exists(file) && !Files.isWritable(file))) {
			throw new DataException("Cannot save the " + what + " to " + file + ": no " +
				"permission to write there. Choose another path.");
		}
	}

	/**
	 * Lets {@code writer} write a temporary file next to {@code file}, then
	 * moves it into place (atomically where the file system can), replacing
	 * an older file; the temporary file is removed on failure, and those a
	 * killed run left for the same file ({@code .NAME.<digits>.tmp}) before
	 * writing.
	 *
	 * @throws DataException naming the file and the cause
	 */
	public static void write(final Path file, final String what, final Writer writer) {
		put(file, what, writer, true);
	}

	/**
	 * As {@link #write}, but never replaces a file: false, and nothing
	 * written, when {@code file} is there or appears while it is written
	 * (atomically so where the file system has hard links).
	 * NB: it leaves the leftovers of killed runs to the caller, who removes
	 * those of all the files it creates in a folder at once
	 * ({@link #removeLeftovers}): listing the folder for each file would take
	 * time growing with the square of the files.
	 *
	 * @throws DataException naming the file and the cause
	 */
	public static boolean create(final Path file, final String what, final Writer writer) {
		return put(file, what, writer, false);
	}

	/**
	 * As {@link #create}, a copy of {@code source}, with its permissions and
	 * modification time, checked to hold the bytes {@code source} holds.
	 *
	 * @return false, and nothing written, when {@code file} is there or appears meanwhile
	 * @throws IOException if it cannot be written, or {@code source} changed while it was
	 */
	public static boolean copy(final Path source, final Path file) throws IOException {
		if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return false;
		return put(file, tmp -> {
			try (OutputStream out = openTemporary(tmp)) {
				Files.copy(source, out);
			}
			if (Files.size(source) != Files.size(tmp) || Files.mismatch(source, tmp) != -1) {
				throw new IOException("the copy differs from " + source + " (changed meanwhile?)");
			}
			Files.setLastModifiedTime(tmp, Files.getLastModifiedTime(source));
		}, false, source);
	}

	private static boolean put(final Path file, final String what, final Writer writer,
		final boolean replace)
	{
		if (!replace && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return false;
		checkWritable(file, what);
		try {
			return put(file, writer, replace, null);
		}
		catch (final IOException e) {
			throw new DataException("Cannot save the " + what + " to " + file + ": " + why(e), e);
		}
	}

	/** The one temp-then-move write; {@code copyOf} is the file it copies, if any. */
	private static boolean put(final Path file, final Writer writer, final boolean replace,
		final Path copyOf) throws IOException
	{
		final Path target = file.toAbsolutePath();
		if (replace) removeLeftovers(target.getParent(), Set.of(target.getFileName().toString()));
		final Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".",
			".tmp");
		try {
			writer.write(tmp);
			permissions(tmp, target, copyOf);
			if (replace) replace(tmp, target);
			else return putNew(tmp, target);
			return true;
		}
		finally {
			tmp.toFile().delete();
		}
	}

	/**
	 * Puts {@code tmp} at {@code target} unless a file is there: false then.
	 * NB: a hard link, as link(2) fails atomically where a file is, whereas
	 * {@link Files#move} checks and then renames, replacing a file that
	 * appears between the two (and ATOMIC_MOVE replaces one whatever the
	 * options); the move remains only for file systems without hard links.
	 */
	private static boolean putNew(final Path tmp, final Path target) throws IOException {
		try {
			Files.createLink(target, tmp);
			return true;
		}
		catch (final FileAlreadyExistsException e) {
			return false;
		}
		catch (final UnsupportedOperationException | FileSystemException e) {
			if (e instanceof FileSystemException && !noHardLinks((FileSystemException) e)) throw e;
		}
		try {
			Files.move(tmp, target);
			return true;
		}
		catch (final FileAlreadyExistsException e) {
			return false;
		}
	}

	/** Whether {@code e} says the file system has no hard links (FAT, some network shares). */
	private static boolean noHardLinks(final FileSystemException e) {
		final String reason = e.getReason() == null ? "" : e.getReason();
		return !(e instanceof AccessDeniedException) && (reason.contains("not permitted") ||
			reason.contains("not supported") || reason.contains("not implemented"));
	}

	private static void replace(final Path tmp, final Path target) throws IOException {
		try {
			Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
		}
		catch (final AtomicMoveNotSupportedException e) {
			Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/**
	 * What went wrong in {@code e} and what to do, in words and one line.
	 * NB: a {@link FileSystemException}'s message is only its path; its type
	 * and {@link FileSystemException#getReason} name the cause.
	 */
	public static String why(final IOException e) {
		final FileSystemException f = e instanceof FileSystemException ? (FileSystemException) e
			: null;
		final String reason = f != null ? f.getReason() : e.getMessage();
		final String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
		final String at = f == null || f.getFile() == null ? "" : " (" + f.getFile() + ")";
		final String why;
		if (e instanceof AccessDeniedException || r.contains("not permitted") || r.contains(
			"permission denied"))
		{
			why = "no permission to write there" + at + ". Choose another path or change the " +
				"permissions of the folder.";
		}
		else if (e instanceof NoSuchFileException) {
			why = "the folder, or the temporary file in it, is gone" + at + " (deleted " +
				"meanwhile?). Check that nothing else removes it, or choose another path.";
		}
		else if (r.contains("no space") || r.contains("quota")) {
			why = "the disk is full" + at + ". Free some space or choose another path.";
		}
		else if (r.contains("read-only")) {
			why = "the file system is read-only" + at + ". Choose another path.";
		}
		else if (r.contains("symbolic link")) {
			why = "the temporary file was replaced by a link" + at + ", which is never " +
				"followed. Check what else writes into that folder.";
		}
		else if (!r.isBlank()) {
			why = (f != null || e.getClass() == IOException.class ? "" : e.getClass()
				.getSimpleName() + ": ") + reason + at;
		}
		else why = e.toString();
		return Messages.escaped(why.endsWith(".") ? why : why + ".");
	}

	/**
	 * Opens the temporary file a {@link Writer} is given, to write it whole.
	 * NB: it never follows a link (one put in its place would be written
	 * through) and never creates the file again if it was deleted meanwhile:
	 * both fail instead.
	 */
	public static OutputStream openTemporary(final Path tmp) throws IOException {
		return Files.newOutputStream(tmp, TEMPORARY);
	}

	/** {@link #openTemporary} as a channel. */
	public static FileChannel openTemporaryChannel(final Path tmp) throws IOException {
		return FileChannel.open(tmp, TEMPORARY);
	}

	private static final OpenOption[] TEMPORARY = { StandardOpenOption.WRITE,
		StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS };

	/** {@link #write} of {@code text} in UTF-8. */
	public static void writeText(final Path file, final String what, final String text) {
		write(file, what, tmp -> writeTemporary(tmp, text));
	}

	/** Writes {@code text} in UTF-8 into the temporary file {@code tmp} ({@link #openTemporary}). */
	public static void writeTemporary(final Path tmp, final CharSequence text) throws IOException {
		writeTemporary(tmp, text.toString().getBytes(StandardCharsets.UTF_8));
	}

	/** Writes {@code bytes} into the temporary file {@code tmp} ({@link #openTemporary}). */
	public static void writeTemporary(final Path tmp, final byte[] bytes) throws IOException {
		try (OutputStream out = openTemporary(tmp)) {
			out.write(bytes);
		}
	}
}
