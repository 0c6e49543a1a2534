package io.github.cnnclassifier.predict;

import io.github.cnnclassifier.interop.ModelFiles;
import io.github.cnnclassifier.interop.ModelRef;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

/**
 * Keeps the models that are not lent out, most recently used last, at most
 * {@link #MAX_MODELS} of them and about a quarter of the Java heap.
 */
@Plugin(type = Service.class)
public final class DefaultModelService extends AbstractService implements ModelService {

	/** Models kept when nobody uses them. */
	static final int MAX_MODELS = 4;

	/**
	 * A model file as it is now, with the options it is opened with: a changed
	 * file is another model, and so are other labels or another normalisation.
	 *
	 * @param labels the class names given, as read now (a labels file may change too), or null
	 */
	private record Key(Path path, long size, FileTime modified, List<String> labels,
		String normalization)
	{

		/** Null when the file cannot be looked at (loading then says why). */
		static Key of(final ModelRef model) {
			final Path path = model.file().toAbsolutePath().normalize();
			final BasicFileAttributes a;
			try {
				a = Files.readAttributes(path, BasicFileAttributes.class);
			}
			catch (final IOException e) {
				return null;
			}
			return new Key(path, a.size(), a.lastModifiedTime(), model.labelNames(), model
				.normalization());
		}

		/** Whether {@code other} is the same path as it was at another time. */
		boolean staleCopyOf(final Key other) {
			return path.equals(other.path) && (size != other.size || !modified.equals(
				other.modified));
		}
	}

	private record Idle(Key key, LoadedModel model) {}

	/** Guarded by this. */
	private final List<Idle> idle = new ArrayList<>();
	/** Guarded by this. */
	private boolean disposed;
	private long reads;

	@Override
	public LoadedModel borrow(final ModelRef model) {
		// NB: before the cache, which holds such a model without the options.
		model.requireNoOptions();
		final Key key = Key.of(model);
		synchronized (this) {
			LoadedModel found = null;
			for (final Iterator<Idle> it = idle.iterator(); it.hasNext();) {
				final Idle i = it.next();
				if (key == null) continue;
				if (i.key.staleCopyOf(key)) {
					// NB: the file has changed since: that copy is no use any more.
					it.remove();
					i.model.release();
				}
				else if (found == null && i.key.equals(key)) {
					it.remove();
					found = i.model;
				}
			}
			if (found != null) return found.lend(true);
		}
		final LoadedModel loaded = new LoadedModel(ModelFiles.load(model), estimate(model.file()),
			m -> giveBack(key, m));
		synchronized (this) {
			reads++;
		}
		return loaded.lend(false);
	}

	/** How many times a model file was read, for tests and benchmarks. */
	synchronized long reads() {
		return reads;
	}

	@Override
	public synchronized void dispose() {
		disposed = true;
		for (final Idle i : idle) i.model.release();
		idle.clear();
	}

	private synchronized void giveBack(final Key key, final LoadedModel model) {
		if (disposed || key == null) {
			model.release();
			return;
		}
		idle.add(new Idle(key, model));
		final long budget = Runtime.getRuntime().maxMemory() / 4;
		long bytes = idle.stream().mapToLong(i -> i.model.bytes()).sum();
		while (idle.size() > MAX_MODELS || (bytes > budget && idle.size() > 1)) {
			final Idle oldest = idle.remove(0);
			bytes -= oldest.model.bytes();
			oldest.model.release();
		}
	}

	/**
	 * NB: the zip's entries uncompressed are about the parameters; the engine
	 * keeps them in a few layouts (weights, folded weights, flipped weights).
	 */
	private static long estimate(final Path file) {
		long bytes = 0;
		try (ZipFile zip = new ZipFile(file.toFile())) {
			for (final Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
				bytes += Math.max(0, e.nextElement().getSize());
			}
		}
		catch (final IOException e) {
			bytes = 0;
		}
		return 4 * bytes;
	}
}
