package io.github.cnnclassifier.folder;

import io.github.cnnclassifier.data.DataException;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One run's hold on a results file, so that two runs on the same results
 * never both write them: {@code <results>.lock} beside them, locked with the
 * operating system's file lock and holding the holder's "pid@host" for the
 * message. NB: the system drops the lock when its process dies, so a lock
 * file a killed run left behind is simply taken over.
 */
final class ResultsLock implements AutoCloseable {

	/** NB: a lock file removed by its holder while we waited is opened again, this often at most. */
	private static final int TRIES = 10;

	/** NB: lock files held in this process; see {@link #take}. */
	private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

	private static final Object GONE = new Object();

	private final Path file;
	private final FileChannel channel;
	private final FileLock lock;

	private ResultsLock(final Path file, final FileChannel channel, final FileLock lock) {
		this.file = file;
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * Takes the lock of {@code results}.
	 *
	 * @throws DataException naming the run that holds it, or why it cannot be taken
	 */
	static ResultsLock take(final Path results) {
		final Path file;
		try {
			// NB: the real folder, so that one file has one key in HELD.
			file = results.toAbsolutePath().getParent().toRealPath().resolve(results
				.getFileName() + ".lock");
		}
		catch (final IOException e) {
			throw new DataException("Cannot lock the results " + results + ": " + e.getMessage() +
				". Choose another results file.", e);
		}
		final String me = ProcessHandle.current().pid() + "@" + host();
		// NB: within one process, a second channel on the file must not even be opened:
		// closing it would drop the first one's lock (POSIX locks belong to the process).
		if (Files.isSymbolicLink(file)) {
			throw new DataException("Cannot lock the results " + results + ": " + file
				.getFileName() + " is a link, not a lock file of ours. Remove it, or choose " +
				"another results file.");
		}
		if (!HELD.add(file)) throw busy(results, file, me);
		try {
			for (int i = 0; i < TRIES; i++) {
				final FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
					StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
				final Object opened = key(file);
				final FileLock lock = tryLock(ch);
				if (lock == null) {
					final String holder = holder(ch);
					ch.close();
					throw busy(results, file, holder);
				}
				// NB: the file at the path must still be the one locked: its holder removes it
				// (while holding it) when done, and a run that opened it before then would
				// otherwise hold a lock nobody else sees.
				if (opened != GONE && Objects.equals(opened, key(file))) {
					try {
						ch.truncate(0);
						ch.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
					}
					catch (final IOException e) {
						ch.close();
						throw e;
					}
					return new ResultsLock(file, ch, lock);
				}
				lock.release();
				ch.close();
			}
			throw new DataException("Results " + results + " are being written by other runs (" +
				file.getFileName() + " keeps changing). Wait until they end, or choose another " +
				"results file.");
		}
		catch (final IOException e) {
			HELD.remove(file);
			throw new DataException("Cannot lock the results " + results + " (" + file
				.getFileName() + "): " + e.getMessage() + ". Choose another results file.", e);
		}
		catch (final RuntimeException e) {
			HELD.remove(file);
			throw e;
		}
	}

	/** The lock, or null when another holds it. */
	private static FileLock tryLock(final FileChannel ch) throws IOException {
		try {
			return ch.tryLock();
		}
		catch (final OverlappingFileLockException e) {
			return null; // NB: held in this process, but not through take
		}
	}

	private static DataException busy(final Path results, final Path file,
		final String holder)
	{
		return new DataException("Results " + results + " are being written by another run (" +
			(holder.isEmpty() ? "" : "process " + holder.replace("@", " on ") + ", ") +
			"holding " + file.getFileName() + "). Wait until it ends, or choose another " +
			"results file.");
	}

	/** The file's identity (device and inode), null where the system has none, {@link #GONE}. */
	private static Object key(final Path file) throws IOException {
		try {
			return Files.readAttributes(file, BasicFileAttributes.class,
				LinkOption.NOFOLLOW_LINKS).fileKey();
		}
		catch (final NoSuchFileException e) {
			return GONE;
		}
	}

	/** Ends the hold: the lock file is removed, then unlocked. */
	@Override
	public void close() {
		try {
			Files.deleteIfExists(file);
		}
		catch (final IOException e) {
			// NB: a lock file left behind is taken over by the next run.
		}
		try {
			lock.release();
			channel.close();
		}
		catch (final IOException e) {
			// NB: closing drops the lock in any case.
		}
		HELD.remove(file);
	}

	/** The "pid@host" in a lock file, or "" when there is none (yet) or it is not one. */
	private static String holder(final FileChannel ch) throws IOException {
		final ByteBuffer b = ByteBuffer.allocate(256);
		ch.read(b, 0);
		final String text = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8)
			.strip();
		// NB: shown in a one-line message: nothing but a number, '@' and a host name.
		return text.matches("\\d{1,10}@[\\w.-]{1,100}") ? text : "";
	}

	private static String host() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (final IOException e) {
			return "this host";
		}
	}
}
