package io.github.cnnclassifier.cli;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs ./cnn-classifier as a user would, in its own JVM, and keeps what it printed. */
final class Launcher {

	final int exit;
	final String out;
	final String err;

	private Launcher(final int exit, final String out, final String err) {
		this.exit = exit;
		this.out = out;
		this.err = err;
	}

	/** Runs the launcher with {@code args} from the project folder; never rebuilds. */
	static Launcher run(final String... args) throws IOException, InterruptedException {
		return run(Map.of(), args);
	}

	/** The same, with these environment variables (e.g. JAVA_OPTS) set. */
	static Launcher run(final Map<String, String> env, final String... args)
		throws IOException, InterruptedException
	{
		return run(env, null, args);
	}

	/**
	 * Runs the launcher with {@code javaOpts} (or none) as JAVA_OPTS and
	 * standard output sent to {@code stdout}: null keeps it (in {@link #out}),
	 * {@link Redirect#PIPE} closes it at once, as a reader that stopped reading does.
	 */
	static Launcher runWith(final String javaOpts, final Redirect stdout, final String... args)
		throws IOException, InterruptedException
	{
		return run(javaOpts == null ? Map.of() : Map.of("JAVA_OPTS", javaOpts), stdout, args);
	}

	private static Launcher run(final Map<String, String> env, final Redirect stdout,
		final String... args) throws IOException, InterruptedException
	{
		final Path out = Files.createTempFile("launcher", ".out");
		final Path err = Files.createTempFile("launcher", ".err");
		try {
			final Process p = start(env, args).redirectOutput(stdout == null ? Redirect.to(out
				.toFile()) : stdout).redirectError(err.toFile()).start();
			if (stdout == Redirect.PIPE) p.getInputStream().close();
			if (!p.waitFor(5, TimeUnit.MINUTES)) {
				p.destroyForcibly();
				throw new IllegalStateException("Launcher timed out: " + List.of(args));
			}
			return new Launcher(p.exitValue(), read(out), read(err));
		}
		finally {
			Files.deleteIfExists(out);
			Files.deleteIfExists(err);
		}
	}

	/** The launcher's process, not started yet: {@code args} from the project folder, never rebuilding. */
	static ProcessBuilder start(final Map<String, String> env, final String... args) {
		final List<String> command = new ArrayList<>();
		command.add(Paths.get("cnn-classifier").toAbsolutePath().toString());
		command.addAll(List.of(args));
		final ProcessBuilder pb = new ProcessBuilder(command);
		// NB: the jar was built by this very Maven run; the launcher must not rebuild it.
		pb.environment().put("CNN_CLASSIFIER_NO_BUILD", "1");
		pb.environment().putAll(env);
		return pb;
	}

	/**
	 * The lines of standard error that report an error ("Error: ...",
	 * "[ERROR] ...", "Macro Error: ..."); asserts that every other line is
	 * a log line ("[INFO]", "[WARNING]") or the JVM's note on incubator modules.
	 */
	List<String> errorLines() {
		final List<String> errors = new ArrayList<>();
		for (final String line : err.split("\n")) {
			if (line.startsWith("Error") || line.startsWith("[ERROR]") || line.startsWith(
				"Macro Error")) errors.add(line);
			else if (!line.isBlank() && !line.startsWith("[INFO]") && !line.startsWith(
				"[WARNING]") && !line.startsWith("WARNING: Using incubator modules"))
			{
				throw new AssertionError("Unexpected line on standard error: \"" + line + "\"\n" +
					this);
			}
		}
		return errors;
	}

	private static String read(final Path file) throws IOException {
		return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
	}
}
