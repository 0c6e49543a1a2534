package io.github.cnnclassifier.folder;

import io.github.cnnclassifier.output.CsvRecords;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.output.SafeFiles;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.model.ModelMetadata;

import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The results CSV of a folder run, written so that a stopped run can be
 * continued: rows go to a partial file beside the CSV,
 * {@code <name>.<model id>.part}, flushed after every mini-batch, and become
 * the CSV when the run is complete. Opening it again after a stop (even a
 * kill) keeps the complete rows, except those of the last file when that
 * file is still there to classify again, and tells the run which files are
 * done.
 * <p>
 * NB: the partial file is untrusted, as anything on disk the program did not
 * just write: its first line says which run it belongs to
 * ({@link PartIdentity}), and every file it names must be one this run
 * classifies ({@link FolderJob#classifies()}); otherwise it is refused before
 * anything is moved or written. It is created exclusively, never opened
 * through a link, and written by one run at a time ({@link ResultsLock}).
 * </p>
 */
final class ResultsCsv implements AutoCloseable {

	private static final String PART = ".part";

	private final Path csv;
	private final Path partial;
	private final ResultsLock lock;
	private final FileChannel channel;
	private final long rowsFrom;
	private final ClassCounts counts;
	private final long earlierRows;
	private final long[] done;
	private final String lastDone;
	private final List<String[]> unmoved;
	private final Writer out;
	private long rows;
	private boolean finished;

	/** NB: {@code channel} is positioned where the next row goes. */
	private ResultsCsv(final Path csv, final Path partial, final ResultsLock lock,
		final FileChannel channel, final long rowsFrom, final ClassCounts counts,
		final long earlierRows, final long[] done, final String lastDone,
		final List<String[]> unmoved)
	{
		this.csv = csv;
		this.partial = partial;
		this.lock = lock;
		this.channel = channel;
		this.rowsFrom = rowsFrom;
		this.counts = counts;
		this.earlierRows = earlierRows;
		this.rows = earlierRows;
		this.done = done;
		this.lastDone = lastDone;
		this.unmoved = unmoved;
		this.out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
			StandardCharsets.UTF_8));
	}

	/**
	 * Starts the results of {@code job}, or continues the partial ones a
	 * stopped run of the same job with the same model left.
	 *
	 * @param headings the CSV's columns (File, Slice, Class, Confidence, P_label...)
	 * @param labels the classes a row can have: the model's, in output order, then unsure_label
	 * @param modelId {@link #modelId} of the model
	 * @throws DataException if another run holds the results; if partial
	 *           results of another model or job are there, or name a file
	 *           this job does not classify, or are not a plain file; if a
	 *           finished CSV is there (all without {@code overwrite}); if the
	 *           partial file cannot be read or written
	 */
	static ResultsCsv open(final FolderJob job, final List<String> headings,
		final List<String> labels, final String modelId)
	{
		final Path target = job.results().toAbsolutePath();
		final Path mine = target.resolveSibling(target.getFileName() + "." + modelId + PART);
		final ResultsLock lock = ResultsLock.take(target);
		FileChannel ch = null;
		try {
			for (final Path p : partials(target)) {
				if (job.overwrite()) Files.delete(p);
				else if (!p.equals(mine)) {
					throw new DataException("Cannot continue " + job.results() + ": its partial " +
						"results " + p.getFileName() + " were written with another model. Run " +
						"with that model to finish them, or set overwrite=true to start afresh " +
						"with this one.");
				}
			}
			final PartIdentity identity = PartIdentity.of(job, modelId);
			if (Files.exists(mine, LinkOption.NOFOLLOW_LINKS)) {
				if (!Files.isRegularFile(mine, LinkOption.NOFOLLOW_LINKS)) {
					throw refused(job, mine, "are not a plain file (a link?)");
				}
				ch = FileChannel.open(mine, StandardOpenOption.READ, StandardOpenOption.WRITE,
					LinkOption.NOFOLLOW_LINKS);
				if (ch.size() > 0) return resume(job, mine, lock, ch, identity, headings, labels);
			}
			else if (!job.overwrite() && Files.exists(target)) {
				throw new DataException("Results " + job.results() + " are there from a finished " +
					"run. Set overwrite=true to classify again, or choose another results file.");
			}
			else {
				// NB: CREATE_NEW: made by this run, never through a link planted there.
				ch = FileChannel.open(mine, StandardOpenOption.CREATE_NEW,
					StandardOpenOption.READ, StandardOpenOption.WRITE);
			}
			return start(target, mine, lock, ch, 0, identity.line() + "\n", headings, labels);
		}
		catch (final IOException e) {
			close(ch, lock);
			throw new DataException("Cannot write the results to " + mine + ": " + e + ". " +
				"Choose another results file.", e);
		}
		catch (final RuntimeException e) {
			close(ch, lock);
			throw e;
		}
	}

	/**
	 * A short identity of a model, the same for the same trained network
	 * wherever its file is: a hash of its metadata (which holds its creation
	 * time and its training history). NB: a number of the training options
	 * read back from a file is a double (64.0), written from memory an int (64).
	 */
	static String modelId(final ModelMetadata metadata) {
		final String json = ModelIO.toJson(metadata).replaceAll("(\\d)\\.0(?=[\\s,}\\]])",
			"$1");
		try {
			final byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(
				StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 6);
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The partial file rows are written to. */
	Path partial() {
		return partial;
	}

	/** Whether an earlier run's rows of {@code file} are kept (so it is not classified again). */
	boolean done(final String file) {
		return Arrays.binarySearch(done, Shard.hash(file)) >= 0;
	}

	/** The last file in path order whose rows are kept (null: none). */
	String lastDone() {
		return lastDone;
	}

	/** Rows kept from an earlier run. */
	long earlierRows() {
		return earlierRows;
	}

	/** Rows in the file, earlier ones included. */
	long rows() {
		return rows;
	}

	/** Rows per class, earlier ones included. */
	ClassCounts counts() {
		return counts;
	}

	/** {file, label} of files an earlier run classified but did not move yet. */
	List<String[]> unmoved() {
		return unmoved;
	}

	/** Appends {@code batch} and flushes it, so it survives a kill. */
	void append(final List<FolderRow> batch) {
		try {
			for (final FolderRow row : batch) {
				out.write(row.csv());
				out.write('\n');
				counts.add(row.prediction());
			}
			out.flush();
			rows += batch.size();
		}
		catch (final IOException e) {
			throw new DataException("Cannot write the results to " + partial + ": " + e + ". " +
				"Free some space; the same command continues from there.", e);
		}
	}

	/**
	 * Writes the per-class counts to {@code countsCsv}, then the complete
	 * results (the partial file without its identity line) in place of the
	 * CSV, and removes the partial file.
	 */
	void finish(final Path countsCsv) {
		try {
			out.flush();
			SafeFiles.writeText(countsCsv, "class counts", counts.csv());
			SafeFiles.write(csv, "results", tmp -> {
				try (FileChannel to = SafeFiles.openTemporaryChannel(tmp)) {
					final long size = channel.size();
					for (long at = rowsFrom; at < size;) at += channel.transferTo(at, size - at, to);
				}
			});
			out.close();
			finished = true;
			Files.deleteIfExists(partial);
		}
		catch (final IOException e) {
			throw new DataException("Cannot put the results in place of " + csv + ": " + e +
				". They are complete in " + partial + ".", e);
		}
	}

	/**
	 * Ends writing and lets other runs have the results; an unfinished partial
	 * file stays to be continued, unless it holds no row.
	 */
	@Override
	public void close() {
		try {
			if (!finished) {
				out.close();
				if (rows == 0) Files.deleteIfExists(partial);
			}
		}
		catch (final IOException e) {
			// NB: the partial file stays; continuing it reports any problem.
		}
		finally {
			lock.close();
		}
	}

	/** The partial files of {@code csv}, of any model. */
	private static List<Path> partials(final Path csv) throws IOException {
		final String prefix = csv.getFileName() + ".";
		final List<Path> found = new ArrayList<>();
		try (DirectoryStream<Path> list = Files.newDirectoryStream(csv.getParent(), p -> {
			final String name = p.getFileName().toString();
			return name.length() == prefix.length() + 12 + PART.length() && name.startsWith(
				prefix) && name.endsWith(PART) && name.substring(prefix.length(), prefix
					.length() + 12).matches("[0-9a-f]{12}");
		}))
		{
			list.forEach(found::add);
		}
		return found;
	}

	/** Writes {@code identity} (if not null) and the heading line at {@code at}: no rows yet. */
	private static ResultsCsv start(final Path csv, final Path partial, final ResultsLock lock,
		final FileChannel ch, final long at, final String identity, final List<String> headings,
		final List<String> labels) throws IOException
	{
		ch.truncate(at);
		ch.position(at);
		final byte[] first = identity.getBytes(StandardCharsets.UTF_8);
		ch.write(ByteBuffer.wrap((identity + line(headings) + "\n").getBytes(
			StandardCharsets.UTF_8)));
		return new ResultsCsv(csv, partial, lock, ch, at + first.length, new ClassCounts(labels),
			0, new long[0], null, List.of());
	}

	/**
	 * Reads the partial file of a stopped run: checks what it belongs to and
	 * every file it names, counts its rows, cuts off a half-written last line,
	 * and the rows of the last file when it can be classified again (a stack
	 * may have been cut between mini-batches).
	 */
	private static ResultsCsv resume(final FolderJob job, final Path partial,
		final ResultsLock lock, final FileChannel ch, final PartIdentity identity,
		final List<String> headings, final List<String> labels) throws IOException
	{
		final Path root = job.folder();
		final boolean unmovedToo = job.sortTo() != null && job.move();
		final CsvRecords records = new CsvRecords(new FilterInputStream(Channels.newInputStream(
			ch.position(0))) {

			@Override
			public void close() {
				// NB: the channel stays open, to append.
			}
		});
		final List<String> first = records.next();
		final PartIdentity there = first == null || first.size() != 1 ? null : PartIdentity
			.parse(first.get(0));
		if (there == null) {
			throw refused(job, partial, "do not say which folder, shard, pattern and model " +
				"they belong to (an older version, or not ours)");
		}
		final String differs = there.difference(identity);
		if (differs != null) {
			throw refused(job, partial, "belong to another run: " + differs + " differs");
		}
		final long rowsFrom = records.end();
		final List<String> header = records.next();
		if (header == null) {
			// NB: stopped while writing the heading line: write it again.
			return start(job.results().toAbsolutePath(), partial, lock, ch, rowsFrom, "",
				headings, labels);
		}
		if (!header.equals(headings)) {
			throw refused(job, partial, "have other columns than this model's results");
		}
		final ClassCounts counts = new ClassCounts(labels);
		final List<String[]> unmoved = new ArrayList<>();
		final DoneFiles done = new DoneFiles();
		final Predicate<String> classified = job.classifies();
		long rows = 0;
		String file = null;
		long groupStart = records.end();
		long groupRows = 0;
		final Map<String, Long> group = new HashMap<>();
		String groupLabel = null;
		for (List<String> r; (r = records.next()) != null;) {
			if (r.size() != headings.size()) {
				throw refused(job, partial, "are damaged at line " + records.lines());
			}
			if (!r.get(0).equals(file)) {
				if (!classified.test(r.get(0))) {
					throw refused(job, partial, "name at line " + records.lines() + " '" + r.get(
						0) + "', which is not a file this run classifies in " + root);
				}
				if (file != null) done.add(file);
				if (unmovedToo && groupRows == 1 && Files.exists(root.resolve(file))) {
					unmoved.add(new String[] { file, groupLabel });
				}
				file = r.get(0);
				groupStart = records.start();
				groupRows = 0;
				group.clear();
				groupLabel = r.get(2);
			}
			try {
				counts.add(r.get(2), 1);
			}
			catch (final IllegalArgumentException e) {
				throw refused(job, partial, "have at line " + records.lines() + " a class this " +
					"model does not have ('" + r.get(2) + "')");
			}
			group.merge(r.get(2), 1L, Long::sum);
			groupRows++;
			rows++;
		}
		long keep = records.end();
		if (file != null && Files.exists(root.resolve(file))) {
			keep = groupStart;
			rows -= groupRows;
			for (final Map.Entry<String, Long> e : group.entrySet()) {
				counts.add(e.getKey(), -e.getValue());
			}
		}
		else if (file != null) done.add(file);
		final long[] hashes = done.sorted();
		if (hashes == null) throw refused(job, partial, "hold the rows of a file twice");
		ch.truncate(keep);
		ch.position(keep);
		return new ResultsCsv(job.results().toAbsolutePath(), partial, lock, ch, rowsFrom,
			counts, rows, hashes, done.last, unmoved);
	}

	/** The refusal to continue {@code partial}, which {@code what}: one line, saying what to do. */
	private static DataException refused(final FolderJob job, final Path partial,
		final String what)
	{
		return new DataException("Cannot continue " + job.results() + ": its partial results " +
			partial.getFileName() + " " + what + ". Nothing was changed; set overwrite=true to " +
			"start afresh.");
	}

	/** The files with rows kept, as {@link Shard#hash}es: NB: 8 bytes a file, not its path. */
	private static final class DoneFiles {

		private long[] hashes = new long[64];
		private int size;
		private String last;

		void add(final String file) {
			if (size == hashes.length) hashes = Arrays.copyOf(hashes, size * 2);
			hashes[size++] = Shard.hash(file);
			if (last == null || file.compareTo(last) > 0) last = file;
		}

		/** The hashes in order, or null when a file is there twice. */
		long[] sorted() {
			final long[] h = Arrays.copyOf(hashes, size);
			Arrays.sort(h);
			for (int i = 1; i < h.length; i++) {
				if (h[i] == h[i - 1]) return null;
			}
			return h;
		}
	}

	private static void close(final FileChannel ch, final ResultsLock lock) {
		try {
			if (ch != null) ch.close();
		}
		catch (final IOException e) {
			// NB: nothing was written through it.
		}
		lock.close();
	}

	/** {@code fields} as one CSV line (no line end). */
	static String line(final List<String> fields) {
		return fields.stream().map(CsvRecords::text).collect(Collectors.joining(","));
	}
}
