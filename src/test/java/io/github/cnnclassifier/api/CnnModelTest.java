package io.github.cnnclassifier.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.command.ClassifyCommand;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.predict.ModelService;
import io.github.cnnclassifier.predict.Prediction;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

class CnnModelTest {

	@TempDir
	Path tmp;

	@Test
	void anArrayImgOfFloatsGetsTheClassesAndProbabilitiesOfClassifyWithCnn() throws Exception {
		final ImagePlus stack = IJ.openImage(TestModels.DIGITS_STACK.toString());
		final int planes = stack.getStackSize();
		final float[] pixels = new float[28 * 28 * planes];
		for (int k = 0; k < planes; k++) {
			final byte[] plane = (byte[]) stack.getStack().getPixels(k + 1);
			for (int i = 0; i < plane.length; i++) pixels[k * 28 * 28 + i] = plane[i] & 0xff;
		}
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(pixels, 28, 28, planes);
		final List<Prediction> api;
		try (CnnModel model = CnnModel.open(TestModels.digitsFile())) {
			api = model.classify(img);
		}
		final Path csv = tmp.resolve("results.csv");
		try (Context context = new Context(CommandService.class, ModelService.class)) {
			final CommandModule m = context.service(CommandService.class).run(
				ClassifyCommand.class, true, Map.of("image", stack, "model", TestModels.digitsFile()
					.toFile(), "results", csv.toFile())).get();
			assertFalse(m.isCanceled(), m.getCancelReason());
		}
		final List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
		assertEquals(planes + 1, rows.size());
		assertEquals(planes, api.size());
		for (int k = 0; k < planes; k++) {
			final String[] row = rows.get(k + 1).split(",");
			assertEquals(row[1], api.get(k).label(), "plane " + (k + 1));
			for (int c = 0; c < 10; c++) {
				assertEquals(Float.parseFloat(row[3 + c]), api.get(k).probability(c), 1e-6,
					"plane " + (k + 1) + ", P_" + c);
			}
		}
	}

	@Test
	void aPlaneAndAFourAxisImageAreClassifiedAsTheStacksPlanes() {
		final float[] pixels = new float[28 * 28 * 3];
		final ImagePlus stack = IJ.openImage(TestModels.DIGITS_STACK.toString());
		for (int k = 0; k < 3; k++) {
			final byte[] plane = (byte[]) stack.getStack().getPixels(k + 1);
			for (int i = 0; i < plane.length; i++) pixels[k * 28 * 28 + i] = plane[i] & 0xff;
		}
		try (CnnModel model = CnnModel.of(TestModels.digits())) {
			final List<Prediction> three = model.classify(ArrayImgs.floats(pixels, 28, 28, 3));
			final List<Prediction> xycn = model.classify(ArrayImgs.floats(pixels, 28, 28, 1, 3));
			final List<Prediction> first = model.classify(ArrayImgs.floats(pixels, 28, 28));
			assertEquals(3, xycn.size());
			assertEquals(1, first.size());
			assertEquals(three.get(0).toString(), first.get(0).toString());
			for (int k = 0; k < 3; k++) assertEquals(three.get(k).toString(), xycn.get(k)
				.toString());
			assertEquals(TestModels.digits().labels(), model.labels());
			assertEquals("28x28x1", model.input().toString());
		}
	}

	@Test
	void anImageWithFiveAxesIsRefusedNamingItsAxes() {
		try (CnnModel model = CnnModel.of(TestModels.digits())) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> model.classify(ArrayImgs.floats(28, 28, 1, 2, 2)));
			assertEquals("Image \"image\" has 5 axes; expected (X, Y), (X, Y, planes) or (X, Y, " +
				"channels, planes)", e.getMessage());
		}
	}

	@Test
	void evaluationStopsWhenProgressAsks() {
		final AtomicInteger asked = new AtomicInteger();
		final Progress stop = new Progress() {

			@Override
			public boolean cancelRequested() {
				return asked.incrementAndGet() > 5;
			}
		};
		try (CnnModel model = CnnModel.of(TestModels.digits())) {
			assertThrows(CancellationException.class, () -> model.evaluate(TestModels.DIGITS,
				BadFiles.SKIP, 32, stop));
			assertTrue(asked.get() > 5);
			// NB: the model is still usable after a stop.
			assertEquals(1200, model.evaluate(TestModels.DIGITS, BadFiles.SKIP, 128, Progress.NONE)
				.confusion().total());
		}
	}

	@Test
	void aSavedModelOpensWithTheSameLabelsAndPredictions() {
		final Path file = tmp.resolve("Copy.ZIP");
		final float[] zeros = new float[28 * 28];
		try (CnnModel model = CnnModel.of(TestModels.digits())) {
			model.save(file);
			try (CnnModel again = CnnModel.open(file)) {
				assertEquals(model.labels(), again.labels());
				assertEquals(model.metadata().history().size(), again.metadata().history().size());
				assertEquals(model.classify(ArrayImgs.floats(zeros, 28, 28)).toString(), again
					.classify(ArrayImgs.floats(zeros, 28, 28)).toString());
			}
		}
	}
}
