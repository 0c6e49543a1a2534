package io.github.cnnclassifier.install;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The lock of a Fiji or ImageJ folder, so that one install or uninstall at a
 * time changes it: a file created exclusively that names its process and host.
 */
final class FolderLock implements AutoCloseable {

	/** The file name, in the Fiji or ImageJ folder. */
	static final String NAME = "cnn-classifier-install.lock";

	private final Path file;
	private final String holder;

	private FolderLock(final Path file, final String holder) {
		this.file = file;
		this.holder = holder;
	}

	/**
	 * Locks {@code app}'s folder.
	 *
	 * @throws InstallException when another process holds it, or held it and died
	 */
	static FolderLock take(final AppFolder app) {
		final Path file = app.root().resolve(NAME);
		final String holder = ProcessHandle.current().pid() + " " + host();
		try {
			// NB: CREATE_NEW is atomic, and never follows a link planted at the name.
			Files.writeString(file, holder + "\n", StandardCharsets.UTF_8,
				StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
		}
		catch (final FileAlreadyExistsException e) {
			throw new InstallException(busy(file));
		}
		catch (final IOException e) {
			throw new InstallException("Cannot create " + file + ": " + e.getMessage() +
				". Check that you may write to " + app.root() + ".", e);
		}
		return new FolderLock(file, holder);
	}

	/** Removes the lock file, if it is still ours. */
	@Override
	public void close() {
		try {
			if (read(file).filter(holder::equals).isPresent()) Files.delete(file);
		}
		catch (final IOException e) {
			// NB: gone already: nothing to remove.
		}
	}

	/** Who holds the lock at {@code file}, and what to do. */
	private static String busy(final Path file) {
		final String[] holder = read(file).orElse("").split(" ", 2);
		final Optional<Long> pid = pid(holder[0]);
		final boolean here = holder.length == 2 && holder[1].equals(host());
		if (here && pid.isPresent() && !ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive)
			.orElse(false))
		{
			return file + " was left by process " + pid.get() + ", which is no longer running " +
				"(an install or uninstall stopped midway): remove that file and try again.";
		}
		return "Another install or uninstall is changing " + file.getParent() + (pid.isPresent()
			? " (process " + pid.get() + (holder.length == 2 ? " on " + holder[1] : "") + ")"
			: "") + ": wait until it ends and try again (its lock is " + file.getFileName() + ").";
	}

	/** The start of the lock file; empty when it is no file (never read through a link). */
	private static Optional<String> read(final Path file) {
		if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
		try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
			return Optional.of(new String(in.readNBytes(200), StandardCharsets.UTF_8).trim()
				.replaceAll("\\p{Cntrl}", "?"));
		}
		catch (final IOException e) {
			return Optional.empty();
		}
	}

	private static Optional<Long> pid(final String s) {
		try {
			return Optional.of(Long.parseLong(s));
		}
		catch (final NumberFormatException e) {
			return Optional.empty();
		}
	}

	private static String host() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (final IOException e) {
			return "localhost";
		}
	}
}
