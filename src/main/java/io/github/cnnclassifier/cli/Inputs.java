package io.github.cnnclassifier.cli;

import io.github.cnnclassifier.ij.DialogLayout;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

/**
 * Checks the {@code key=value} arguments of {@code --run} against the
 * command's inputs before it runs: SciJava warns about an unknown key and
 * turns a value of the wrong type into 0 or the default, so a typo would
 * otherwise run with a silently different setting.
 */
final class Inputs {

	private Inputs() {}

	/**
	 * @throws Main.Usage naming the key and listing the command's options,
	 *           for an unknown key or a value of the wrong type
	 * @throws Main.Failure for an image path that is not a readable file
	 */
	static void check(final CommandInfo info, final Map<String, Object> arguments) {
		final List<ModuleItem<?>> inputs = new ArrayList<>();
		for (final ModuleItem<?> item : info.inputs()) {
			final Class<?> type = item.getType();
			if (!Service.class.isAssignableFrom(type) && !Context.class.isAssignableFrom(type)) {
				inputs.add(item);
			}
		}
		// NB: listed as the dialog shows them, basic options first.
		final Map<String, ModuleItem<?>> items = new LinkedHashMap<>();
		for (final ModuleItem<?> item : DialogLayout.ordered(inputs)) {
			items.put(item.getName(), item);
		}
		final String options = "Options of \"" + info.getTitle() + "\": " + String.join(", ",
			items.keySet()) + ".";
		for (final Map.Entry<String, Object> argument : arguments.entrySet()) {
			final ModuleItem<?> item = items.get(argument.getKey());
			if (item == null) {
				throw new Main.Usage("Unknown option '" + argument.getKey() + "'. " + options);
			}
			final String wrong = wrongValue(item, argument.getValue());
			if (wrong != null) {
				throw new Main.Usage(argument.getKey() + "=" + quoted(argument.getValue()) +
					": " + wrong + ". " + options);
			}
			if (item.getType().getName().equals("ij.ImagePlus")) {
				checkImageFile(argument.getKey(), argument.getValue());
			}
		}
	}

	/** Why {@code value} does not fit {@code item}, or null if it does. */
	private static String wrongValue(final ModuleItem<?> item, final Object value) {
		if (value == null) return "give a value";
		final Class<?> type = item.getType();
		final String text = value.toString().trim();
		if (type == int.class || type == Integer.class || type == long.class ||
			type == Long.class)
		{
			final boolean isInt = type == int.class || type == Integer.class;
			final String expected = "must be a whole number" + (isInt ? " below 2^31" : "");
			try {
				final long v = value instanceof Number ? wholeNumber((Number) value) : Long
					.parseLong(text);
				return isInt && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) ? expected : null;
			}
			catch (final NumberFormatException e) {
				return expected;
			}
		}
		if (type == double.class || type == Double.class || type == float.class ||
			type == Float.class)
		{
			try {
				if (!(value instanceof Number)) Double.parseDouble(text);
				return null;
			}
			catch (final NumberFormatException e) {
				return "must be a number, e.g. 0.01";
			}
		}
		if (type == boolean.class || type == Boolean.class) {
			return value instanceof Boolean || text.equals("true") || text.equals("false") ? null
				: "must be true or false";
		}
		final List<?> choices = item.getChoices();
		if (choices != null && !choices.isEmpty() && !choices.stream().map(String::valueOf)
			.collect(Collectors.toList()).contains(text))
		{
			return "must be one of " + choices.stream().map(String::valueOf).collect(Collectors
				.joining(", "));
		}
		return null;
	}

	private static long wholeNumber(final Number n) {
		if (n instanceof Double || n instanceof Float) {
			final double d = n.doubleValue();
			if (d != Math.rint(d) || Math.abs(d) > Long.MAX_VALUE) {
				throw new NumberFormatException();
			}
		}
		return n.longValue();
	}

	/**
	 * NB: a path that names no readable file reaches the command as no image
	 * at all (SciJava finds no converter for it), so it is named here.
	 */
	private static void checkImageFile(final String key, final Object value) {
		if (!(value instanceof String || value instanceof File)) return;
		final Path file;
		try {
			file = Paths.get(value.toString());
		}
		catch (final InvalidPathException e) {
			throw new Main.Failure("Cannot read image " + value + ": not a valid path. Give " +
				key + "='/path/to/image.tif'.");
		}
		final String why = !Files.exists(file) ? "no such file" : !Files.isRegularFile(file)
			? "it is not a file" : !Files.isReadable(file) ? "no permission to read it" : null;
		if (why != null) {
			throw new Main.Failure("Cannot read image " + file + ": " + why + ". Give " + key +
				"='/path/to/image.tif'.");
		}
	}

	private static String quoted(final Object value) {
		return value instanceof String ? "'" + value + "'" : String.valueOf(value);
	}
}
