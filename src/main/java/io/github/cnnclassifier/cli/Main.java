package io.github.cnnclassifier.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import net.imagej.patcher.LegacyEnvironment;

import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.scijava.log.StderrLogService;
import org.scijava.module.Module;
import org.scijava.parse.Items;
import org.scijava.parse.ParseService;

/**
 * The headless launcher behind {@code ./cnn-classifier}, with Fiji's command
 * line syntax: {@code --headless --run "Label" "key='value',n=5"} runs a
 * command; {@code -batch macro.ijm [argument]} runs an ImageJ 1.x macro with
 * this plugin installed. Exit status 0 on success, 1 on an error (printed as
 * one line), 2 on a usage error.
 * <p>
 * NB: imports nothing from {@code ij.*}: for -batch, ij1-patcher must patch
 * ImageJ 1.x (to run without a display) before any of its classes load.
 * </p>
 */
public final class Main {

	static final String USAGE = String.join("\n",
		"Usage: cnn-classifier [--headless] --run \"Command Label\" \"key='value',key2=5\"",
		"       cnn-classifier -batch macro.ijm [argument]",
		Install.USAGE,
		"Commands: \"Train CNN Classifier\", \"Transfer Learn CNN\", \"Classify with CNN\",",
		"          \"Classify Folder with CNN\", \"Benchmark CNN\", \"CNN Classifier System Info\".",
		"Example: cnn-classifier --headless --run \"Train CNN Classifier\" " +
			"\"data='test-images/digits',model='/tmp/digits.zip',max_epochs=4\"");

	private Main() {}

	public static void main(final String[] args) {
		System.exit(run(args));
	}

	/** Runs the command line {@code args}; returns the exit status. */
	public static int run(final String... args) {
		final LinkedList<String> rest = new LinkedList<>(List.of(args));
		rest.remove("--headless");
		System.setProperty("java.awt.headless", "true");
		if (rest.isEmpty() || rest.contains("--help") || rest.contains("-h")) {
			System.out.println(USAGE);
			return rest.isEmpty() ? 2 : 0;
		}
		final String verb = rest.removeFirst();
		if (verb.equals("install") || verb.equals("uninstall")) return Install.run(verb, rest);
		try {
			if (verb.equals("--run") && (rest.size() == 1 || rest.size() == 2)) {
				return runCommand(rest.get(0), rest.size() == 2 ? rest.get(1) : "");
			}
			if ((verb.equals("-batch") || verb.equals("--batch")) && (rest.size() == 1 ||
				rest.size() == 2))
			{
				return runMacro(Paths.get(rest.get(0)), rest.size() == 2 ? rest.get(1) : "");
			}
		}
		catch (final Failure e) {
			System.err.println("Error: " + e.getMessage());
			return 1;
		}
		System.err.println("Unknown arguments: " + String.join(" ", args) + "\n" + USAGE);
		return 2;
	}

	/** Runs the command with this menu label or class name, parsing {@code arguments} as Fiji does. */
	static int runCommand(final String label, final String arguments) {
		try (Context context = new Context(CommandService.class, ParseService.class)) {
			final CommandService commands = context.service(CommandService.class);
			CommandInfo info = commands.getCommand(label);
			if (info == null) {
				info = commands.getCommands().stream().filter(c -> label.equals(c.getTitle()))
					.findFirst().orElseThrow(() -> new Failure("No command \"" + label +
						"\". Commands: " + ours(commands) + "."));
			}
			final Map<String, Object> inputs = parse(context, arguments);
			final List<String> errors = new ArrayList<>();
			final LogService log = context.service(LogService.class);
			// NB: messages go to stderr, so stdout holds only results (e.g. CSV).
			if (log instanceof StderrLogService) {
				((StderrLogService) log).setPrintStreams(level -> System.err);
			}
			log.addLogListener(message -> {
				if (message.level() == LogLevel.ERROR) errors.add(message.text());
			});
			final Module module = commands.run(info, true, inputs).get();
			if (module instanceof Cancelable && ((Cancelable) module).isCanceled()) {
				final String reason = ((Cancelable) module).getCancelReason();
				// NB: a reason the command already logged as an error is not printed twice.
				if (reason != null && errors.contains(reason)) return 1;
				throw new Failure(reason == null ? info.getTitle() + " was cancelled" : reason);
			}
			return 0;
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new Failure("Interrupted");
		}
		catch (final ExecutionException e) {
			final Throwable cause = e.getCause() == null ? e : e.getCause();
			cause.printStackTrace();
			throw new Failure(label + " failed: " + cause);
		}
	}

