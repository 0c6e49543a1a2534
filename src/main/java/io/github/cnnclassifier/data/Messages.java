package io.github.cnnclassifier.data;

import java.util.List;

/** Helpers for the one-line messages users read. */
public final class Messages {

	/** Items a message shows of a list before it says how many more there are. */
	public static final int SHOWN = 20;

	private Messages() {}

	/** The first {@value #SHOWN} items joined by "; ", then how many more there are. */
	public static String list(final List<String> items) {
		final int shown = Math.min(SHOWN, items.size());
		return String.join("; ", items.subList(0, shown)) + (items.size() > shown ? "; and " +
			(items.size() - shown) + " more" : "");
	}

	/** {@link #list} ending with one full stop. */
	public static String sentence(final List<String> items) {
		final String list = list(items);
		return list.endsWith(".") ? list : list + ".";
	}

	/**
	 * {@code text} with control and invisible format characters shown as
	 * {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}, so that a
	 * label or file name cannot start a new log line, move the cursor or
	 * colour a terminal. NB: idempotent, so a sink may apply it again.
	 */
	public static String escaped(final String text) {
		if (text == null) return null;
		StringBuilder sb = null;
		for (int i = 0; i < text.length(); i++) {
			final char c = text.charAt(i);
			final boolean hidden = Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ||
				Character.getType(c) == Character.FORMAT;
			if (hidden && sb == null) sb = new StringBuilder(text.length() + 8).append(text, 0, i);
			if (sb == null) continue;
			if (!hidden) sb.append(c);
			else if (c == '\n') sb.append("\\n");
			else if (c == '\r') sb.append("\\r");
			else if (c == '\t') sb.append("\\t");
			else sb.append(String.format("\\u%04x", (int) c));
		}
		return sb == null ? text : sb.toString();
	}
}
