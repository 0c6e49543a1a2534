package io.github.cnnclassifier.predict;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.SafeFiles;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.model.ModelMetadata;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The results CSV of a folder run, written so that a stopped run can be
 * continued: rows go to a partial file beside the CSV,
 * {@code <name>.<model id>.part}, flushed after every mini-batch, and the
 * partial file becomes the CSV when the run is complete. Opening it again
 * after a stop (even a kill) keeps the complete rows, except those of the
 * last file when that file is still there to classify again, and tells the
 * run where to go on.
 * <p>
 * NB: rows are in the folder walk's order, so "where to go on" is one path,
 * and memory does not grow with the rows already written.
 * </p>
 */
final class ResultsCsv implements AutoCloseable {

	private static final String PART = ".part";

	private final Path csv;
	private final Path partial;
	private final ClassCounts counts;
	private final long earlierRows;
	private final String resumeAfter;
	private final List<String[]> unmoved;
	private Writer out;
	private long rows;
	private boolean finished;

	private ResultsCsv(final Path csv, final Path partial, final ClassCounts counts,
		final long earlierRows, final String resumeAfter, final List<String[]> unmoved)
		throws IOException
	{
		this.csv = csv;
		this.partial = partial;
		this.counts = counts;
		this.earlierRows = earlierRows;
		this.rows = earlierRows;
		this.resumeAfter = resumeAfter;
		this.unmoved = unmoved;
		this.out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(partial,
			StandardOpenOption.CREATE, StandardOpenOption.APPEND), StandardCharsets.UTF_8));
	}

	/**
	 * Starts the results {@code csv} of the folder {@code root}, or continues
	 * the partial one a stopped run with the same model left.
	 *
	 * @param headings the CSV's columns (File, Slice, Class, Confidence, P_label...)
	 * @param labels the model's class labels, in output order
	 * @param modelId {@link #modelId} of the model
	 * @param overwrite start afresh, removing partial results of any model
	 * @param unmovedToo whether to list files whose rows are written but that
	 *          are still in the folder (sort_mode=move stopped between the two)
	 * @throws DataException if partial results of another model are there, or
	 *           a finished {@code csv} is there (without {@code overwrite}), or
	 *           the partial file cannot be read or written
	 */
	static ResultsCsv open(final Path csv, final List<String> headings,
		final List<String> labels, final String modelId, final boolean overwrite,
		final Path root, final boolean unmovedToo)
	{
		final Path target = csv.toAbsolutePath();
		final Path mine = target.resolveSibling(target.getFileName() + "." + modelId + PART);
		try {
			for (final Path p : partials(target)) {
				if (overwrite) Files.delete(p);
				else if (!p.equals(mine)) {
					throw new DataException("Cannot continue " + csv + ": its partial results " + p
						.getFileName() + " were written with another model. Run with that model " +
						"to finish them, or set overwrite=true to start afresh with this one.");
				}
			}
			if (!overwrite && Files.exists(mine)) return resume(target, mine, headings, labels,
				root, unmovedToo);
			if (!overwrite && Files.exists(target)) {
				throw new DataException("Results " + csv + " are there from a finished run. Set " +
					"overwrite=true to classify again, or choose another results file.");
			}
			Files.write(mine, (line(headings) + "\n").getBytes(StandardCharsets.UTF_8));
			return new ResultsCsv(target, mine, new ClassCounts(labels), 0, null, List.of());
		}
		catch (final IOException e) {
			throw new DataException("Cannot write the results to " + mine + ": " + e + ". " +
				"Choose another results file.", e);
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

	/** The last file an earlier run completed; the run goes on after it (null: from the start). */
	String resumeAfter() {
		return resumeAfter;
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
				counts.add(row.prediction().classIndex());
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
	 * Writes the per-class counts to {@code countsCsv}, then puts the
	 * complete results in place of the CSV.
	 */
	void finish(final Path countsCsv) {
		try {
			out.close();
			out = null;
			SafeFiles.writeText(countsCsv, "class counts", counts.csv());
			try {
				Files.move(partial, csv, StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
			}
			catch (final AtomicMoveNotSupportedException e) {
				Files.move(partial, csv, StandardCopyOption.REPLACE_EXISTING);
			}
			finished = true;
		}
		catch (final IOException e) {
			throw new DataException("Cannot put the results in place of " + csv + ": " + e +
				". They are complete in " + partial + ".", e);
		}
	}

	/** Ends writing; an unfinished partial file stays to be continued, unless it holds no row. */
	@Override
	public void close() {
		if (finished) return;
		try {
			if (out != null) out.close();
			if (rows == 0) Files.deleteIfExists(partial);
		}
		catch (final IOException e) {
			// NB: the partial file stays; continuing it reports any problem.
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

	/**
	 * Reads the partial file of a stopped run: counts its rows, cuts off a
	 * half-written last line, and the rows of the last file when it can be
	 * classified again (a stack may have been cut between mini-batches).
	 */
	private static ResultsCsv resume(final Path csv, final Path partial,
		final List<String> headings, final List<String> labels, final Path root,
		final boolean unmovedToo) throws IOException
	{
		final ClassCounts counts = new ClassCounts(labels);
		final List<String[]> unmoved = new ArrayList<>();
		long rows = 0;
		long keep;
		String resumeAfter;
		try (CsvRecords records = new CsvRecords(Files.newInputStream(partial))) {
			final List<String> header = records.next();
			if (header == null) {
				// NB: stopped while writing the heading line: write it again, from the start.
				Files.write(partial, (line(headings) + "\n").getBytes(StandardCharsets.UTF_8));
				return new ResultsCsv(csv, partial, counts, 0, null, unmoved);
			}
			if (!header.equals(headings)) {
				throw new DataException("Cannot continue " + partial + ": its columns are not " +
					"those of this model's results. Set overwrite=true to start afresh.");
			}
			String file = null;
			String previous = null;
			long groupStart = records.end();
			long groupRows = 0;
			final Map<String, Long> group = new HashMap<>();
			String groupLabel = null;
			for (List<String> r; (r = records.next()) != null;) {
				if (r.size() != headings.size()) {
					throw new DataException("Cannot continue " + partial + ": line " + records
						.lines() + " is damaged. Set overwrite=true to start afresh.");
				}
				if (!r.get(0).equals(file)) {
					if (unmovedToo && groupRows == 1 && Files.exists(root.resolve(file))) {
						unmoved.add(new String[] { file, groupLabel });
					}
					previous = file;
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
					throw new DataException("Cannot continue " + partial + ": line " + records
						.lines() + " has a class this model does not have ('" + r.get(2) +
						"'). Set overwrite=true to start afresh.", e);
				}
				group.merge(r.get(2), 1L, Long::sum);
				groupRows++;
				rows++;
			}
			keep = records.end();
			resumeAfter = file;
			if (file != null && Files.exists(root.resolve(file))) {
				keep = groupStart;
				resumeAfter = previous;
				rows -= groupRows;
				for (final Map.Entry<String, Long> e : group.entrySet()) {
					counts.add(e.getKey(), -e.getValue());
				}
			}
		}
		try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.WRITE)) {
			ch.truncate(keep);
		}
		return new ResultsCsv(csv, partial, counts, rows, resumeAfter, unmoved);
	}

	private static String line(final List<String> fields) {
		return fields.stream().map(CsvRecords::text).collect(Collectors.joining(","));
	}
}
