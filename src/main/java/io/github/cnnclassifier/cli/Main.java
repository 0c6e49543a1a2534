package io.github.cnnclassifier.cli;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.Messages;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.predict.ModelService;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.scijava.parse.Item;
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
		"          \"Classify Folder with CNN\", \"Evaluate CNN\", \"CNN Network Summary\",",
		"          \"Show CNN Filters\", \"Show CNN Feature Maps\", \"Show CNN Saliency\",",
		"          \"Benchmark CNN\", \"CNN Classifier System Info\", \"Import CNN Model\",",
		"          \"Export CNN Model\", \"Classify ROIs with CNN\",",
		"          \"Export ROIs as Training Images\", \"Classify Tiles with CNN\",",
		"          \"Cross-Validate CNN\".",
		"Example: cnn-classifier --headless --run \"Train CNN Classifier\" " +
			"\"data='test-images/digits',model='/tmp/digits.zip',max_epochs=4\"");

	private Main() {}

	/** NB: asks for stack traces, which are otherwise never printed. */
	static final String DEBUG = "cnnclassifier.debug";

	public static void main(final String[] args) {
		// NB: a failure in any other thread is one line too, never "Exception in thread ...".
		Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
			if (debug()) e.printStackTrace();
			else System.err.println("Error in thread " + thread.getName() + ": " + e);
		});
		endWithLauncher();
		System.exit(run(args));
	}

	/**
	 * Set by the launcher where it runs Java as its child rather than in its
	 * place (the first run after a build, which writes the class-data archive):
	 * the launcher's process id.
	 */
	static final String LAUNCHER_PID = "cnnclassifier.launcher.pid";

	private static long parent() {
		return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
	}

	/**
	 * Ends this JVM when the launcher that started it as its child ends. NB: a
	 * launcher killed (kill -9, a scheduler's time limit) left its child
	 * running, holding the lock of a Classify Folder run that a rerun then found
	 * taken. Killed, not halted: a halt first writes the class-data archive,
	 * while the work goes on for half a second.
	 */
	private static void endWithLauncher() {
		final String pid = System.getProperty(LAUNCHER_PID);
		if (pid == null || pid.isBlank()) return;
		final long launcher = Long.parseLong(pid.trim());
		// NB: only where the launcher is our parent (not where `java` is a wrapper that
		// starts the JVM as its own child); our parent changes the moment the launcher
		// dies, where the launcher itself may stay a zombie that ProcessHandle calls alive.
		if (parent() != launcher) return;
		final Thread watch = new Thread(() -> {
			try {
				// NB: two looks in a row, should one read of the parent fail
				for (int away = 0; away < 2; away = parent() == launcher ? 0 : away + 1) {
					Thread.sleep(20);
				}
				final String self = Long.toString(ProcessHandle.current().pid());
				new ProcessBuilder("sh", "-c", "kill -KILL " + self).start().waitFor();
				Runtime.getRuntime().halt(137); // NB: if that did not end it
			}
			catch (final IOException e) {
				Runtime.getRuntime().halt(137);
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}, "cnn-classifier-launcher-watch");
		watch.setDaemon(true);
		watch.start();
	}

	private static boolean debug() {
		return Boolean.getBoolean(DEBUG);
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
			if (e.getMessage() != null) {
				System.err.println("Error: " + Messages.escaped(e.getMessage()));
			}
			return e.status;
		}
		catch (final RuntimeException | Error e) {
			// NB: a bug; its stack trace only when asked for.
			if (debug()) e.printStackTrace();
			System.err.println("Error: " + e + (debug() ? "" : " (-D" + DEBUG + "=true " +
				"prints where it happened)"));
			return 1;
		}
		System.err.println("Unknown arguments: " + String.join(" ", args) + "\n" + USAGE);
		return 2;
	}

	/** Runs the command with this menu label or class name, parsing {@code arguments} as Fiji does. */
	static int runCommand(final String label, final String arguments) {
		// NB: while the context is made (most commands read a model or write one).
		ModelIO.prepareInBackground();
		try (Context context = new Context(CommandService.class, ParseService.class,
			ModelService.class))
		{
			final CommandService commands = context.service(CommandService.class);
			CommandInfo info = commands.getCommand(label);
			if (info == null) {
				info = commands.getCommands().stream().filter(c -> label.equals(c.getTitle()))
					.findFirst().orElseThrow(() -> new Usage("No command \"" + label +
						"\". Commands: " + ours(commands) + "."));
			}
			final Map<String, Object> inputs = parse(context, arguments);
			Inputs.check(info, inputs);
			final List<String> errors = new ArrayList<>();
			final LogService log = context.service(LogService.class);
			// NB: messages go to stderr, so stdout holds only results (e.g. CSV).
			if (log instanceof StderrLogService) {
				final PrintStream err = new OneLineLog(System.err, debug());
				((StderrLogService) log).setPrintStreams(level -> err);
			}
			log.addLogListener(message -> {
				if (message.level() == LogLevel.ERROR) errors.add(message.text());
			});
			final Module module = run(commands, info, inputs, errors);
			if (module instanceof Cancelable && ((Cancelable) module).isCanceled()) {
				final String reason = ((Cancelable) module).getCancelReason();
				// NB: a reason the command already logged as an error is not printed twice.
				if (reason != null && errors.contains(reason)) return 1;
				throw new Failure(reason == null ? info.getTitle() + " was cancelled" : reason);
			}
			return 0;
		}
	}

	/**
	 * Runs the command and waits for it.
	 *
	 * @throws Failure if it failed; its message is empty when the log already said why
	 */
	private static Module run(final CommandService commands, final CommandInfo info,
		final Map<String, Object> inputs, final List<String> errors)
	{
		try {
			return commands.run(info, true, inputs).get();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new Failure(info.getTitle() + " was interrupted");
		}
		catch (final ExecutionException | RuntimeException e) {
			// NB: a RuntimeException comes from filling the inputs (e.g. opening image=...).
			final Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e
				.getCause() : e;
			if (debug()) cause.printStackTrace();
			if (cause instanceof DataException) throw new Failure(cause.getMessage());
			if (!errors.isEmpty()) throw new Failure(null); // NB: the log printed it
			throw new Failure(info.getTitle() + " failed: " + OneLineLog.summary(cause));
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
				throw new Usage("Arguments must be key=value pairs separated by commas, " +
					"e.g. \"data='/path/folder',max_epochs=4\"; got: " + arguments);
			}
			// NB: asMap keeps the last of a repeated key without a word.
			final Set<String> seen = new HashSet<>();
			for (final Item item : items) {
				if (!seen.add(item.name())) {
					throw new Usage("The option '" + item.name() + "' is given more than once. Give " +
						"each option once.");
				}
			}
			return items.asMap();
		}
		catch (final IllegalArgumentException e) {
			throw new Usage("Cannot parse the arguments \"" + arguments + "\": " +
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
			// NB: ImageJ is patched into this class loader, not a loader of its own, so that the
			// plugin and its libraries are the class path's, which the launcher's class-data
			// archive holds (in a loader of ImageJ's, the 3,000 classes of a macro's first
			// Classify with CNN were read and verified from the jars each run).
			final LegacyEnvironment ij1 = new LegacyEnvironment(Main.class.getClassLoader(),
				true);
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
			// NB: a macro error was printed by the interpreter ("Macro Error: ... in line N").
			if (MACRO_CANCELED.equals(t.getMessage())) return 1;
			throw new Failure("Macro " + macro + " stopped: " + (t.getMessage() == null ? t
				: t.getMessage()));
		}
	}

	/** ImageJ's {@code Macro.MACRO_CANCELED}: the message that ends a macro on an error. */
	private static final String MACRO_CANCELED = "Macro canceled";

	/**
	 * Runs {@code text} with ImageJ's macro interpreter, in the thread set-up
	 * of LegacyEnvironment.runMacro; returns whether the macro stopped on an error.
	 */
	private static boolean runMacro(final LegacyEnvironment ij1, final String text,
		final String argument) throws ReflectiveOperationException
	{
		final ClassLoader loader = ij1.getClassLoader();
		hooksOfPatchedImageJ(loader);
		// NB: through the loader, once ImageJ is patched: the bridge's class refers to ImageJ's.
		loader.loadClass("io.github.cnnclassifier.ij.LegacyCommandBridge").getMethod(
			"prepareInBackground").invoke(null);
		final Thread thread = Thread.currentThread();
		final String name = thread.getName();
		final ClassLoader saved = thread.getContextClassLoader();
		// NB: ImageJ 1.x treats threads named "Run$_..." as macro threads.
		thread.setName("Run$_" + name);
		thread.setContextClassLoader(loader);
		final PrintStream err = System.err;
		final MacroErrors shown = new MacroErrors(err);
		System.setErr(shown);
		try {
			final Class<?> interpreter = loader.loadClass("ij.macro.Interpreter");
			final Object macro = interpreter.getConstructor().newInstance();
			interpreter.getMethod("run", String.class, String.class).invoke(macro, text,
				argument);
			final boolean failed = (Boolean) interpreter.getMethod("wasError").invoke(macro);
			// NB: an error found where the interpreter thinks the macro done (e.g. at its
			// end: an unclosed string or bracket) is kept, not printed.
			if (failed && !shown.seen()) {
				final Object message = interpreter.getMethod("getErrorMessage").invoke(macro);
				err.println("Macro Error: " + message + lineOf(interpreter, macro));
			}
			return failed;
		}
		catch (final java.lang.reflect.InvocationTargetException e) {
			throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause()
				: new RuntimeException(e.getCause());
		}
		finally {
			System.setErr(err);
			thread.setName(name);
			thread.setContextClassLoader(saved);
		}
	}

	private static String lineOf(final Class<?> interpreter, final Object macro) {
		try {
			return " in line " + interpreter.getMethod("getLineNumber").invoke(macro);
		}
		catch (final ReflectiveOperationException | RuntimeException e) {
			return ""; // NB: no line when the error is at the end of the text
		}
	}

	/**
	 * Tells ImageJ's hooks what {@link LegacyEnvironment#disableIJ1PluginDirs}
	 * and {@link LegacyEnvironment#addPluginClasspath} say, in case they could
	 * not: both edit the hooks while patching ImageJ, and with the launcher's
	 * {@link PatchedImageJ} jar mapped from its class-data archive, ij1-patcher
	 * finds ImageJ patched and edits nothing (the macro knew none of our
	 * commands). Calling them again changes nothing.
	 */
	private static void hooksOfPatchedImageJ(final ClassLoader loader)
		throws ReflectiveOperationException
	{
		final Object hooks = loader.loadClass("ij.IJ").getField("_hooks").get(null);
		if (hooks == null) return;
		final Class<?> type = loader.loadClass("net.imagej.patcher.LegacyHooks");
		final Method dirs = type.getDeclaredMethod("enableIJ1PluginDirs", boolean.class);
		final Method add = type.getDeclaredMethod("addPluginClasspath", File.class);
		dirs.setAccessible(true);
		add.setAccessible(true);
		dirs.invoke(hooks, false);
		for (final File entry : classpath()) add.invoke(hooks, entry);
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

	/** An error to print as one line (none if null), with exit status 1. */
	static class Failure extends RuntimeException {

		final int status;

		Failure(final String message) {
			this(message, 1);
		}

		Failure(final String message, final int status) {
			super(message);
			this.status = status;
		}
	}

	/** A command line that does not say what to run: exit status 2. */
	static final class Usage extends Failure {

		Usage(final String message) {
			super(message, 2);
		}
	}
}
