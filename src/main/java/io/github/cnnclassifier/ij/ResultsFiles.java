package io.github.cnnclassifier.ij;

import ij.measure.ResultsTable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes Results tables as CSV the way ImageJ does, but atomically and with clear errors. */
public final class ResultsFiles {

	private ResultsFiles() {}

	/**
	 * Fails early, before any work, if no file can be written at {@code file}.
	 *
	 * @throws IllegalArgumentException naming the file and what to do
	 */
	public static void checkWritable(final Path file) {
		final Path parent = file.toAbsolutePath().getParent();
		if (parent == null || !Files.isDirectory(parent)) {
			throw new IllegalArgumentException("Cannot write results to " + file +
				": folder " + parent + " does not exist. Create it or choose another path.");
		}
		if (Files.isDirectory(file)) {
			throw new IllegalArgumentException("Cannot write results to " + file +
				": it is a folder. Give a file name such as " + file.resolve("results.csv"));
		}
	}

	/**
	 * Saves {@code table} to {@code file} (CSV for a .csv name, else
	 * tab-separated, as ImageJ's saveAs("Results")) via a temporary file, so
	 * an older file is replaced only by a complete one.
	 */
	public static void save(final ResultsTable table, final Path file) {
		checkWritable(file);
		final Path target = file.toAbsolutePath();
		final String name = target.getFileName().toString();
		final String ext = name.toLowerCase().endsWith(".csv") ? ".csv" : ".txt";
		Path tmp = null;
		try {
			tmp = Files.createTempFile(target.getParent(), "." + name + ".", ext);
			table.saveAs(tmp.toString());
			try {
				Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
			}
			catch (final AtomicMoveNotSupportedException e) {
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("Cannot write results to " + file + ": " +
				e.getMessage(), e);
		}
		finally {
			if (tmp != null) tmp.toFile().delete();
		}
	}

	/** The table as the CSV text {@link #save} writes to a .csv file. */
	public static String csv(final ResultsTable table) {
		try {
			final Path tmp = Files.createTempFile("cnn-classifier-results", ".csv");
			try {
				table.saveAs(tmp.toString());
				return new String(Files.readAllBytes(tmp), StandardCharsets.UTF_8);
			}
			finally {
				Files.delete(tmp);
			}
		}
		catch (final IOException e) {
			throw new IllegalStateException("Cannot write a temporary file: " + e.getMessage(), e);
		}
	}
}
