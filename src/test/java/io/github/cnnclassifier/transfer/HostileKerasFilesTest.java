package io.github.cnnclassifier.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.model.ModelException;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras files crafted to read outside themselves or to allocate more than
 * they hold (written by {@link CraftedKeras}), and zoo weights of absurd
 * size: each refused in one line before anything is read or allocated.
 */
class HostileKerasFilesTest {

	@TempDir
	Path tmp;

	@Test
	void externalStorageInEtcPasswdIsRefusedSoTheWeightsNeverCarryItsBytes() throws IOException {
		final Path file = CraftedKeras.externalStorage(tmp.resolve("passwd.h5"), Paths.get(
			"/etc/passwd"));
		assertRefused(file, "/model_weights/dense/dense/bias:0 keeps its values in another " +
			"file (external storage)");
	}

	@Test
	void anExternalLinkIsRefused() throws IOException {
		final Path other = Files.copy(CraftedKeras.SEQUENTIAL, tmp.resolve("other.h5"));
		final Path file = CraftedKeras.externalLink(tmp.resolve("linked.h5"), other);
		assertRefused(file, "/model_weights/dense is an external link into another file");
	}

	@Test
	void aVirtualDatasetIsRefused() throws IOException {
		final Path other = Files.copy(CraftedKeras.SEQUENTIAL, tmp.resolve("other.h5"));
		final Path file = CraftedKeras.virtualDataset(tmp.resolve("virtual.h5"), other);
		assertRefused(file, "/model_weights/dense/dense/bias:0 is a virtual dataset");
	}

	@Test
	void aSoftLinkIsRefused() throws IOException {
		final Path file = CraftedKeras.softLink(tmp.resolve("soft.h5"));
		assertRefused(file, "/model_weights/dense is a soft link");
	}

	@Test
	void aHugeDeclaredDenseLayerIsRefusedFastNamingTheLayer() throws IOException {
		final Path file = CraftedKeras.hugeDense(tmp.resolve("huge-dense.h5"), 2_000_000_000);
		// NB: DL4J's classes loaded first, so that only the check is timed.
		KerasNetworks.open(CraftedKeras.SEQUENTIAL);
		final long start = System.nanoTime();
		final String m = assertRefused(file, ": layer dense declares 194000000000 parameters " +
			"(776 GB) but the file stores 776 weights for it");
		final long ms = (System.nanoTime() - start) / 1_000_000;
		// NB: about 50 ms alone; the limit leaves room for a busy build machine.
		assertTrue(ms < 1000, ms + " ms");
		assertFalse(m.contains("image") || m.contains("mini"), m);
	}

	@Test
	void aHugeDeclaredInputIsRefusedNamingTheLayerNotImages() throws IOException {
		final Path file = CraftedKeras.hugeInput(tmp.resolve("huge-input.h5"), 16384);
		final String m = assertRefused(file, "The Keras model " + file + " (layer ");
		assertTrue(m.contains("'s output of ") && m.contains(" values for one input) needs "), m);
		assertFalse(m.contains("image") || m.contains("mini"), m);
	}

	@Test
	void aTruncatedHdf5FileIsOneLine() throws IOException {
		final byte[] head = Files.readAllBytes(CraftedKeras.SEQUENTIAL);
		final Path file = Files.write(tmp.resolve("truncated.h5"), Arrays.copyOf(head,
			2048));
		assertRefused(file, "Cannot open " + file + " as HDF5: it is damaged");
	}

	@Test
	void sparse4GbZooWeightsAreRefusedByTheirSizeBeforeAByteIsRead() throws IOException {
		final Path file = tmp.resolve("resnet50_dl4j_inference.v3.zip");
		try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
			f.setLength(4L << 30);
		}
		// NB: DL4J's classes loaded first, so that only the check is timed.
		ZooArchitecture.RESNET50.maxWeightsBytes();
		final long start = System.nanoTime();
		final ModelException e = assertThrows(ModelException.class, () -> new ZooWeights(tmp,
			tmp.toUri().toString()).open(ZooArchitecture.RESNET50, file.toString(), false, 1,
				null, s -> {}));
		final long ms = (System.nanoTime() - start) / 1_000_000;
		assertTrue(e.getMessage().startsWith(file + " holds 4.3 GB, more than any weights of " +
			"resnet50 take (at most "), e.getMessage());
		assertTrue(ms < 1000, ms + " ms");
	}

	/** Fails unless {@code file} is refused in one line naming it and containing {@code part}. */
	private static String assertRefused(final Path file, final String part) {
		final ModelException e = assertThrows(ModelException.class, () -> KerasNetworks.open(
			file));
		final String m = e.getMessage();
		assertTrue(m.startsWith(file.toString()) || m.contains(" " + file + " "), m);
		assertTrue(m.contains(part), m);
		assertFalse(m.contains("\n"), m);
		assertEquals(-1, m.indexOf("This is a bug"), m);
		return m;
	}
}
