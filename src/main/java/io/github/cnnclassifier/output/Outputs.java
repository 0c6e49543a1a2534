package io.github.cnnclassifier.output;

import io.github.cnnclassifier.data.DataException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The one declaration of what a command writes, checked before any work: each
 * output is named by its option and kind, none is one of the command's inputs
 * or lies inside an input folder, no two are the same file, and a file of
 * another kind is replaced only with {@code overwrite} (see {@link OutputFile}).
 */
public final class Outputs {

	private record Declared(String option, Path file, OutputFile.Kind kind) {}

	private record Input(String role, Path path, boolean folder) {}

	private final boolean overwrite;
	private final List<Declared> outputs = new ArrayList<>();
	private final List<Input> inputs = new ArrayList<>();

	private Outputs(final boolean overwrite) {
		this.overwrite = overwrite;
	}

	/** Outputs that replace a file of another kind only if {@code overwrite}. */
	public static Outputs of(final boolean overwrite) {
		return new Outputs(overwrite);
	}

	/** The option {@code option} writes {@code file} of {@code kind}; a null file is not written. */
	public Outputs file(final String option, final Path file, final OutputFile.Kind kind) {
		if (file != null) outputs.add(new Declared(option, file, kind));
		return this;
	}

	/** {@link #file(String, Path, OutputFile.Kind)} with the kind told by the file's name (e.g. PNG or TIFF). */
	public Outputs file(final String option, final Path file,
		final Function<Path, OutputFile.Kind> kind)
	{
		return file == null ? this : file(option, file, kind.apply(file));
	}

	/** An input file ({@code role} names it: "model", "image"); null is ignored. */
	public Outputs input(final String role, final Path file) {
		if (file != null) inputs.add(new Input(role, file, false));
		return this;
	}

	/** An input folder no output may lie inside ({@code role} names it); null is ignored. */
	public Outputs inputFolder(final String role, final Path folder) {
		if (folder != null) inputs.add(new Input(role, folder, true));
		return this;
	}

	/**
	 * Checks every declared output, in the order declared.
	 *
	 * @throws DataException naming the option or file, what is wrong and what to do
	 */
	public void check() {
		OutputFile.checkDistinct(outputs.stream().map(Declared::option).toList(), outputs
			.stream().map(Declared::file).toArray(Path[]::new));
		for (final Declared out : outputs) {
			final OutputFile file = OutputFile.of(out.file(), out.kind()).overwrite(overwrite);
			for (final Input in : inputs) {
				if (in.folder()) file.notInside(in.role(), in.path());
				else file.notTheSameAs(in.role(), in.path());
			}
			file.check();
		}
	}
}
