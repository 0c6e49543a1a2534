package io.github.cnnclassifier.output;

import io.github.cnnclassifier.data.RealPaths;
import io.github.cnnclassifier.data.DataException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.ZipFile;

/**
 * A file a command is about to write, checked before any work so that an
 * output never destroys an input or an unrelated file: it must not be one of
 * the command's input files, nor lie inside one of its input folders, and it
 * replaces an existing file only when that file is of the kind the command
 * writes (or is empty), unless the user allows it ({@code overwrite=true}),
 * and it is never a symbolic link.
 * Writing itself goes through {@link SafeFiles#write}.
 */
public final class OutputFile {

	/**
	 * What a command writes, and how to recognise such a file written before.
	 *
	 * @param what the word messages use, e.g. "model" or "results"
	 * @param description the kind as a user knows it, e.g. "a CNN Classifier model (.zip)"
	 * @param recognises true for an existing file of this kind
	 */
	public record Kind(String what, String description, Predicate<Path> recognises) {

		/** A zip archive with an entry of this name. */
		public static Kind zipWithEntry(final String what, final String description,
			final String entry)
		{
			return new Kind(what, description, file -> {
				try (ZipFile zip = new ZipFile(file.toFile())) {
					return zip.getEntry(entry) != null;
				}
				catch (final IOException e) {
					return false;
				}
			});
		}

		/** A text file whose first line is a comma-separated heading with all these columns. */
		public static Kind csvWithColumns(final String what, final String description,
			final String... columns)
		{
			return new Kind(what, description, file -> {
				try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
					final String line = in.readLine();
					if (line == null) return false;
					final List<String> heading = List.of(line.split(",", -1));
					return heading.containsAll(List.of(columns));
				}
				catch (final IOException | RuntimeException e) {
					return false; // NB: e.g. binary content that is not UTF-8
				}
			});
		}
	}

	private record Input(String role, Path path) {}

	private final Path file;
	private final Kind kind;
	private final List<Input> files = new ArrayList<>();
	private final List<Input> folders = new ArrayList<>();
	private boolean overwrite;
	private boolean overwriteOffered = true;

	private OutputFile(final Path file, final Kind kind) {
		this.file = file;
		this.kind = kind;
	}

	/** The output {@code file}, which will hold a file of {@code kind}. */
	public static OutputFile of(final Path file, final Kind kind) {
		return new OutputFile(file, kind);
	}

	/** The output must not be this input file ({@code role} names it: "model", "image"); null is ignored. */
	public OutputFile notTheSameAs(final String role, final Path input) {
		if (input != null) files.add(new Input(role, input));
		return this;
	}

	/** The output must not lie inside this input folder ({@code role} names it); null is ignored. */
	public OutputFile notInside(final String role, final Path folder) {
		if (folder != null) folders.add(new Input(role, folder));
		return this;
	}

	/** Whether the user allows replacing an existing file of another kind. */
	public OutputFile overwrite(final boolean allowed) {
		overwrite = allowed;
		return this;
	}

	/** A file of another kind is never replaced, and the refusal does not offer overwrite=true. */
	public OutputFile overwriteNotOffered() {
		overwrite = false;
		overwriteOffered = false;
		return this;
	}

	/**
	 * Checks everything, before any work.
	 *
	 * @return the output file
	 * @throws DataException naming the file, what is wrong and what to do
	 */
	public Path check() {
		SafeFiles.checkWritable(file, kind.what());
		final String cannot = "Cannot save the " + kind.what() + " to " + file + ": ";
		for (final Input input : files) {
			if (same(file, input.path())) {
				throw new DataException(cannot + "it is the " + input.role() + " this command " +
					"reads. Choose another file name; an output never replaces an input.");
			}
		}
		for (final Input folder : folders) {
			if (RealPaths.isInside(file, folder.path())) {
				throw new DataException(cannot + "it lies inside the " + folder.role() + " " +
					folder.path() + ", which this command reads. Choose a path outside it.");
			}
		}
		if (Files.isSymbolicLink(file)) {
			// NB: writing would replace the link, or, opened plainly, write through it.
			throw new DataException(cannot + "it is a symbolic link. Give the path of a plain " +
				"file; an output is never written through a link.");
		}
		if (!overwrite && Files.isRegularFile(file) && size(file) > 0 && !kind.recognises()
			.test(file))
		{
			throw new DataException(cannot + "that file exists and is not " + kind
				.description() + ". Choose another file name" + (overwriteOffered ? ", or set " +
					"overwrite=true to replace it." : " or move that file away."));
		}
		return file;
	}

	/**
	 * Refuses two outputs of one command that are the same file, each of which
	 * would replace the other.
	 *
	 * @param options the options naming the outputs, in order
	 * @param files their files, null where not given
	 * @throws DataException naming both options and the file
	 */
	public static void checkDistinct(final List<String> options, final Path... files) {
		for (int i = 0; i < files.length; i++) {
			for (int j = i + 1; j < files.length; j++) {
				if (files[i] != null && files[j] != null && same(files[i], files[j])) {
					throw new DataException(options.get(i) + " and " + options.get(j) + " are the " +
						"same file, " + files[i] + ": one would replace the other. Give each its own " +
						"file.");
				}
			}
		}
	}

	/** A file name without its ".zip" ending, in any case: "Model.ZIP" gives "Model". */
	public static String withoutZip(final String name) {
		final int end = name.length() - 4;
		return end >= 0 && name.regionMatches(true, end, ".zip", 0, 4) ? name.substring(0, end)
			: name;
	}

	/** {@link #withoutZip(String)} of the file name of {@code file}. */
	public static String withoutZip(final Path file) {
		return withoutZip(file.getFileName().toString());
	}

	private static boolean same(final Path a, final Path b) {
		try {
			if (Files.exists(a) && Files.exists(b)) return Files.isSameFile(a, b);
		}
		catch (final IOException e) {
			// NB: fall back to comparing the paths
		}
		return RealPaths.real(a).equals(RealPaths.real(b));
	}

	private static long size(final Path p) {
		try {
			return Files.size(p);
		}
		catch (final IOException e) {
			return 1;
		}
	}
}
