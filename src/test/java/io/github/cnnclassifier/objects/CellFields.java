package io.github.cnnclassifier.objects;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.train.FolderTrainer;
import io.github.cnnclassifier.train.TrainingMonitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Fields of the shipped 16-bit cells: blocks of 4 x 4 cells of one class, the
 * classes alternating like a checkerboard (regions of a tissue), and a model
 * trained on the cells 1..40 of each class (the fields use 41..60).
 */
public final class CellFields {

	/** Cells per block side, and the cells' side in pixels. */
	public static final int BLOCK = 4;
	public static final int SIDE = 32;
	private static final String[] CLASSES = { "elongated", "round" };

	private CellFields() {}

	/** The class (index into the model's sorted labels) of the block holding pixel (x, y). */
	public static int classAt(final int x, final int y) {
		return ((x / (BLOCK * SIDE)) + (y / (BLOCK * SIDE))) % 2;
	}

	/** A 16-bit field of {@code width} x {@code height} cells (multiples of a block). */
	public static ImagePlus field(final int width, final int height, final long seed) {
		return field(width, height, seed, 41);
	}

	/** A field of the cells {@code first}..{@code first + 19} of each class. */
	static ImagePlus field(final int width, final int height, final long seed, final int first) {
		final ShortProcessor f = new ShortProcessor(width, height);
		final ImageProcessor[][] cells = new ImageProcessor[2][20];
		for (int c = 0; c < 2; c++) {
			for (int i = 0; i < 20; i++) {
				cells[c][i] = IJ.openImage(TestModels.CELLS.resolve(CLASSES[c] + String.format(
					"/cell_%03d.tif", first + i)).toString()).getProcessor();
			}
		}
		final Random random = new Random(seed);
		for (int y0 = 0; y0 + SIDE <= height; y0 += SIDE) {
			for (int x0 = 0; x0 + SIDE <= width; x0 += SIDE) {
				final ImageProcessor cell = cells[classAt(x0, y0)][random.nextInt(20)];
				f.insert(cell, x0, y0);
			}
		}
		return new ImagePlus("cells-field.tif", f);
	}

	/**
	 * The lecture CNN trained on 32 x 32 windows cut at random inside the
	 * blocks of a field of the cells 1..20 (as a patch classifier is trained
	 * on regions, not on centred objects); saved to {@code file}.
	 */
	public static ModelBundle model(final Path file) {
		try {
			final Path data = Files.createTempDirectory("cells-tiles");
			final ImagePlus field = field(1024, 1024, 99, 1);
			final Random random = new Random(5);
			for (final String c : CLASSES) Files.createDirectories(data.resolve(c));
			for (int n = 0; n < 600; n++) {
				final int bx = random.nextInt(1024 / (BLOCK * SIDE)) * BLOCK * SIDE;
				final int by = random.nextInt(1024 / (BLOCK * SIDE)) * BLOCK * SIDE;
				final int x = bx + random.nextInt(BLOCK * SIDE - SIDE + 1);
				final int y = by + random.nextInt(BLOCK * SIDE - SIDE + 1);
				field.setRoi(x, y, SIDE, SIDE);
				final ImagePlus tile = new ImagePlus("t", field.getProcessor().crop());
				new ij.io.FileSaver(tile).saveAsTiff(data.resolve(CLASSES[classAt(bx, by)])
					.resolve("tile_" + n + ".tif").toString());
			}
			field.deleteRoi();
			return new FolderTrainer(TestModels.quick().maxEpochs(8).miniBatchSize(32)
				.trainingFraction(1.0).solver(io.github.cnnclassifier.train.Solver.ADAM)
				.initialLearnRate(0.001).build(), TrainingMonitor.SILENT).train(data, null, file);
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
