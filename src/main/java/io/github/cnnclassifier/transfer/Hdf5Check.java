package io.github.cnnclassifier.transfer;

import static org.bytedeco.hdf5.global.hdf5.H5D_CHUNKED;
import static org.bytedeco.hdf5.global.hdf5.H5D_CONTIGUOUS;
import static org.bytedeco.hdf5.global.hdf5.H5D_VIRTUAL;
import static org.bytedeco.hdf5.global.hdf5.H5Dclose;
import static org.bytedeco.hdf5.global.hdf5.H5Dget_create_plist;
import static org.bytedeco.hdf5.global.hdf5.H5Dget_offset;
import static org.bytedeco.hdf5.global.hdf5.H5Dget_space;
import static org.bytedeco.hdf5.global.hdf5.H5Dget_storage_size;
import static org.bytedeco.hdf5.global.hdf5.H5Dget_type;
import static org.bytedeco.hdf5.global.hdf5.H5Dopen2;
import static org.bytedeco.hdf5.global.hdf5.H5E_DEFAULT;
import static org.bytedeco.hdf5.global.hdf5.H5Eset_auto2;
import static org.bytedeco.hdf5.global.hdf5.H5Gclose;
import static org.bytedeco.hdf5.global.hdf5.H5Gget_info;
import static org.bytedeco.hdf5.global.hdf5.H5Gopen2;
import static org.bytedeco.hdf5.global.hdf5.H5L_TYPE_EXTERNAL;
import static org.bytedeco.hdf5.global.hdf5.H5L_TYPE_HARD;
import static org.bytedeco.hdf5.global.hdf5.H5L_TYPE_SOFT;
import static org.bytedeco.hdf5.global.hdf5.H5Lget_info2;
import static org.bytedeco.hdf5.global.hdf5.H5Lget_name_by_idx;
import static org.bytedeco.hdf5.global.hdf5.H5O_INFO_BASIC;
import static org.bytedeco.hdf5.global.hdf5.H5O_TYPE_DATASET;
import static org.bytedeco.hdf5.global.hdf5.H5O_TYPE_GROUP;
import static org.bytedeco.hdf5.global.hdf5.H5Oget_info_by_name3;
import static org.bytedeco.hdf5.global.hdf5.H5P_DEFAULT;
import static org.bytedeco.hdf5.global.hdf5.H5Pclose;
import static org.bytedeco.hdf5.global.hdf5.H5Pget_external_count;
import static org.bytedeco.hdf5.global.hdf5.H5Pget_layout;
import static org.bytedeco.hdf5.global.hdf5.H5Sclose;
import static org.bytedeco.hdf5.global.hdf5.H5Sget_simple_extent_npoints;
import static org.bytedeco.hdf5.global.hdf5.H5Tclose;
import static org.bytedeco.hdf5.global.hdf5.H5Tget_size;
import static org.bytedeco.hdf5.global.hdf5.H5_INDEX_NAME;
import static org.bytedeco.hdf5.global.hdf5.H5_ITER_INC;

import io.github.cnnclassifier.data.Memory;
import io.github.cnnclassifier.model.ModelException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bytedeco.hdf5.Group;
import org.bytedeco.hdf5.H5G_info_t;
import org.bytedeco.hdf5.H5L_info2_t;
import org.bytedeco.hdf5.H5O_info2_t;
import org.bytedeco.hdf5.global.hdf5;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;

/**
 * Walks every link and dataset of an HDF5 file before any reader follows
 * them, and refuses what would read outside the file or allocate more than
 * the file holds: external links, soft links, external storage, virtual
 * datasets, and datasets that declare more bytes than are stored.
 * <p>
 * NB: Keras (h5py) writes only groups, hard links and contiguous datasets,
 * so every refusal here is a file that is damaged or crafted; with these
 * refused, every byte a reader takes comes from the file itself, and the
 * file's SHA-256 covers all of it.
 * </p>
 */
final class Hdf5Check {

	/** NB: compressed chunks of real weights shrink a little; zeros shrink a thousandfold. */
	private static final long MAX_INFLATION = 64;
	private static final int MAX_OBJECTS = 100_000, MAX_GROUP_DEPTH = 16;

	private final Path file;
	private final long length;
	/** Values each dataset declares, by path ("model_weights/dense/dense/kernel:0"). */
	private final Map<String, Long> values = new LinkedHashMap<>();
	private long contiguousBytes;
	private int objects;

	private Hdf5Check(final Path file, final long length) {
		this.file = file;
		this.length = length;
	}

	/**
	 * Loads HDF5's native library and turns off its printing of errors on
	 * stderr (our one line says what went wrong): call it before opening a file.
	 * NB: HDF5 keeps this setting per thread: call it on the thread that reads.
	 *
	 * @throws ModelException where HDF5's library does not load here
	 */
	static void quiet() {
		try {
			Loader.load(hdf5.class);
		}
		catch (final LinkageError e) {
			throw new ModelException("Keras import needs HDF5's native library, which does not " +
				"load here (" + e.getMessage() + "); JavaCPP 1.5.7 has none for macOS on Apple " +
				"Silicon. Import the model on another computer and use the model file it writes.", e);
		}
		H5Eset_auto2(H5E_DEFAULT, null, null);
	}

