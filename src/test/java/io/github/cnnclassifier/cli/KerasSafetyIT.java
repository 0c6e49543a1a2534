package io.github.cnnclassifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.transfer.CraftedKeras;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile Keras files and zoo weights given to Transfer Learn CNN headless:
 * each ends in one line on standard error and exit status 1, with no model
 * written, no HDF5 diagnostics and no memory runaway.
 */
class KerasSafetyIT {

	@TempDir
	Path dir;

	@Test
	void aKerasFileWithItsWeightsInEtcPasswdIsOneLineAndNoModel() throws Exception {
		final Path file = CraftedKeras.externalStorage(dir.resolve("passwd.h5"), Paths.get(
			"/etc/passwd"));
		final Launcher r = transfer("base_model='" + file + "'", null);
		assertFailure(r, file + ": /model_weights/dense/dense/bias:0 keeps its values in " +
			"another file (external storage)");
	}

	@Test
	void aHugeDeclaredDenseLayerIsOneLineNamingItWithASmallHeap() throws Exception {
		final Path file = CraftedKeras.hugeDense(dir.resolve("huge-dense.h5"), 2_000_000_000);
		final long start = System.nanoTime();
		final Launcher r = transfer("base_model='" + file + "'", "-Xmx1g");
		final long s = (System.nanoTime() - start) / 1_000_000_000;
		assertFailure(r, file + ": layer dense declares 194000000000 parameters (776 GB) but " +
			"the file stores 776 weights for it");
		assertFalse(r.err.contains("image") || r.err.contains("mini"), r.toString());
		// NB: the launcher's start included; the check alone takes well under a second.
		assertTrue(s < 60, s + " s");
	}

	@Test
	void hdf5DiagnosticsNeverReachStandardError() throws Exception {
		final Path file = Files.write(dir.resolve("truncated.h5"), Arrays.copyOf(Files
			.readAllBytes(CraftedKeras.SEQUENTIAL), 2048));
		final Launcher r = transfer("base_model='" + file + "'", null);
		assertFalse(r.err.contains("HDF5-DIAG"), r.toString());
		assertFailure(r, "Cannot open " + file + " as HDF5: it is damaged or not an HDF5 file.");
	}

	@Test
	void sparse4GbZooWeightsAreOneLineBeforeTheyAreRead() throws Exception {
		final Path weights = dir.resolve("resnet50.zip");
		try (RandomAccessFile f = new RandomAccessFile(weights.toFile(), "rw")) {
			f.setLength(4L << 30);
		}
		final Launcher r = transfer("base_model='resnet50',base_weights='" + weights + "'", null);
		assertFailure(r, weights + " holds 4.3 GB, more than any weights of resnet50 take");
	}

	/** Transfer Learn CNN headless from {@code base} to the shipped cells. */
	private Launcher transfer(final String base, final String javaOpts) throws Exception {
		return Launcher.runWith(javaOpts, null, "--headless", "--run", "Transfer Learn CNN",
			"data='test-images/cells'," + base + ",output_model='" + dir.resolve("out.zip") +
				"',max_epochs=1");
	}

	private void assertFailure(final Launcher r, final String message) {
		assertEquals(1, r.exit, r.toString());
		final List<String> errors = r.errorLines();
		assertEquals(1, errors.size(), r.toString());
		assertTrue(errors.get(0).contains(message), r.toString());
		assertFalse(r.err.contains("\tat ") || r.err.contains("Exception"), r.toString());
		assertFalse(Files.exists(dir.resolve("out.zip")));
	}
}
