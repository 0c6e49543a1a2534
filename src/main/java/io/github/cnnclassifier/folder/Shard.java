package io.github.cnnclassifier.folder;

import io.github.cnnclassifier.data.DataException;

import java.nio.charset.StandardCharsets;

/**
 * One of {@code count} parts of a folder, so that several machines (a job
 * array) can classify it together: a file belongs to part
 * {@code hash(relative path) mod count}, which depends on nothing but its
 * path. So every machine that lists the same folder picks the same files,
 * files added later do not move others to another part, and the parts' CSVs
 * concatenate into the rows of the whole folder.
 *
 * @param index 1-based: 1 to count
 * @param count the number of parts
 */
public record Shard(int index, int count) {

	/** The whole folder. */
	public static final Shard ALL = new Shard(1, 1);

	/** @throws DataException unless 1 &lt;= index &lt;= count */
	public Shard {
		if (count < 1 || index < 1 || index > count) {
			throw new DataException("shard must be 'i/n' with 1 <= i <= n, e.g. '3/8', got '" +
				index + "/" + count + "'.");
		}
	}

	/**
	 * Parses {@code "i/n"}; an empty text is the whole folder.
	 *
	 * @throws DataException naming the text and the form it must have
	 */
	public static Shard of(final String text) {
		final String t = text == null ? "" : text.trim();
		if (t.isEmpty()) return ALL;
		final String[] parts = t.split("/", -1);
		try {
			if (parts.length == 2) {
				return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1]
					.trim()));
			}
		}
		catch (final NumberFormatException e) {
			// NB: the message below says what is expected.
		}
		throw new DataException("shard must be 'i/n', e.g. '3/8' for the third of eight " +
			"parts, or empty for the whole folder; got '" + t + "'. (With --run, quote it: " +
			"shard='3/8'.)");
	}

	/** Whether the file at this '/'-separated relative path belongs to this part. */
	public boolean contains(final String path) {
		return count == 1 || Math.floorMod(hash(path), (long) count) == index - 1;
	}

	/**
	 * FNV-1a over the path's UTF-8 bytes, then a 64-bit finaliser so that
	 * names that differ in one character spread over all parts. NB: fixed
	 * here, not String.hashCode, so that the parts never change with the JVM.
	 * Also the key of the files {@link ResultsCsv} finds done.
	 */
	static long hash(final String path) {
		long h = 0xcbf29ce484222325L;
		for (final byte b : path.getBytes(StandardCharsets.UTF_8)) {
			h = (h ^ (b & 0xff)) * 0x100000001b3L;
		}
		h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
		h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
		return h ^ (h >>> 33);
	}

	@Override
	public String toString() {
		return index + "/" + count;
	}
}
