package io.github.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.gui.Overlay;
import ij.gui.Roi;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.CropInfo;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.objects.Fields;
import io.github.cnnclassifier.objects.RoiFiles;
import io.github.cnnclassifier.predict.ModelService;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Cancelable;
import org.scijava.command.CommandService;

/** "Classify ROIs with CNN" headless: ROIs from a zip, a label image or the overlay give the same rows. */
class ClassifyRoisCommandTest {

	@RegisterExtension
	static final CommandRuns commands = new CommandRuns(CommandService.class, ModelService.class);

	@TempDir
	Path tmp;

	@Test
	void roisFromAZipALabelImageAndTheOverlayGiveTheSameRowsAndClassifiedRois() throws Exception {
		final Fields fields = new Fields(3);
		final Path zip = tmp.resolve("field-rois.zip");
		RoiFiles.write(zip, List.of(fields.rois));
		final Path csv = tmp.resolve("objects.csv");
		final Path saved = tmp.resolve("classified.zip");
		final Cancelable m = run(Map.of("image", fields.field, "model", TestModels.digitsFile()
			.toFile(), "rois", zip.toFile(), "crop", 28, "results", csv.toFile(), "classified_zip",
			saved.toFile()));
		assertFalse(m.isCanceled(), m.getCancelReason());
		final List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
		assertEquals(41, rows.size());
		assertTrue(rows.get(0).startsWith("Object,Slice,Class,Confidence,P_0,"), rows.get(0));
		assertTrue(rows.get(0).endsWith(",X,Y,Area"), rows.get(0));
		int right = 0;
		for (int i = 0; i < 40; i++) {
			final String[] cells = rows.get(i + 1).split(",");
			assertEquals("d" + (i + 1), cells[0]);
			if (cells[2].equals(fields.truth(i))) right++;
		}
		assertTrue(right >= 36, right + " of 40");
		final List<String> counts = Files.readAllLines(tmp.resolve("objects-counts.csv"));
		assertEquals("Class,Count,Percent", counts.get(0));
		assertEquals(11, counts.size());
		final Roi[] classified = RoiFiles.read(saved);
		assertEquals(40, classified.length);
		for (int i = 0; i < 40; i++) {
			final String cls = rows.get(i + 1).split(",")[2];
			assertEquals(cls, classified[i].getProperty("class"));
			assertEquals(Integer.parseInt(cls) + 1, classified[i].getGroup());
		}
		final Overlay overlay = fields.field.getOverlay();
		assertEquals(40 + 10 + 1, overlay.size(), "ROIs, a legend and its band");

		final Path fromLabels = tmp.resolve("labels.csv");
		assertFalse(run(Map.of("image", new Fields(3).field, "model", TestModels.digitsFile()
			.toFile(), "labels", labelFile(fields).toString(), "crop", 28, "results", fromLabels.toFile()))
			.isCanceled());
		final List<String> labelRows = Files.readAllLines(fromLabels);
		for (int i = 1; i <= 40; i++) {
			assertEquals(rows.get(i).substring(rows.get(i).indexOf(',')), labelRows.get(i)
				.substring(labelRows.get(i).indexOf(',')), "all but the name");
		}

		// NB: the overlay drawn by the first run (its legend left out) is the objects of a second.
		final Path fromOverlay = tmp.resolve("overlay.csv");
		assertFalse(run(Map.of("image", fields.field, "model", TestModels.digitsFile().toFile(),
			"crop", 28, "results", fromOverlay.toFile())).isCanceled());
		assertEquals(rows, Files.readAllLines(fromOverlay));
	}

