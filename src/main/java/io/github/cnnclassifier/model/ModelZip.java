package io.github.cnnclassifier.model;

import io.github.cnnclassifier.data.BoundedCopy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The entries of a model file, read one by one with a bound on what each may
 * inflate to. Only the entries a model of ours has may be present: the
 * others DL4J's reader knows ({@code preprocessor.bin},
 * {@code normalizer.bin}, {@code objects/...}) are Java-serialised objects,
 * and a file holding any of them is refused before anything is read.
 */
final class ModelZip implements AutoCloseable {

	static final String CONFIGURATION = "configuration.json";
	static final String COEFFICIENTS = "coefficients.bin";
	static final String UPDATER = "updaterState.bin";
	static final Set<String> ALLOWED = Set.of(CONFIGURATION, COEFFICIENTS, UPDATER,
		ModelIO.METADATA_ENTRY, TrainingHashes.ENTRY);

	private final Path file;
	private final ZipFile zip;

	private ModelZip(final Path file, final ZipFile zip) {
		this.file = file;
		this.zip = zip;
	}

	/**
	 * Opens {@code file} and checks its entry list.
	 *
	 * @throws ModelException if it is not a zip or holds an entry a model of ours never has
	 */
	static ModelZip open(final Path file) {
		return open(file, true);
	}

	/**
	 * Opens {@code file} and checks its entry list: with {@code ours}, one of
	 * our models; else a Deeplearning4j network without our metadata (such as
	 * the zoo's pretrained weights), which may hold only the network's entries.
	 *
	 * @throws ModelException if it is not a zip or holds an entry such a file never has
	 */
	static ModelZip open(final Path file, final boolean ours) {
		final ZipFile zip;
		try {
			zip = new ZipFile(file.toFile());
		}
		catch (final ZipException e) {
			throw new ModelException(file + " is not a " + (ours ? "CNN Classifier model" :
				"Deeplearning4j network") + ": it is not a zip archive." + (ours ? " Choose a " +
					"model saved by \"Train CNN Classifier\"." : ""), e);
		}
		catch (final IOException e) {
			throw new ModelException("Cannot read " + file + ": " + e.getMessage(), e);
		}
		final ModelZip model = new ModelZip(file, zip);
		try {
			final List<String> names = new ArrayList<>();
			final Enumeration<? extends ZipEntry> entries = zip.entries();
			while (entries.hasMoreElements()) names.add(entries.nextElement().getName());
			if (!ours && !names.contains(CONFIGURATION)) {
				throw new ModelException(file + " is not a Deeplearning4j network: it has no " +
					CONFIGURATION + ".");
			}
			if (ours && !names.contains(ModelIO.METADATA_ENTRY)) {
				throw new ModelException(file + " is not a CNN Classifier model: " + (names.contains(
					CONFIGURATION) ? "it is a Deeplearning4j network without our " +
						ModelIO.METADATA_ENTRY + " (labels, input size, normalisation)." : "it has no " +
							ModelIO.METADATA_ENTRY + ".") + " Choose a model saved by \"Train CNN " +
					"Classifier\".");
			}
			final Set<String> seen = new HashSet<>();
			for (final String name : names) {
				if (!ALLOWED.contains(name)) {
					throw new ModelException(file + " holds an entry '" + cut(name) + "' that a " + (ours
						? "CNN Classifier model" : "Deeplearning4j network") + " never has" + (name
							.endsWith(".bin") || name.startsWith(
							"objects/") ? " (a serialised Java object, which could run code)" : "") +
						"; it was not opened." + (ours ? " Use a model written by \"Train CNN " +
							"Classifier\"." : ""));
				}
				if (!seen.add(name)) {
					throw new ModelException(file + " holds the entry '" + name + "' twice; it was " +
						"not opened: the file is damaged or crafted.");
				}
			}
		}
		catch (final RuntimeException e) {
			model.close();
			throw e;
		}
		return model;
	}

	boolean has(final String entry) {
		return zip.getEntry(entry) != null;
	}

	/**
	 * The bytes of {@code entry}, or null if absent.
	 *
	 * @throws ModelException if it inflates to more than {@code limit} bytes
	 */
	byte[] read(final String entry, final long limit) {
		final ZipEntry e = zip.getEntry(entry);
		if (e == null) return null;
		// NB: the sizes in the zip's directory are the author's claims; count what inflates.
		try (InputStream in = zip.getInputStream(e)) {
			final ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, Math
				.max(0, Math.min(e.getSize(), 1 << 20))));
			if (!BoundedCopy.copy(in, out, limit)) throw tooLarge(entry, limit);
			return out.toByteArray();
		}
		catch (final IOException ex) {
			throw new ModelException("Cannot read the entry '" + entry + "' of " + file + ": " + ex
				.getMessage() + ". The file may be damaged; train the model again.", ex);
		}
	}

	/**
	 * Refuses {@code entry} if the zip's directory says it inflates to more
	 * than {@code limit} bytes, without reading it; {@link #read} bounds what
	 * it really inflates to.
	 */
	void checkClaimedSize(final String entry, final long limit) {
		final ZipEntry e = zip.getEntry(entry);
		if (e != null && e.getSize() > limit) throw tooLarge(entry, limit);
	}

	private ModelException tooLarge(final String entry, final long limit) {
		return new ModelException(file + ": its entry '" + entry + "' inflates to more than " +
			limit + " bytes, more than such an entry can need; it was not opened: the file is " +
			"damaged or crafted.");
	}

	private static String cut(final String s) {
		return s.length() > 80 ? s.substring(0, 80) + "..." : s;
	}

	@Override
	public void close() {
		try {
			zip.close();
		}
		catch (final IOException e) {
			// NB: read-only; nothing is lost.
		}
	}
}
