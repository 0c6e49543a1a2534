package io.github.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.gui.Roi;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.folder.Folders;
import io.github.cnnclassifier.objects.Fields;
import io.github.cnnclassifier.objects.RoiFiles;
import io.github.cnnclassifier.output.CsvRecords;
import io.github.cnnclassifier.predict.ModelService;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Cancelable;
import org.scijava.command.Command;
import org.scijava.command.CommandService;

/** unsure_below on the three Classify commands: unsure rows, counted, the probabilities kept. */
class UnsureCommandsTest {

	@RegisterExtension
	static final CommandRuns commands = new CommandRuns(CommandService.class, ModelService.class);

	@TempDir
	Path tmp;

	@Test
	void classifyWithCnnGivesPlanesBelowTheThresholdTheUnsureClass() throws Exception {
		final Path plain = tmp.resolve("plain.csv"), csv = tmp.resolve("unsure.csv");
		ok(run(ClassifyCommand.class, "image", IJ.openImage(TestModels.DIGITS_STACK.toString()),
			"model", TestModels.digitsFile().toFile(), "results", plain.toFile()));
		final double threshold = middle(rows(plain), 2);
		ok(run(ClassifyCommand.class, "image", IJ.openImage(TestModels.DIGITS_STACK.toString()),
			"model", TestModels.digitsFile().toFile(), "results", csv.toFile(), "unsure_below",
			threshold, "unsure_label", "doubtful"));
		assertEquals(rows(plain).size() / 2, unsureRows(rows(csv), rows(plain), 1, 2,
			threshold, "doubtful"));
	}

	@Test
	void classifyFolderCountsTheUnsureRows() throws Exception {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 2);
		final Path plain = tmp.resolve("plain.csv"), csv = tmp.resolve("unsure.csv");
		ok(run(ClassifyFolderCommand.class, "folder", root.toFile(), "model", TestModels
			.digitsFile().toFile(), "results", plain.toFile()));
		final double threshold = middle(rows(plain), 3);
		ok(run(ClassifyFolderCommand.class, "folder", root.toFile(), "model", TestModels
			.digitsFile().toFile(), "results", csv.toFile(), "unsure_below", threshold));
		assertEquals(10, unsureRows(rows(csv), rows(plain), 2, 3, threshold, "unsure"));
		assertTrue(Files.readAllLines(tmp.resolve("unsure-counts.csv")).contains(
			"unsure,10,50.00"));
	}

	@Test
	void classifyRoisCountsTheUnsureObjectsAndGivesTheirRoisTheUnsureClass() throws Exception {
		final Fields fields = new Fields(3);
		final Path zip = tmp.resolve("rois.zip");
		RoiFiles.write(zip, List.of(fields.rois));
		final Path plain = tmp.resolve("plain.csv"), csv = tmp.resolve("unsure.csv"), saved = tmp
			.resolve("classified.zip");
		ok(run(ClassifyRoisCommand.class, "image", fields.field, "model", TestModels.digitsFile()
			.toFile(), "rois", zip.toFile(), "crop", 28, "results", plain.toFile()));
		final double threshold = middle(rows(plain), 3);
		ok(run(ClassifyRoisCommand.class, "image", new Fields(3).field, "model", TestModels
			.digitsFile().toFile(), "rois", zip.toFile(), "crop", 28, "results", csv.toFile(),
			"classified_zip", saved.toFile(), "unsure_below", threshold));
		assertEquals(20, unsureRows(rows(csv), rows(plain), 2, 3, threshold, "unsure"));
		assertTrue(Files.readAllLines(tmp.resolve("unsure-counts.csv")).contains(
			"unsure,20,50.00"));
		final Roi[] rois = RoiFiles.read(saved);
		for (int i = 0; i < rois.length; i++) {
			final boolean unsure = rows(csv).get(i).get(2).equals("unsure");
			assertEquals(unsure, "unsure".equals(rois[i].getProperty("class")));
			if (unsure) assertEquals(11, rois[i].getGroup(), "the group after the 10 digits");
		}
	}

	@Test
	void anUnsureBelowOfOneOrALabelOfTheModelIsRefusedInOneLine() throws Exception {
		final Cancelable one = run(ClassifyCommand.class, "image", IJ.openImage(TestModels
			.DIGITS_STACK.toString()), "model", TestModels.digitsFile().toFile(), "unsure_below",
			1.0);
		assertEquals("unsure_below must be a confidence from 0 (off) up to, not including, 1, " +
			"e.g. 0.6; got 1.0.", one.getCancelReason());
		final Cancelable label = run(ClassifyFolderCommand.class, "folder", Folders.digits(tmp
			.resolve("d"), "", 1).toFile(), "model", TestModels.digitsFile().toFile(), "results",
			tmp.resolve("r.csv").toFile(), "unsure_below", 0.5, "unsure_label", "7");
		assertEquals("unsure_label '7' is a class of the model ('7'): choose another name for " +
			"the predictions below unsure_below.", label.getCancelReason());
		assertFalse(Files.exists(tmp.resolve("r.csv")));
	}

	/**
	 * Checks that each row is unsure exactly when its confidence is below the
	 * threshold, and that the columns from Confidence on are those of the plain run.
	 *
	 * @return the unsure rows
	 */
	private static int unsureRows(final List<List<String>> rows, final List<List<String>> plain,
		final int classColumn, final int confidenceColumn, final double threshold,
		final String label)
	{
		assertEquals(plain.size(), rows.size());
		int unsure = 0;
		for (int i = 0; i < rows.size(); i++) {
			final List<String> r = rows.get(i);
			final boolean below = Double.parseDouble(r.get(confidenceColumn)) < threshold;
			assertEquals(below, r.get(classColumn).equals(label), r.toString());
			assertEquals(plain.get(i).subList(confidenceColumn, r.size()), r.subList(
				confidenceColumn, r.size()));
			if (below) unsure++;
		}
		return unsure;
	}

	/** A threshold between the lower and the upper half of a column's values. */
	private static double middle(final List<List<String>> rows, final int column) {
		final List<Double> values = new ArrayList<>();
		for (final List<String> r : rows) values.add(Double.parseDouble(r.get(column)));
		values.sort(null);
		final int half = values.size() / 2;
		assertTrue(values.get(half - 1) < values.get(half), values.toString());
		return (values.get(half - 1) + values.get(half)) / 2;
	}

	private static List<List<String>> rows(final Path csv) throws IOException {
		final List<List<String>> rows = new ArrayList<>(CsvRecords.readAll(csv));
		rows.remove(0);
		return rows;
	}

	private static void ok(final Cancelable m) {
		assertFalse(m.isCanceled(), m.getCancelReason());
	}

	private static Cancelable run(final Class<? extends Command> command, final Object... inputs)
		throws Exception
	{
		final Map<String, Object> m = new HashMap<>();
		for (int i = 0; i < inputs.length; i += 2) m.put((String) inputs[i], inputs[i + 1]);
		return commands.run(command, m);
	}
}