	@Test
	void theModelsCropGeometryIsUsedUnlessAnOptionIsGivenAndTheLogSaysWhich() throws Exception {
		final Fields fields = new Fields(11);
		final Path zip = tmp.resolve("rois.zip");
		RoiFiles.write(zip, List.of(fields.rois));
		final Path recorded = tmp.resolve("recorded.zip");
		final ModelBundle digits = TestModels.digits();
		ModelIO.save(new ModelBundle(digits.network(), digits.metadata().crops(new CropInfo(28, 0,
			true, List.of("ROI file")))), recorded);
		final List<String> log = new java.util.ArrayList<>();
		final org.scijava.log.LogListener listener = m -> log.add(m.text());
		commands.service(org.scijava.log.LogService.class).addLogListener(listener);
		final Path given = tmp.resolve("given.csv"), model = tmp.resolve("model.csv"),
			crop = tmp.resolve("crop.csv"), none = tmp.resolve("none.csv");
		try {
			assertFalse(run(Map.of("image", fields.field, "model", TestModels.digitsFile().toFile(),
				"rois", zip.toFile(), "crop", 28, "padding", 0, "mask_outside", "true", "results",
				given.toFile())).isCanceled());
			assertFalse(run(Map.of("image", fields.field, "model", recorded.toFile(), "rois", zip
				.toFile(), "results", model.toFile())).isCanceled());
			assertFalse(run(Map.of("image", fields.field, "model", recorded.toFile(), "rois", zip
				.toFile(), "crop", 40, "results", crop.toFile())).isCanceled());
			assertFalse(run(Map.of("image", fields.field, "model", TestModels.digitsFile().toFile(),
				"rois", zip.toFile(), "results", none.toFile())).isCanceled());
		}
		finally {
			commands.service(org.scijava.log.LogService.class).removeLogListener(listener);
		}
		final List<String> geometry = log.stream().filter(l -> l.startsWith("Crop geometry: "))
			.toList();
		assertEquals(List.of("Crop geometry: crop=28 (given), padding=0 (given), " +
			"mask_outside=true (given)", "Crop geometry: crop=28 (the model's), padding=0 (the " +
				"model's), mask_outside=true (the model's)", "Crop geometry: crop=40 (given), " +
					"padding=0 (the model's), mask_outside=true (the model's); NB: the model was " +
					"trained on crops cut with crop=28, padding=0, mask_outside=true", "Crop geometry: " +
						"crop=0 (the default: the model records no crop geometry), padding=2 (the " +
						"default: the model records no crop geometry), mask_outside=false (the default: " +
						"the model records no crop geometry)"), geometry);
		assertEquals(Files.readAllLines(given), Files.readAllLines(model), "the model's geometry");
		assertFalse(Files.readAllLines(model).equals(Files.readAllLines(crop)), "crop=40 used");
	}

	@Test
	void resultsThatWouldReplaceTheRoiFileAreRefusedAndNothingIsWritten() throws Exception {
		final Fields fields = new Fields(4);
		final Path zip = tmp.resolve("rois.zip");
		RoiFiles.write(zip, List.of(fields.rois));
		final byte[] before = Files.readAllBytes(zip);
		final Cancelable m = run(Map.of("image", fields.field, "model", TestModels.digitsFile()
			.toFile(), "rois", zip.toFile(), "classified_zip", zip.toFile()));
		assertTrue(m.isCanceled());
		assertEquals("Cannot save the ROIs to " + zip + ": it is the rois this command reads. " +
			"Choose another file name; an output never replaces an input.", m.getCancelReason());
		assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(zip)));
	}

	@Test
	void anImageWithoutObjectsIsOneLineNamingWhatToGive() throws Exception {
		final Fields fields = new Fields(5);
		final Map<String, Object> inputs = new HashMap<>(Map.of("image", fields.field, "model",
			TestModels.digitsFile().toFile()));
		final Cancelable m = run(inputs);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().startsWith("Image \"field.tif\" has no objects: give " +
			"rois"), m.getCancelReason());
	}

	private Path labelFile(final Fields fields) {
		final Path file = tmp.resolve(fields.labels.getTitle());
		new ij.io.FileSaver(fields.labels).saveAsTiff(file.toString());
		return file;
	}

	private static Cancelable run(final Map<String, Object> inputs) throws Exception {
		return commands.run(ClassifyRoisCommand.class, inputs);
	}
}
