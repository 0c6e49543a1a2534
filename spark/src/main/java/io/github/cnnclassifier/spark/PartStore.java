package io.github.cnnclassifier.spark;

import io.github.cnnclassifier.folder.ClassCounts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The finished parts of a job, in a folder beside its results
 * ({@code results.csv.parts/}): each part's rows ({@code <part>.csv}, no
 * heading) and what it counted ({@code <part>.txt}). A part is committed by
 * renaming its CSV into place, after its counts: so a part whose CSV is there
 * is finished, whatever killed the job, and a re-run skips it.
 * <p>
 * NB: a part's name holds a hash of its files and the model ({@link Part}),
 * so parts of another model or another listing are never taken for finished
 * ones. Two attempts of one task (Spark's retries, speculation) write their
 * own temporary files, and either's rename leaves the same rows.
 * </p>
 */
final class PartStore {

	private final FileSystem fs;
	private final Path dir;

	/** The parts of the results {@code results} on {@code fs}. */
	PartStore(final FileSystem fs, final Path results) {
		this.fs = fs;
		this.dir = new Path(results.getParent(), results.getName() + ".parts");
	}

	/** The folder of the parts. */
	Path dir() {
		return dir;
	}

	/** Whether {@code part} was finished by this or an earlier run. */
	boolean done(final Part part) throws IOException {
		return fs.exists(csv(part));
	}

	/** A new temporary file for the rows of one attempt at {@code part}. */
	Path temporary(final Part part) {
		return new Path(new Path(dir, "_temporary"), part.name() + "." + UUID.randomUUID() +
			".csv");
	}

	/** Commits an attempt's rows in {@code rows} with what it counted. */
	void commit(final Part part, final Path rows, final PartOutcome outcome)
		throws IOException
	{
		final Path text = new Path(dir, part.name() + ".txt");
		final Path tmp = new Path(rows.getParent(), rows.getName() + ".txt");
		try (OutputStream out = fs.create(tmp, true)) {
			out.write(outcome.text().getBytes(StandardCharsets.UTF_8));
		}
		fs.delete(text, false);
		if (!fs.rename(tmp, text)) throw new IOException("cannot rename " + tmp + " to " + text);
		// NB: the commit; a second attempt that got here first left the same rows.
		if (!fs.rename(rows, csv(part)) && !fs.exists(csv(part))) {
			throw new IOException("cannot rename " + rows + " to " + csv(part));
		}
		fs.delete(rows, false);
	}

	/** Writes the results from the finished parts, in their order, to a temporary path. */
	interface Results {

		/**
		 * @param rows each part's rows, a CSV without heading, in order
		 * @param temporary where to write (then moved into place)
		 */
		void write(List<Path> rows, Path temporary) throws IOException;
	}

	/**
	 * Writes the results from the finished parts, then the counts beside them,
	 * each through a temporary path; deletes the parts after.
	 *
	 * @return the sum of the parts' outcomes
	 * @throws IOException if a part is missing or cannot be read
	 */
	PartOutcome merge(final List<Part> parts, final List<String> labels, final Results writer,
		final Path results, final Path countsFile) throws IOException
	{
		final PartOutcome all = new PartOutcome(labels.size());
		final List<Path> rows = new ArrayList<>();
		for (final Part p : parts) {
			all.add(outcome(p, labels.size()));
			rows.add(csv(p));
		}
		final Path tmp = new Path(dir, "_merge");
		writer.write(rows, tmp);
		final ClassCounts counts = new ClassCounts(labels);
		for (int k = 0; k < labels.size(); k++) counts.add(labels.get(k), all.counts[k]);
		final Path countsTmp = new Path(dir, "_merge-counts.csv");
		try (OutputStream out = fs.create(countsTmp, true)) {
			out.write(counts.csv().getBytes(StandardCharsets.UTF_8));
		}
		replace(countsTmp, countsFile);
		replace(tmp, results);
		fs.delete(dir, true);
		return all;
	}

	/** The results as one CSV: {@code header}, then every part's rows. */
	Results csv(final String header) {
		return (rows, tmp) -> {
			try (OutputStream out = fs.create(tmp, true)) {
				out.write((header + "\n").getBytes(StandardCharsets.UTF_8));
				for (final Path p : rows) {
					try (InputStream in = fs.open(p)) {
						in.transferTo(out);
					}
				}
			}
		};
	}

	/** Deletes every part: a fresh start. */
	void clear() throws IOException {
		fs.delete(dir, true);
	}

	private PartOutcome outcome(final Part p, final int classes) throws IOException {
		final Path text = new Path(dir, p.name() + ".txt");
		try (InputStream in = fs.open(text)) {
			return PartOutcome.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
				classes);
		}
		catch (final IllegalArgumentException e) {
			throw new IOException(text + " is damaged (" + e.getMessage() + "); delete it and " +
				p.name() + ".csv to classify that part again");
		}
	}

	/** NB: a folder (a Parquet dataset) is replaced whole; the job checked it is results. */
	private void replace(final Path from, final Path to) throws IOException {
		fs.delete(to, true);
		if (!fs.rename(from, to)) throw new IOException("cannot rename " + from + " to " + to);
	}

	private Path csv(final Part part) {
		return new Path(dir, part.name() + ".csv");
	}
}