	/** Our commands' labels, quoted, from the plugin index. */
	private static String ours(final CommandService commands) {
		return commands.getCommands().stream().filter(c -> c.getMenuPath() != null && c
			.getMenuPath().size() > 1 && "CNN Classifier".equals(c.getMenuPath().get(1).getName()))
			.map(c -> "\"" + c.getTitle() + "\"").sorted().collect(java.util.stream.Collectors
				.joining(", "));
	}

	private static Map<String, Object> parse(final Context context, final String arguments) {
		if (arguments.trim().isEmpty()) return Map.of();
		try {
			final Items items = context.service(ParseService.class).parse(arguments);
			if (!items.isMap()) {
				throw new Failure("Arguments must be key=value pairs separated by commas, " +
					"e.g. \"data='/path/folder',max_epochs=4\"; got: " + arguments);
			}
			return items.asMap();
		}
		catch (final IllegalArgumentException e) {
			throw new Failure("Cannot parse the arguments \"" + arguments + "\": " +
				e.getMessage() + ". Quote text values: key='value'.");
		}
	}

	/**
	 * Runs an ImageJ 1.x macro headless, with this plugin's plugins.config
	 * installed, as ImageJ's {@code -batch}; {@code getArgument()} returns
	 * {@code argument}.
	 */
	static int runMacro(final Path macro, final String argument) {
		final String text;
		try {
			text = new String(Files.readAllBytes(macro), StandardCharsets.UTF_8);
		}
		catch (final IOException e) {
			throw new Failure("Cannot read macro " + macro + ": " + e.getMessage());
		}
		try {
			final LegacyEnvironment ij1 = new LegacyEnvironment(null, true);
			ij1.disableIJ1PluginDirs();
			ij1.addPluginClasspath(classpath());
			return runMacro(ij1, text, argument) ? 1 : 0;
		}
		catch (final ReflectiveOperationException e) {
			throw new Failure("ImageJ 1.x is not on the class path: " + e);
		}
		catch (final RuntimeException e) {
			Throwable t = e;
			while (t.getCause() != null) t = t.getCause();
			throw new Failure("Macro " + macro + " stopped: " + (t.getMessage() == null ? t
				: t.getMessage()));
		}
	}

	/**
	 * Runs {@code text} with ImageJ's macro interpreter, in the thread set-up
	 * of LegacyEnvironment.runMacro; returns whether the macro stopped on an error.
	 */
	private static boolean runMacro(final LegacyEnvironment ij1, final String text,
		final String argument) throws ReflectiveOperationException
	{
		final ClassLoader loader = ij1.getClassLoader();
		final Thread thread = Thread.currentThread();
		final String name = thread.getName();
		final ClassLoader saved = thread.getContextClassLoader();
		// NB: ImageJ 1.x treats threads named "Run$_..." as macro threads.
		thread.setName("Run$_" + name);
		thread.setContextClassLoader(loader);
		try {
			final Class<?> interpreter = loader.loadClass("ij.macro.Interpreter");
			final Object macro = interpreter.getConstructor().newInstance();
			interpreter.getMethod("run", String.class, String.class).invoke(macro, text,
				argument);
			return (Boolean) interpreter.getMethod("wasError").invoke(macro);
		}
		catch (final java.lang.reflect.InvocationTargetException e) {
			throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause()
				: new RuntimeException(e.getCause());
		}
		finally {
			thread.setName(name);
			thread.setContextClassLoader(saved);
		}
	}

	/** The jars and folders of this JVM's class path, where plugins.config is looked for. */
	private static File[] classpath() {
		final List<File> files = new ArrayList<>();
		for (final String entry : System.getProperty("java.class.path").split(
			File.pathSeparator))
		{
			if (!entry.isEmpty()) files.add(new File(entry));
		}
		return files.toArray(new File[0]);
	}

	/** An error to print as one line, with exit status 1. */
	static final class Failure extends RuntimeException {

		Failure(final String message) {
			super(message);
		}
	}
}
