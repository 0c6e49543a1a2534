package io.github.cnnclassifier.objects;

import io.github.cnnclassifier.api.CnnModel;
import io.github.cnnclassifier.api.Progress;
import io.github.cnnclassifier.output.KilledWrites;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.ij.ImageClassification;
import io.github.cnnclassifier.model.CropInfo;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.predict.Prediction;
import io.github.cnnclassifier.train.FolderTrainer;
import io.github.cnnclassifier.train.TrainingMonitor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exported crops are a labelled folder that trains a model for the objects of another field. */
class ObjectExportTest {

	@TempDir
	Path tmp;

	private static Map<String, String> classes(final ObjectSet set) {
		final Map<String, String> classes = new HashMap<>();
		for (final ImageObject o : set.objects()) classes.put(o.name(), ObjectExport.classOf(o
			.roi()));
		return classes;
	}

	@Test
	void cropsKeepBitDepthAreNeverReplacedAndTheGeometryIsRecorded() throws Exception {
		final Fields fields = new Fields(6);
		final ObjectSet set = Objects.fromRois(fields.rois, fields.field);
		final CropGeometry g = new CropGeometry(28, 0, false);
		final Path folder = tmp.resolve("crops");
		final ObjectExport.Summary first = ObjectExport.export(fields.field, set.objects(),
			classes(set), g, "ROI file", folder);
		assertEquals(40, first.written());
		final ImagePlus crop = IJ.openImage(folder.resolve(fields.truth(0) + "/field-d1.tif")
			.toString());
		assertEquals(16, crop.getBitDepth());
		assertEquals(28, crop.getWidth());
		assertEquals(fields.stack.getStack().getProcessor(1).get(14, 14), crop.getProcessor()
			.get(14, 14));
		final Path one = folder.resolve(fields.truth(0) + "/field-d1.tif");
		final long modified = Files.getLastModifiedTime(one).toMillis();
		Files.setLastModifiedTime(one, java.nio.file.attribute.FileTime.fromMillis(modified -
			10_000));
		final ObjectExport.Summary again = ObjectExport.export(fields.field, set.objects(),
			classes(set), g, "label image", folder);
		assertEquals(0, again.written());
		assertEquals(40, again.kept());
		assertEquals(modified - 10_000, Files.getLastModifiedTime(one).toMillis());
		assertEquals(new CropInfo(28, 0, false, List.of("ROI file", "label image")), CropInfo
			.read(folder), "the geometry, and the sources of both exports");
		final String recorded = Files.readString(folder.resolve(ObjectExport.GEOMETRY));
		final DataException e = assertThrows(DataException.class, () -> ObjectExport.export(
			fields.field, set.objects(), classes(set), new CropGeometry(32, 0, false), "ROI file",
			folder));
		assertEquals("Folder " + folder + " holds crops cut with crop=28, padding=0, " +
			"mask_outside=false (crop-geometry.json), not crop=32, padding=0, mask_outside=false: " +
			"export with the same crop, padding and mask_outside, or into another folder", e
				.getMessage());
		assertEquals(recorded, Files.readString(folder.resolve(ObjectExport.GEOMETRY)));
		try (Stream<Path> files = Files.walk(folder)) {
			assertEquals(40, files.filter(p -> p.toString().endsWith(".tif")).count(),
				"no temporary file left");
		}
	}