	/**
	 * The values each dataset of {@code file}, open as {@code archive}, declares,
	 * by path, after checking every link and dataset.
	 *
	 * @param length the file's length in bytes
	 * @throws ModelException naming the file, the object and why it is refused
	 */
	static Map<String, Long> datasets(final Hdf5Archive archive, final Path file,
		final long length)
	{
		final Hdf5Check check = new Hdf5Check(file, length);
		synchronized (Hdf5Archive.LOCK_OBJECT) {
			// NB: opening the root group follows no link and reads no dataset.
			final Group[] root = archive.openGroups("/");
			try {
				check.group(root[0].getId(), "", 0);
			}
			finally {
				archive.closeGroups(root);
			}
		}
		if (check.contiguousBytes > length) {
			throw new ModelException(file + " declares " + check.contiguousBytes + " bytes of " +
				"weights, more than its " + length + " bytes can hold; it was not opened: the file " +
				"is damaged or crafted.");
		}
		return check.values;
	}

	private void group(final long g, final String path, final int depth) {
		if (depth > MAX_GROUP_DEPTH) {
			throw refused(path, "nests groups deeper than " + MAX_GROUP_DEPTH);
		}
		final H5G_info_t info = new H5G_info_t();
		if (H5Gget_info(g, info) < 0) throw refused(path, "cannot be read");
		final long links = info.nlinks();
		for (long i = 0; i < links; i++) {
			final BytePointer name = name(g, i, path);
			final String child = path + name.getString(StandardCharsets.UTF_8);
			final H5L_info2_t link = new H5L_info2_t();
			if (H5Lget_info2(g, name, link, H5P_DEFAULT) < 0) throw refused(child, "cannot be read");
			if (link.type() == H5L_TYPE_EXTERNAL) {
				throw refused(child, "is an external link into another file, which Keras never writes");
			}
			if (link.type() == H5L_TYPE_SOFT) {
				throw refused(child, "is a soft link, which Keras never writes");
			}
			if (link.type() != H5L_TYPE_HARD) {
				throw refused(child, "is a user-defined link, which Keras never writes");
			}
			if (++objects > MAX_OBJECTS) {
				throw refused(path, "holds more than " + MAX_OBJECTS + " objects");
			}
			final H5O_info2_t object = new H5O_info2_t();
			if (H5Oget_info_by_name3(g, name, object, H5O_INFO_BASIC, H5P_DEFAULT) < 0) {
				throw refused(child, "cannot be read");
			}
			if (object.type() == H5O_TYPE_GROUP) {
				final long sub = H5Gopen2(g, name, H5P_DEFAULT);
				if (sub < 0) throw refused(child, "cannot be read");
				try {
					group(sub, child + "/", depth + 1);
				}
				finally {
					H5Gclose(sub);
				}
			}
			else if (object.type() == H5O_TYPE_DATASET) dataset(g, name, child);
		}
	}

	private static BytePointer name(final long g, final long i, final String path) {
		final long n = H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i,
			(BytePointer) null, 0, H5P_DEFAULT);
		final BytePointer name = new BytePointer(Math.max(1, n + 1));
		if (n < 0 || H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, n + 1,
			H5P_DEFAULT) < 0)
		{
			throw new ModelException("Cannot read the names in group /" + path + " of an HDF5 " +
				"file; it was not opened: the file is damaged or crafted.");
		}
		// NB: the NUL HDF5 wrote stays in memory for HDF5's calls, out of the Java string.
		name.limit(n);
		return name;
	}

	private void dataset(final long g, final BytePointer name, final String path) {
		final long d = H5Dopen2(g, name, H5P_DEFAULT);
		if (d < 0) throw refused(path, "cannot be read");
		final long plist = H5Dget_create_plist(d), space = H5Dget_space(d), type = H5Dget_type(d);
		try {
			final int layout = H5Pget_layout(plist);
			if (layout == H5D_VIRTUAL) throw refused(path, "is a virtual dataset (it maps " +
				"datasets of other files), which Keras never writes");
			if (H5Pget_external_count(plist) != 0) {
				throw refused(path, "keeps its values in another file (external storage), which " +
					"Keras never writes");
			}
			final long n = H5Sget_simple_extent_npoints(space), size = H5Tget_size(type);
			if (n < 0 || size <= 0) throw refused(path, "cannot be read");
			final long bytes;
			try {
				bytes = Math.multiplyExact(n, size);
			}
			catch (final ArithmeticException e) {
				throw refused(path, "declares " + n + " values, too many to exist");
			}
			values.put(path, n);
			final long stored = H5Dget_storage_size(d);
			if (layout == H5D_CONTIGUOUS && bytes > 0) {
				final long offset = H5Dget_offset(d);
				if (stored < bytes || offset < 0 || offset > length - bytes) {
					throw declared(path, n, bytes, "the file stores " + Math.max(0, Math.min(stored,
						length)) + " bytes of them");
				}
				contiguousBytes += bytes;
			}
			else if (layout == H5D_CHUNKED && bytes > MAX_INFLATION * stored + (1 << 20)) {
				throw declared(path, n, bytes, "the file stores " + stored + " compressed bytes " +
					"of them");
			}
		}
		finally {
			H5Tclose(type);
			H5Sclose(space);
			H5Pclose(plist);
			H5Dclose(d);
		}
	}

	private ModelException declared(final String path, final long n, final long bytes,
		final String stored)
	{
		return new ModelException(file + ": /" + path + " declares " + n + " values (" + Memory
			.format(bytes) + ") but " + stored + "; it was not opened: the file is damaged or " +
			"crafted.");
	}

	private ModelException refused(final String path, final String what) {
		return new ModelException(file + ": /" + path + " " + what + "; it was not opened: the " +
			"file is damaged or crafted.");
	}
}
