package io.github.cnnclassifier.objects;

import ij.gui.Roi;
import ij.io.RoiDecoder;
import ij.io.RoiEncoder;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.output.SafeFiles;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Reads and writes ImageJ ROI files: one {@code .roi}, or a {@code .zip} of them as the ROI Manager saves. */
public final class RoiFiles {

	private RoiFiles() {}

	/**
	 * The ROIs of {@code file}, named after their entries when they have no name.
	 *
	 * @throws DataException naming the file if it is missing or not ROIs
	 */
	public static Roi[] read(final Path file) {
		if (!Files.isRegularFile(file)) {
			throw new DataException("ROI file " + file + " does not exist: give a .zip or .roi " +
				"file saved by the ROI Manager");
		}
		final List<Roi> rois = new ArrayList<>();
		try {
			if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
				try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
					for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
						if (e.isDirectory() || !e.getName().toLowerCase(Locale.ROOT).endsWith(".roi")) {
							continue;
						}
						rois.add(decode(read(zip), e.getName(), file));
					}
				}
			}
			else {
				try (InputStream in = Files.newInputStream(file)) {
					rois.add(decode(read(in), file.getFileName().toString(), file));
				}
			}
		}
		catch (final IOException e) {
			throw new DataException("Cannot read the ROIs of " + file + ": " + e.getMessage(), e);
		}
		if (rois.isEmpty()) {
			throw new DataException("ROI file " + file + " holds no ROIs (.roi entries): give a " +
				".zip or .roi file saved by the ROI Manager");
		}
		return rois.toArray(new Roi[0]);
	}

	private static byte[] read(final InputStream in) throws IOException {
		// NB: a ROI is a few kB; a crafted entry must not fill the heap.
		final byte[] bytes = in.readNBytes(64 << 20);
		if (in.read() != -1) throw new IOException("a ROI entry is larger than 64 MB");
		return bytes;
	}

	private static Roi decode(final byte[] bytes, final String entry, final Path file) {
		final Roi roi = RoiDecoder.openFromByteArray(bytes);
		if (roi == null) {
			throw new DataException("Entry " + entry + " of " + file + " is not an ImageJ ROI: " +
				"give a .zip or .roi file saved by the ROI Manager");
		}
		if (roi.getName() == null) {
			final String base = entry.substring(entry.lastIndexOf('/') + 1);
			roi.setName(base.substring(0, base.length() - 4));
		}
		return roi;
	}

	/** Writes {@code rois} as a ROI Manager zip (entries named after the ROIs, made unique), atomically. */
	public static void write(final Path file, final List<Roi> rois) {
		SafeFiles.write(file, "ROIs", tmp -> {
			try (OutputStream os = SafeFiles.openTemporary(tmp);
				ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(os));
				DataOutputStream out = new DataOutputStream(zip))
			{
				final Set<String> used = new HashSet<>();
				for (final Roi roi : rois) {
					String name = roi.getName() == null ? "roi" : roi.getName().replaceAll(
						"[/\\\\]", "_");
					final String base = name;
					for (int k = 1; !used.add(name); k++) name = base + "-" + k;
					zip.putNextEntry(new ZipEntry(name + ".roi"));
					final RoiEncoder encoder = new RoiEncoder(out);
					encoder.write(roi);
					out.flush();
				}
			}
		});
	}
}
