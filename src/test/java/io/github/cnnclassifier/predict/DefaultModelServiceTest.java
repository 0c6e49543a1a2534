package io.github.cnnclassifier.predict;

import io.github.cnnclassifier.folder.Folders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.command.ClassifyCommand;
import io.github.cnnclassifier.interop.ModelRef;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.CommandService;

/** Loaded models kept for all commands: read once, lent to one caller at a time, bounded. */
class DefaultModelServiceTest {

	@TempDir
	Path tmp;

	private Context context;
	private DefaultModelService models;

	@BeforeEach
	void start() {
		context = new Context(CommandService.class, ModelService.class);
		models = (DefaultModelService) context.service(ModelService.class);
	}

	@AfterEach
	void stop() {
		context.dispose();
	}

	@Test
	void aModelFileIsReadOnceForManyLoans() {
		final ModelBundle first;
		try (LoadedModel m = models.borrow(TestModels.digitsFile())) {
			assertFalse(m.reused());
			first = m.model();
			assertEquals(TestModels.digits().labels(), first.labels());
		}
		for (int i = 0; i < 5; i++) {
			try (LoadedModel m = models.borrow(TestModels.digitsFile())) {
				assertTrue(m.reused());
				assertSame(first, m.model());
			}
		}
		assertEquals(1, models.reads());
	}

	@Test
	void aSecondCallerMeanwhileGetsItsOwnCopy() {
		try (LoadedModel a = models.borrow(TestModels.digitsFile());
			LoadedModel b = models.borrow(TestModels.digitsFile()))
		{
			assertNotSame(a.model(), b.model());
			assertNotSame(a.classifier(), b.classifier());
		}
		assertEquals(2, models.reads());
		try (LoadedModel c = models.borrow(TestModels.digitsFile())) {
			assertTrue(c.reused());
		}
	}

	@Test
	void aChangedFileIsReadAgain() throws Exception {
		final Path file = Files.copy(TestModels.digitsFile(), tmp.resolve("m.zip"));
		models.borrow(file).close();
		Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file)
			.toMillis() + 2000));
		try (LoadedModel m = models.borrow(file)) {
			assertFalse(m.reused());
		}
		try (LoadedModel m = models.borrow(file)) {
			assertTrue(m.reused());
		}
		assertEquals(2, models.reads());
	}

	@Test
	void theSameOnnxWithOtherLabelsOrNormalizationIsAnotherModel() {
		final Path onnx = Path.of("src", "test", "resources", "fixtures", "pytorch-lecture-cnn.onnx");
		final ModelRef named = new ModelRef(onnx, "a,b,c,d,e,f,g,h,i,j", "0/255");
		models.borrow(named).close();
		try (LoadedModel m = models.borrow(new ModelRef(onnx, "a,b,c,d,e,f,g,h,i,j", "0/255"))) {
			assertTrue(m.reused());
		}
		try (LoadedModel m = models.borrow(new ModelRef(onnx, "j,i,h,g,f,e,d,c,b,a", "0/255"))) {
			assertFalse(m.reused());
			assertEquals("j", m.model().labels().get(0));
		}
		try (LoadedModel m = models.borrow(new ModelRef(onnx, "a,b,c,d,e,f,g,h,i,j", "0/1"))) {
			assertFalse(m.reused());
			assertEquals(1, m.model().normalization().std(), 0);
		}
		try (LoadedModel m = models.borrow(onnx)) {
			assertFalse(m.reused());
			assertEquals("class_1", m.model().labels().get(0));
		}
		try (LoadedModel m = models.borrow(named)) {
			assertTrue(m.reused(), "all four kept");
			assertEquals(255, m.model().normalization().std(), 0);
		}
		assertEquals(4, models.reads());
	}

	@Test
	void anEditedLabelsFileIsAnotherModel() throws Exception {
		final Path onnx = Path.of("src", "test", "resources", "fixtures", "pytorch-lecture-cnn.onnx");
		final Path names = Files.writeString(tmp.resolve("names.txt"), "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n");
		models.borrow(new ModelRef(onnx, names.toString(), "")).close();
		Files.writeString(names, "k\nb\nc\nd\ne\nf\ng\nh\ni\nj\n");
		try (LoadedModel m = models.borrow(new ModelRef(onnx, names.toString(), ""))) {
			assertFalse(m.reused());
			assertEquals("k", m.model().labels().get(0));
		}
	}

	@Test
	void labelsForOurOwnModelAreRefusedAlsoWhenItIsKept() {
		models.borrow(TestModels.digitsFile()).close();
		final ModelException e = assertThrows(ModelException.class, () -> models.borrow(
			new ModelRef(TestModels.digitsFile(), "a,b", "")));
		assertTrue(e.getMessage().startsWith("labels 'a,b' applies to bare .onnx files only"), e
			.getMessage());
	}

	@Test
	void onlyTheMostRecentlyUsedModelsAreKept() throws Exception {
		final int n = DefaultModelService.MAX_MODELS + 1;
		final Path[] files = new Path[n];
		for (int i = 0; i < n; i++) {
			files[i] = Files.copy(TestModels.digitsFile(), tmp.resolve("m" + i + ".zip"));
			models.borrow(files[i]).close();
		}
		try (LoadedModel last = models.borrow(files[n - 1])) {
			assertTrue(last.reused());
		}
		try (LoadedModel oldest = models.borrow(files[0])) {
			assertFalse(oldest.reused(), "let go");
		}
		assertEquals(n + 1, models.reads());
	}

	@Test
	void aMissingFileIsAModelException() {
		final Path missing = tmp.resolve("gone.zip");
		final ModelException e = assertThrows(ModelException.class, () -> models.borrow(
			missing));
		assertTrue(e.getMessage().startsWith("Model file not found: " + missing), e
			.getMessage());
	}

	/** What a macro's loop does: "Classify with CNN" image after image, one model read. */
	@Test
	void classifyWithCnnReadsTheModelOnceForManyImages() throws Exception {
		final List<Path> images = Folders.digitFiles(8, 10);
		for (final Path image : images) {
			final ImagePlus imp = IJ.openImage(image.toString());
			final Cancelable m = (Cancelable) context.service(CommandService.class).run(
				ClassifyCommand.class, true, Map.of("image", imp, "model", TestModels.digitsFile()
					.toFile())).get();
			assertFalse(m.isCanceled(), m.getCancelReason());
			assertEquals(((ij.gui.TextRoi) imp.getOverlay().get(0)).getText().trim(), ij.measure
				.ResultsTable.getResultsTable().getStringValue("Class", 0));
		}
		assertEquals(1, models.reads());
	}
}
