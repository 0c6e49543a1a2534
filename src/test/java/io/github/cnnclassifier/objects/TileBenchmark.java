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
		if (args.length > 2 && args[2].equals("objects")) {
			objects(model, side);
			return;
		}
		final ImagePlus field = CellFields.field(side, side, 3);
		field.setTitle("field-" + side);
		new FileSaver(field).saveAsTiff(dir.resolve("field-" + side + ".tif").toString());
	}

	/** Objects per second of Classify ROIs' core: one 32 x 32 ROI per cell of a field. */
	private static void objects(final Path model, final int side) {
		final ImagePlus field = CellFields.field(side, side, 4);
		final java.util.List<ij.gui.Roi> rois = new java.util.ArrayList<>();
		for (int y = 0; y + 32 <= side; y += 32) for (int x = 0; x + 32 <= side; x += 32) rois.add(
			new ij.gui.Roi(x, y, 32, 32));
		final ObjectSet set = Objects.fromRois(rois.toArray(new ij.gui.Roi[0]), field);
		try (io.github.cnnclassifier.predict.Classifier c = new io.github.cnnclassifier.predict
			.Classifier(io.github.cnnclassifier.model.ModelIO.load(model))) {
			for (int run = 0; run < 3; run++) {
				final long t0 = System.nanoTime();
				ObjectClassification.run(field, set.objects(), new CropGeometry(0, 0, false),
					io.github.cnnclassifier.api.CnnModel.of(c.model()), 256,
					io.github.cnnclassifier.api.Progress.NONE);
				final double s = (System.nanoTime() - t0) / 1e9;
				System.out.printf("%d objects in %.2f s: %.0f per second%n", set.objects().size(), s,
					set.objects().size() / s);
			}
		}
	}
}
