package io.github.cnnclassifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ShortProcessor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Classify Tiles headless on a field whose probability stack is larger than the Java heap. */
class ClassifyTilesIT {

	/** NB: 10 classes of 4,000 x 3,000 floats are 480 MB, more than this heap has free. */
	private static final String SMALL_HEAP = "-Xmx512m";

	private static final Path DIGITS = Paths.get("src/test/resources/fixtures/foundation-digits.zip")
		.toAbsolutePath();

	@TempDir
	Path tmp;

	@Test
	void probabilitiesLargerThanTheHeapAreStreamedThroughSaveTo() throws Exception {
		final Path field = field();
		final Path maps = Files.createDirectory(tmp.resolve("maps"));
		final Launcher r = tiles(field, ",save_to='" + maps + "'");
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.err.contains("probabilities streamed through disk"), r.toString());
		try (Stream<Path> files = Files.list(maps)) {
			assertEquals(List.of("field-class-map.tif", "field-probabilities.tif"), files.map(f -> f
				.getFileName().toString()).sorted().toList(), "temporary files deleted");
		}
		final ImagePlus p = IJ.openVirtual(maps.resolve("field-probabilities.tif").toString());
		assertEquals(10, p.getStackSize());
		assertEquals(4000, p.getWidth());
		double sum = 0;
		for (int n = 1; n <= 10; n++) sum += p.getStack().getProcessor(n).getf(3999, 2999);
		assertEquals(1, sum, 1e-4);
	}

	@Test
	void probabilitiesLargerThanTheHeapWithoutSaveToAreRefusedSayingToGiveSaveTo()
		throws Exception
	{
		final Launcher r = tiles(field(), "");
		assertEquals(1, r.exit, r.toString());
		final List<String> errors = r.errorLines();
		assertEquals(1, errors.size(), r.toString());
		assertTrue(errors.get(0).contains("Give save_to (a folder) to write the probabilities " +
			"there as they are computed"), r.toString());
	}

	private Path field() {
		final ShortProcessor ip = new ShortProcessor(4000, 3000);
		for (int i = 0; i < ip.getPixelCount(); i++) ip.set(i, (i * 7919) % 4096);
		final Path file = tmp.resolve("field.tif");
		assertTrue(new FileSaver(new ImagePlus("field", ip)).saveAsTiff(file.toString()));
		return file;
	}

	private static Launcher tiles(final Path field, final String more) throws Exception {
		return Launcher.runWith(SMALL_HEAP, null, "--headless", "--run", "Classify Tiles with CNN",
			"image='" + field + "',model='" + DIGITS + "',stride=28" + more);
	}
}
