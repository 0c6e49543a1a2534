package io.github.cnnclassifier.objects;

import ij.ImagePlus;
import ij.io.FileSaver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Writes what the README's Classify Tiles figure is measured on: a 16-bit
 * field of the shipped cells ({@code args[1]} pixels square, default 10,000)
 * and a cells tile model; then run Classify Tiles with CNN on them with
 * {@code JAVA_OPTS=-Xmx2g} under {@code /usr/bin/time -v}.
 */
public final class TileBenchmark {

	private TileBenchmark() {}

	public static void main(final String[] args) throws Exception {
		final Path dir = Files.createDirectories(Paths.get(args[0]));
		final int side = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
		final Path model = dir.resolve("cells-tiles.zip");
		if (!Files.exists(model)) CellFields.model(model);
		final ImagePlus field = CellFields.field(side, side, 3);
		field.setTitle("field-" + side);
		new FileSaver(field).saveAsTiff(dir.resolve("field-" + side + ".tif").toString());
	}
}
