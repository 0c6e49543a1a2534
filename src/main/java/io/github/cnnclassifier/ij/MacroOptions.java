package io.github.cnnclassifier.ij;

import ij.Macro;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A macro's options ({@code key=value key2=[value with spaces] flag}), read
 * strictly by ImageJ's own value rules, so that an option ImageJ would read
 * differently from what was written is refused instead of silently used.
 * <p>
 * NB: ImageJ's {@link Macro#getValue} ends a {@code [...]} value at the
 * bracket that balances the first (so {@code [/data/x]y]} reads
 * {@code /data/x}), a {@code '...'} value at the next quote, and a bare value
 * at the next space; it finds a key anywhere a {@code key=} follows a
 * non-letter, inside another value too. A value with an unbalanced
 * {@code ]} works in single quotes: {@code folder='/data/x]y'}.
 * </p>
 */
final class MacroOptions {

	private MacroOptions() {}

	/**
	 * Checks {@code options} for the command {@code title} with these input
	 * names: every value must end where ImageJ ends it, no key may be given
	 * twice, and ImageJ must read each input as written.
	 *
	 * @return null if all is well, else one line saying what is wrong and what to write
	 */
	static String problem(final String title, final String options,
		final Collection<String> names)
	{
		final String in = "In the options of \"" + title + "\", ";
		final Map<String, String> given = new LinkedHashMap<>();
		final String text = options.strip();
		int i = 0;
		while (i < text.length()) {
			if (text.charAt(i) == ' ') {
				i++;
				continue;
			}
			int end = i;
			while (end < text.length() && text.charAt(end) != '=' && text.charAt(end) != ' ') end++;
			final String key = Macro.trimKey(text.substring(i, end));
			String value = null;
			if (end < text.length() && text.charAt(end) == '=') {
				final int start = end + 1;
				end = valueEnd(text, start);
				if (end < 0) {
					return in + key + "=" + text.substring(start) + " has an unclosed " + (text
						.charAt(start) == '[' ? "'['" : "quote") + ". Close it, or put a value " +
						"holding ']' in single quotes: " + key + "='...'.";
				}
				if (end < text.length() && text.charAt(end) != ' ') {
					final int word = text.indexOf(' ', end);
					final String written = text.substring(start, word < 0 ? text.length() : word);
					return in + key + "=" + written + " is ambiguous: ImageJ ends the value at " +
						"the bracket or quote before '" + text.charAt(end) + "' and reads " + key +
						" as '" + text.substring(start + 1, end - 1) + "'. " + howToWrite(key,
							unquoted(written));
				}
				value = start < text.length() && (text.charAt(start) == '[' || text.charAt(
					start) == '\'') ? text.substring(start + 1, end - 1) : text.substring(start, end);
			}
			i = end;
			// NB: ImageJ ignores a stray word, e.g. the rest of a value with spaces not in [ ].
			if (value == null && !names.contains(key)) continue;
			if (given.containsKey(key)) {
				return in + "the option '" + key + "' is given more than once" + (value == null ||
					given.get(key) == null ? " (once as a word: is it part of a value with spaces? " +
						"Put such a value in [ ])" : "") + ". Give each option once.";
			}
			given.put(key, value);
		}
		for (final String name : names) {
			final String read = Macro.getValue(options + " ", name, null);
			if (!Objects.equals(read, given.get(name))) {
				return in + "ImageJ reads " + name + " as " + (read == null ? "not given" : "'" +
					read + "'") + ", " + (given.containsKey(name) ? "not as written ('" + given.get(
						name) + "')" : "though it is not given") +
					": another option's value holds '" + name + "=', and ImageJ takes the first. " +
					"Give " + name + " before that option, or use a path without '" + name + "='.";
			}
		}
		return null;
	}

	/** Where the value starting at {@code start} ends (after its closing bracket or quote); -1 if never. */
	private static int valueEnd(final String text, final int start) {
		if (start >= text.length()) return start;
		final char first = text.charAt(start);
		if (first == '\'') {
			final int quote = text.indexOf('\'', start + 1);
			return quote < 0 ? -1 : quote + 1;
		}
		if (first == '[') {
			int depth = 0;
			for (int i = start; i < text.length(); i++) {
				if (text.charAt(i) == '[') depth++;
				else if (text.charAt(i) == ']' && --depth == 0) return i + 1;
			}
			return -1;
		}
		final int space = text.indexOf(' ', start);
		return space < 0 ? text.length() : space;
	}

	/** How to write {@code value} so that ImageJ reads it whole, if it can. */
	private static String howToWrite(final String key, final String value) {
		if (!value.contains("'")) {
			return "Put a value holding ']' in single quotes, e.g. " + key + "='" + value + "', " +
				"or balance its brackets.";
		}
		final String bracketed = "[" + value + "]";
		return valueEnd(bracketed, 0) == bracketed.length() ? "Write " + key + "=" + bracketed +
			"." : "ImageJ cannot read a value holding both ' and an unbalanced ']': rename it.";
	}

	/** The value as meant, without its outer brackets or quotes. */
	private static String unquoted(final String written) {
		return written.length() >= 2 && (written.charAt(0) == '[' && written.endsWith("]") ||
			written.charAt(0) == '\'' && written.endsWith("'")) ? written.substring(1, written
				.length() - 1) : written;
	}
}
