package io.github.cnnclassifier.folder;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.Messages;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The folder name of each class label in {@code sort_to}: one rule that
 * gives a name legal on Linux, macOS and Windows, and never one folder for
 * two labels.
 */
public final class ClassFolders {

	/** Longest file name, in UTF-8 bytes, most file systems take. */
	static final int MAX_BYTES = 255;

	/** Characters Windows refuses in a name ('/' and '\' everywhere). */
	private static final String ILLEGAL = "<>:\"/\\|?*";

	/** Names Windows keeps for devices, with any extension. */
	private static final Pattern RESERVED = Pattern.compile(
		"(?i)(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\\..*)?");

	private ClassFolders() {}

	/**
	 * The folder name of {@code label}: illegal and control characters, a
	 * leading dot (hidden), and trailing dots and spaces (Windows drops them;
	 * "." and ".." are other folders), become '_'; a device name gets a
	 * leading '_'; a name over {@value #MAX_BYTES} bytes is cut and ends
	 * with '~' and a hash of the label.
	 */
	public static String name(final String label) {
		final StringBuilder sb = new StringBuilder(label.length() + 1);
		label.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ||
			ILLEGAL.indexOf(c) >= 0 ? '_' : c));
		for (int i = sb.length() - 1; i >= 0 && (sb.charAt(i) == '.' || sb.charAt(i) == ' '); i--) {
			sb.setCharAt(i, '_');
		}
		// NB: a hidden folder would be left out when the sorted folder is trained on.
		if (sb.length() > 0 && sb.charAt(0) == '.') sb.setCharAt(0, '_');
		if (sb.length() == 0 || RESERVED.matcher(sb).matches()) sb.insert(0, '_');
		return shortened(sb.toString(), label);
	}

	/**
	 * The folder name of each label, in the labels' order.
	 *
	 * @throws DataException naming two labels whose folders would be one on
	 *           some file system (the same name after case folding and
	 *           Unicode normalisation, as on macOS and Windows)
	 */
	static Map<String, String> of(final List<String> labels, final Path sortTo) {
		final Map<String, String> names = new LinkedHashMap<>();
		final Map<String, String> seen = new HashMap<>();
		for (final String label : labels) {
			final String name = name(label);
			final String other = seen.putIfAbsent(folded(name), label);
			if (other != null) {
				throw new DataException("Cannot sort into " + sortTo + ": the classes '" + Messages
					.escaped(other) + "' and '" + Messages.escaped(label) + "' would share one " +
					"folder, " + Messages.escaped(name) + " (folder names cannot hold / \\ : * ? " +
					"\" < > | or control characters, and on macOS and Windows ignore case and " +
					"Unicode form). Classify without sort_to, or train with distinct class names.");
			}
			names.put(label, name);
		}
		return names;
	}

	/** NB: NFKC merges more than a file system does; refusing a few more is the safe side. */
	private static String folded(final String name) {
		final String nfkc = Normalizer.normalize(name, Normalizer.Form.NFKC);
		return Normalizer.normalize(nfkc.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT),
			Normalizer.Form.NFKC);
	}

	/** {@code name}, or if too long its start, '~' and 8 hex digits of a hash of {@code label}. */
	private static String shortened(final String name, final String label) {
		if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) return name;
		final String hash = "~" + hash(label);
		final StringBuilder sb = new StringBuilder();
		int bytes = hash.length();
		for (final int c : name.codePoints().toArray()) {
			final int n = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
			if (bytes + n > MAX_BYTES) break;
			sb.appendCodePoint(c);
			bytes += n;
		}
		return sb + hash;
	}

	private static String hash(final String label) {
		try {
			final byte[] d = MessageDigest.getInstance("SHA-256").digest(label.getBytes(
				StandardCharsets.UTF_8));
			return String.format(Locale.ROOT, "%02x%02x%02x%02x", d[0], d[1], d[2], d[3]);
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