	/** Crops and their geometry are outputs like any other: not left readable by their owner only. */
	@Test
	void cropsAndTheGeometryAreReadableByOthersLikeEveryOutput() throws Exception {
		final Fields fields = new Fields(6);
		final ObjectSet set = Objects.fromRois(fields.rois, fields.field);
		final Path folder = tmp.resolve("crops");
		ObjectExport.export(fields.field, set.objects(), classes(set), new CropGeometry(28, 0,
			false), "ROI file", folder);
		for (final Path p : List.of(folder.resolve(ObjectExport.GEOMETRY), folder.resolve(fields
			.truth(0) + "/field-d1.tif")))
		{
			assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(
				p)), p.toString());
		}
	}

	/**
	 * An export killed while writing leaves hidden temporary files (the
	 * geometry's and one crop's, never moved into place); the next export
	 * removes them as it writes those files.
	 */
	@Test
	void theTemporaryFilesOfAKilledExportAreRemovedByTheNext() throws Exception {
		final Fields fields = new Fields(6);
		final ObjectSet set = Objects.fromRois(fields.rois, fields.field);
		final Path folder = tmp.resolve("crops"), cls = folder.resolve(fields.truth(0));
		Files.createDirectories(cls);
		KilledWrites.leftover(folder.resolve("." + ObjectExport.GEOMETRY + ".8123456789.tmp"), "{\"cr");
		KilledWrites.leftover(cls.resolve(".field-d1.tif.5123456789.tmp"), "II*");
		ObjectExport.export(fields.field, set.objects(), classes(set), new CropGeometry(28, 0,
			false), "ROI file", folder);
		try (Stream<Path> files = Files.walk(folder)) {
			assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith("."))
				.toList(), "no temporary file left");
		}
		assertTrue(Files.isRegularFile(cls.resolve("field-d1.tif")));
	}

	@Test
	void theClassOfARoiIsItsPropertyElseItsNamedGroupElseItsName() {
		final ij.gui.Roi roi = new ij.gui.Roi(0, 0, 3, 3);
		roi.setName("mitotic");
		assertEquals("mitotic", ObjectExport.classOf(roi));
		ij.gui.Roi.setGroupName(7, "apoptotic");
		roi.setGroup(7);
		assertEquals("apoptotic", ObjectExport.classOf(roi));
		roi.setProperty("class", "interphase");
		assertEquals("interphase", ObjectExport.classOf(roi));
	}

	@Test
	void aLabelImageTakesItsClassesFromACsvAndObjectsWithoutOneAreLeftOut() throws Exception {
		final Fields fields = new Fields(7);
		final Path csv = tmp.resolve("classes.csv");
		final StringBuilder sb = new StringBuilder("Object,Class\n");
		for (int i = 0; i < 30; i++) sb.append(i + 1).append(",\"digit ").append(fields.truth(
			i)).append("\"\n");
		Files.writeString(csv, sb);
		final ObjectExport.Summary s = ObjectExport.export(fields.field, Objects.fromLabels(
			fields.labels, fields.field).objects(), ObjectExport.readClasses(csv),
			new CropGeometry(0, 0, false), "label image", tmp.resolve("out"));
		assertEquals(30, s.written());
		assertEquals(10, s.unclassified());
		assertTrue(Files.isRegularFile(tmp.resolve("out/digit " + fields.truth(0) +
			"/field-1.tif")));
	}

	/**
	 * The end-to-end case: crops exported from one field train a model;
	 * the ROIs of another field then classify exactly as the same digits
	 * classified as images, and mostly right.
	 */
	@Test
	void exportTrainAndClassifyRoisOfAnotherFieldMatchesTheDigitsClassifiedAsImages() {
		final Fields train = Fields.ofFolder(1, 60, 8, "train.tif");
		final Fields test = Fields.ofFolder(61, 120, 9, "test.tif");
		final ObjectSet set = Objects.fromRois(train.rois, train.field);
		final CropGeometry g = new CropGeometry(28, 0, false);
		final Path folder = tmp.resolve("exported");
		assertEquals(600, ObjectExport.export(train.field, set.objects(), classes(set), g,
			"ROI file", folder).written());
		final ModelBundle model = new FolderTrainer(TestModels.quick().build(),
			TrainingMonitor.SILENT).train(folder, null, tmp.resolve("model.zip"));
		final CropInfo recorded = new CropInfo(28, 0, false, List.of("ROI file"));
		assertEquals(recorded, model.metadata().crops());
		assertEquals(recorded, ModelIO.readMetadata(tmp.resolve("model.zip")).crops(),
			"in the model file");
		try (CnnModel cnn = CnnModel.of(model)) {
			final List<Prediction> asImages = ImageClassification.run(test.stack, cnn, 64,
				Progress.NONE).predictions();
			final List<Prediction> asRois = ObjectClassification.run(test.field, Objects.fromRois(
				test.rois, test.field).objects(), g, cnn, 64, Progress.NONE).predictions();
			int right = 0;
			for (int i = 0; i < asImages.size(); i++) {
				assertEquals(asImages.get(i).label(), asRois.get(i).label());
				if (asRois.get(i).label().equals(test.truth(i))) right++;
			}
			assertTrue(right >= 0.85 * asImages.size(), right + " of " + asImages.size());
		}
	}
}
