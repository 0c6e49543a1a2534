package io.github.cnnclassifier.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Writes hostile and damaged model files, as someone sharing a model could
 * craft them: extra Java-serialised entries, inflate bombs, configurations
 * that name other classes, lying array headers, poisoned metadata. Each
 * starts from a good model file and changes one thing.
 */
public final class CraftedModels {

	/** Set when a {@link Canary} is deserialised: opening a model must never do that. */
	public static volatile boolean canaryDeserialised;

	/** A class whose deserialisation is visible, standing in for a gadget chain. */
	public static final class Canary implements Serializable {

		private static final long serialVersionUID = 1L;

		private void readObject(final java.io.ObjectInputStream in) throws IOException,
			ClassNotFoundException
		{
			in.defaultReadObject();
			canaryDeserialised = true;
		}
	}

	private final Map<String, byte[]> entries = new LinkedHashMap<>();

	private CraftedModels(final Path good) throws IOException {
		try (ZipFile zip = new ZipFile(good.toFile())) {
			for (final ZipEntry e : java.util.Collections.list(zip.entries())) {
				entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
			}
		}
	}

	/** Starts from the good model file {@code good}. */
	public static CraftedModels from(final Path good) throws IOException {
		return new CraftedModels(good);
	}

	/** The serialised bytes of a {@link Canary}. */
	public static byte[] canary() throws IOException {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(new Canary());
		}
		return bytes.toByteArray();
	}

	public CraftedModels put(final String entry, final byte[] bytes) {
		entries.put(entry, bytes);
		return this;
	}

	public CraftedModels remove(final String entry) {
		entries.remove(entry);
		return this;
	}

	/** Rewrites a text entry. */
	public CraftedModels edit(final String entry, final UnaryOperator<String> change) {
		final String text = new String(entries.get(entry), StandardCharsets.UTF_8);
		entries.put(entry, change.apply(text).getBytes(StandardCharsets.UTF_8));
		return this;
	}

	public byte[] get(final String entry) {
		return entries.get(entry);
	}

	/** Writes the model; {@code bomb} (may be null) is an entry of {@code size} zero bytes, deflated. */
	public Path write(final Path file, final String bomb, final long size) throws IOException {
		try (OutputStream os = Files.newOutputStream(file);
			ZipOutputStream zip = new ZipOutputStream(os))
		{
			for (final Map.Entry<String, byte[]> e : entries.entrySet()) {
				if (e.getKey().equals(bomb)) continue;
				zip.putNextEntry(new ZipEntry(e.getKey()));
				zip.write(e.getValue());
				zip.closeEntry();
			}
			if (bomb != null) {
				zip.putNextEntry(new ZipEntry(bomb));
				final byte[] zeros = new byte[1 << 20];
				for (long done = 0; done < size; done += zeros.length) zip.write(zeros);
				zip.closeEntry();
			}
		}
		return file;
	}

	public Path write(final Path file) throws IOException {
		return write(file, null, 0);
	}

	/** A zip holding the same entry twice (java.util.zip refuses to write that). */
	public Path writeWithDuplicate(final Path file, final String entry) throws IOException {
		try (OutputStream os = Files.newOutputStream(file);
			ZipOutputStream zip = new ZipOutputStream(os))
		{
			for (final Map.Entry<String, byte[]> e : entries.entrySet()) {
				zip.putNextEntry(new ZipEntry(e.getKey()));
				zip.write(e.getValue());
				zip.closeEntry();
			}
			// NB: a second entry of the same name, renamed in the bytes afterwards.
			zip.putNextEntry(new ZipEntry(entry.replace('.', '_')));
			zip.write(entries.get(entry));
			zip.closeEntry();
		}
		final byte[] bytes = Files.readAllBytes(file);
		final byte[] from = entry.replace('.', '_').getBytes(StandardCharsets.UTF_8);
		final byte[] to = entry.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i + from.length <= bytes.length; i++) {
			boolean match = true;
			for (int j = 0; j < from.length && match; j++) match = bytes[i + j] == from[j];
			if (match) System.arraycopy(to, 0, bytes, i, to.length);
		}
		Files.write(file, bytes);
		return file;
	}
}
