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
}
