package io.github.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.data.LabelledFolder;
import io.github.cnnclassifier.model.CropInfo;
import io.github.cnnclassifier.objects.Fields;
import io.github.cnnclassifier.objects.RoiFiles;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Cancelable;
import org.scijava.command.CommandService;

/** "Export ROIs as Training Images" headless. */
class ExportRoisCommandTest {

	@RegisterExtension
	static final CommandRuns commands = new CommandRuns(CommandService.class);

	@TempDir
	Path tmp;

	@Test
	void aRoiZipBecomesALabelledFolderThatTrainingReads() throws Exception {
		final Fields fields = new Fields(10);
		final Path zip = tmp.resolve("rois.zip");
		RoiFiles.write(zip, List.of(fields.rois));
		final Path folder = tmp.resolve("training");
		final Cancelable m = run(Map.of("image", fields.field, "rois", zip.toFile(), "folder",
			folder.toFile(), "crop", 28));
		assertFalse(m.isCanceled(), m.getCancelReason());
		final LabelledFolder scanned = LabelledFolder.scan(folder);
		assertEquals(10, scanned.labels().size());
		assertEquals(40, scanned.images().size());
		assertEquals(new CropInfo(28, 2, false, List.of("ROI file")), CropInfo.read(folder),
			"the geometry and the objects' source, for training to record");
	}

	@Test
	void aLabelImageWithoutClassesIsOneLine() throws Exception {
		final Fields fields = new Fields(11);
		final Cancelable m = run(Map.of("image", fields.field, "labels", labelFile(fields).toString(),
			"folder", tmp.resolve("t").toFile()));
		assertTrue(m.isCanceled());
		assertEquals("A label image needs classes: a CSV with columns Object (label value) " +
			"and Class", m.getCancelReason());
	}

	private Path labelFile(final Fields fields) {
		final Path file = tmp.resolve(fields.labels.getTitle());
		new ij.io.FileSaver(fields.labels).saveAsTiff(file.toString());
		return file;
	}

	private static Cancelable run(final Map<String, Object> inputs) throws Exception {
		return commands.run(ExportRoisCommand.class, inputs);
	}
}
