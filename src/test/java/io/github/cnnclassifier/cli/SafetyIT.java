package io.github.cnnclassifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.folder.FolderJob;
import io.github.cnnclassifier.folder.Folders;
import io.github.cnnclassifier.folder.Shard;
import io.github.cnnclassifier.testimages.BadImages;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad inputs and faults, each through ./cnn-classifier as a user meets them:
 * the exit status, one line that says what is wrong, no stack trace, and
 * nothing on disk changed that should not be.
 */
class SafetyIT {

	/** NB: small enough that a 20000x20000 image (3.6 GB to open) cannot fit. */
	private static final String SMALL_HEAP = "-Xmx512m";

	@TempDir
	static Path shared;

	@TempDir
	Path dir;

	private static Path model;
	private static Path huge;

	@BeforeAll
	static void prepare() throws IOException {
		model = TestModels.digitsFile();
		huge = BadImages.hugeTiff(shared.resolve("huge.tif"), 20000, 20000);
	}

	// -- Outputs never overwrite inputs --

	@Test
	void resultsThatAreTheModelAreRefusedEvenWithOverwrite() throws Exception {
		final Path m = Files.copy(model, dir.resolve("model.zip"));
		final Map<String, String> before = snapshot(dir);
		final Launcher r = run("Classify with CNN", "image='test-images/digits-stack.tif'," +
			"model='" + m + "',results='" + m + "',overwrite=true");
		assertFailure(r, 1, "Cannot save the results to " + m + ": it is the model this " +
			"command reads.");
		assertEquals(before, snapshot(dir));
	}

	@Test
	void aModelPathNamingATrainingImageIsRefusedEvenWithOverwrite() throws Exception {
		final Path data = digits(dir.resolve("data"), 10);
		final Path image = data.resolve("1/digit_1_001.png");
		final Map<String, String> before = snapshot(dir);
		final Launcher r = run("Train CNN Classifier", "data='" + data + "',model='" + image +
			"',max_epochs=1,overwrite=true");
		assertFailure(r, 1, "Cannot save the model to " + image + ": it lies inside the " +
			"training folder " + data + ", which this command reads.");
		assertEquals(before, snapshot(dir));
	}

	@Test
	void aNewModelInsideTheValidationFolderIsRefused() throws Exception {
		final Path data = digits(dir.resolve("data"), 10);
		final Path val = digits(dir.resolve("val"), 5);
		final Map<String, String> before = snapshot(dir);
		final Launcher r = run("Train CNN Classifier", "data='" + data + "',validation_folder='" +
			val + "',model='" + val.resolve("m.zip") + "',max_epochs=1");
		assertFailure(r, 1, "it lies inside the validation folder " + val);
		assertEquals(before, snapshot(dir));
	}

	@Test
	void resultsThatAreTheClassifiedImageAreRefusedEvenWithOverwrite() throws Exception {
		final Path image = Files.copy(TestModels.DIGITS_STACK, dir.resolve("stack.tif"));
		final Map<String, String> before = snapshot(dir);
		final Launcher r = run("Classify with CNN", "image='" + image + "',model='" + model +
			"',results='" + image + "',overwrite=true");
		assertFailure(r, 1, "Cannot save the results to " + image + ": it is the image this " +
			"command reads.");
		assertEquals(before, snapshot(dir));
	}

	@Test
	void anUnrelatedFileIsReplacedByAModelOnlyWithOverwrite() throws Exception {
		final Path data = digits(dir.resolve("data"), 10);
		final Path notes = Files.writeString(dir.resolve("notes.txt"), "my notes");
		final Map<String, String> before = snapshot(dir);
		final String arguments = "data='" + data + "',model='" + notes + "',max_epochs=1," +
			"mini_batch_size=8";
		final Launcher refused = run("Train CNN Classifier", arguments);
		assertFailure(refused, 1, "Cannot save the model to " + notes + ": that file exists " +
			"and is not a CNN Classifier model (a .zip with cnn-classifier.json). Choose " +
			"another file name, or set overwrite=true to replace it.");
		assertEquals(before, snapshot(dir));
		final Launcher replaced = run("Train CNN Classifier", arguments + ",overwrite=true");
		assertEquals(0, replaced.exit, replaced.toString());
		assertEquals(1, ModelIO.readMetadata(notes).history().size());
	}

	@Test
	void classifyFolderKeepsAnUnrelatedFileAndTheModel() throws Exception {
		final Path images = digits(dir.resolve("images"), 2);
		final Path notes = Files.writeString(dir.resolve("notes.csv"), "name,phone\nAnn,123\n");
		final Path m = Files.copy(model, dir.resolve("model.zip"));
		final Map<String, String> before = snapshot(dir);
		assertFailure(run("Classify Folder with CNN", "folder='" + images + "',model='" + m +
			"',results='" + notes + "'"), 1, "Cannot save the results to " + notes + ": that " +
				"file exists and is not a results table written by CNN Classifier");
		assertFailure(run("Classify Folder with CNN", "folder='" + images + "',model='" + m +
			"',results='" + m + "',overwrite=true"), 1, "it is the model this command reads");
		assertEquals(before, snapshot(dir));
	}

	@Test
	void resultsOfAnEarlierRunAreReplacedAndAKilledRunsTemporaryFileRemoved()
		throws Exception
	{
		final Path csv = dir.resolve("results.csv");
		final String args = "image='" + TestModels.DIGITS_STACK.toAbsolutePath() + "',model='" +
			model + "',results='" + csv + "'";
		final Launcher first = run("Classify with CNN", args);
		assertEquals(0, first.exit, first.toString());
		final Path leftover = Files.writeString(dir.resolve(".results.csv.8812345678.tmp"),
			"Slice,Cla");
		Files.writeString(csv, Files.readString(csv).replaceFirst("\n40,", "\nold,"));
		final Launcher second = run("Classify with CNN", args);
		assertEquals(0, second.exit, second.toString());
		assertTrue(Files.readString(csv).contains("\n40,") && !Files.readString(csv).contains(
			"old"), Files.readString(csv));
		assertFalse(Files.exists(leftover));
		// NB: Classify Folder continues a stopped run instead; finished results need overwrite=true.
		final Path images = digits(dir.resolve("images"), 2);
		final Path folderCsv = dir.resolve("folder.csv");
		final String folderArgs = "folder='" + images + "',model='" + model + "',results='" +
			folderCsv + "'";
		assertEquals(0, run("Classify Folder with CNN", folderArgs).exit);
		assertFailure(run("Classify Folder with CNN", folderArgs), 1, "from a finished run");
		assertEquals(0, run("Classify Folder with CNN", folderArgs + ",overwrite=true").exit);
	}

	@Test
	void aMacroReplacesAnUnrelatedFileOnlyWithOverwrite() throws Exception {
		final Path notes = Files.writeString(dir.resolve("notes.txt"), "my notes");
		final String classify = "open(\"" + TestModels.DIGITS_STACK.toAbsolutePath() + "\");\n" +
			"run(\"Classify with CNN\", \"model=[" + model + "] results=[" + notes + "]";
		final Path refuse = Files.writeString(dir.resolve("refuse.ijm"), classify + "\");\n");
		final Launcher refused = Launcher.run("-batch", refuse.toString());
		assertEquals(1, refused.exit, refused.toString());
		assertTrue(refused.err.contains("set overwrite=true"), refused.toString());
		assertEquals("my notes", Files.readString(notes));
		final Path replace = Files.writeString(dir.resolve("replace.ijm"), classify +
			" overwrite=true\");\n");
		final Launcher replaced = Launcher.run("-batch", replace.toString());
		assertEquals(0, replaced.exit, replaced.toString());
		assertEquals(41, Files.readAllLines(notes).size());
	}

	// -- Partial results of Classify Folder are untrusted --

	@Test
	void aPartFilePlantedBeforeTheFirstRunIsOneLineAndNothingMoves() throws Exception {
		final Path images = digits(dir.resolve("images"), 3);
		final Path csv = dir.resolve("r.csv");
		Files.writeString(dir.resolve("notes.txt"), "my notes");
		final String row = ",1,1,0.9" + ",0.1".repeat(10);
		Files.write(Folders.partialOf(csv, model), List.of("File,Slice,Class,Confidence," +
			"P_0,P_1,P_2,P_3,P_4,P_5,P_6,P_7,P_8,P_9", "../notes.txt" + row, "1/x.png" + row));
		final Map<String, String> before = snapshot(dir);
		assertFailure(run("Classify Folder with CNN", "folder='" + images + "',model='" + model +
			"',results='" + csv + "',sort_to='" + dir.resolve("sorted") + "',sort_mode='move'"), 1,
			"do not say which folder, shard, pattern and model they belong to");
		assertEquals(before, snapshot(dir), "nothing moved, deleted or written");
	}

	@Test
	void partFileRowWithDotDotIsOneLineAndNothingMoves() throws Exception {
		final Path images = digits(dir.resolve("images"), 3);
		final Path csv = dir.resolve("r.csv");
		final Path sorted = dir.resolve("sorted");
		Files.copy(TestModels.DIGITS.resolve("1/digit_1_001.png"), dir.resolve("victim.png"));
		final String row = ",1,1,0.9" + ",0.1".repeat(10);
		Folders.partialResults(new FolderJob(images, csv, "", true, Shard.ALL, sorted, true,
			false), model, List.of("../victim.png" + row, "1/digit_1_001.png" + row));
		final Map<String, String> before = snapshot(dir);
		assertFailure(run("Classify Folder with CNN", "folder='" + images + "',model='" + model +
			"',results='" + csv + "',sort_to='" + sorted + "',sort_mode='move'"), 1,
			"'../victim.png', which is not a file this run classifies");
		assertEquals(before, snapshot(dir), "nothing moved, deleted or written");
	}

	@Test
	void resultsLockedByAnotherRunAreOneLineNamingIt() throws Exception {
		final Path images = digits(dir.resolve("images"), 2);
		final Path csv = dir.resolve("r.csv");
		final Path lock = dir.resolve("r.csv.lock");
		try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE,
			StandardOpenOption.WRITE); FileLock held = ch.lock())
		{
			ch.write(ByteBuffer.wrap("4242@lab-pc\n".getBytes(StandardCharsets.UTF_8)));
			assertFailure(run("Classify Folder with CNN", "folder='" + images + "',model='" +
				model + "',results='" + csv + "'"), 1, "Results " + csv + " are being written " +
					"by another run (process 4242 on lab-pc, holding r.csv.lock).");
		}
		assertFalse(Files.exists(csv));
	}

	@Test
	void aCountsFileThatIsTheModelIsRefusedEvenWithOverwrite() throws Exception {
		final Path images = digits(dir.resolve("images"), 2);
		final Path m = Files.copy(model, dir.resolve("r-counts.csv"));
		final Map<String, String> before = snapshot(dir);
		assertFailure(run("Classify Folder with CNN", "folder='" + images + "',model='" + m +
			"',results='" + dir.resolve("r.csv") + "',overwrite=true"), 1, "Cannot save the " +
				"class counts to " + m + ": it is the model this command reads.");
		assertEquals(before, snapshot(dir));
	}

	// -- Standard output is checked --

	@Test
	void aFullDiskOnStandardOutputIsAnError() throws Exception {
		final Launcher r = Launcher.runWith(null, Redirect.to(new File("/dev/full")), "--headless",
			"--run", "Classify with CNN", "image='test-images/digits-stack.tif',model='" +
				model + "'");
		assertFailure(r, 1, "Cannot write the results to standard output");
	}

	@Test
	void aClosedPipeOnStandardOutputIsAnError() throws Exception {
		final Launcher r = Launcher.runWith(null, Redirect.PIPE, "--headless", "--run",
			"Classify with CNN", "image='test-images/digits-stack.tif',model='" + model + "'");
		assertFailure(r, 1, "Cannot write the results to standard output");
	}

	// -- Out of memory is an answer --

	@Test
	void aHugeTrainingImageIsSkippedAndNamed() throws Exception {
		final Path data = digits(dir.resolve("data"), 10);
		final Path big = Files.copy(huge, data.resolve("7/big.tif"));
		final Launcher r = Launcher.runWith(SMALL_HEAP, null, "--headless", "--run",
			"Train CNN Classifier", "data='" + data + "',model='" + dir.resolve("m.zip") +
				"',max_epochs=1,mini_batch_size=8");
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.err.contains("Skipped: Image " + big + " (20000x20000 pixels) needs 3.6 " +
			"GB of memory"), r.toString());
		assertTrue(r.errorLines().isEmpty(), r.toString());
		assertEquals(20, ModelIO.readMetadata(dir.resolve("m.zip")).data().trainingImages() +
			ModelIO.readMetadata(dir.resolve("m.zip")).data().validationImages());
	}

	@Test
	void aHugeTrainingImageStopsTrainingUnderStop() throws Exception {
		final Path data = digits(dir.resolve("data"), 10);
		final Path big = Files.copy(huge, data.resolve("7/big.tif"));
		final Launcher r = Launcher.runWith(SMALL_HEAP, null, "--headless", "--run",
			"Train CNN Classifier", "data='" + data + "',model='" + dir.resolve("m.zip") +
				"',max_epochs=1,on_bad_file='stop'");
		assertFailure(r, 1, "Image " + big + " (20000x20000 pixels) needs 3.6 GB of memory");
		assertFalse(Files.exists(dir.resolve("m.zip")));
	}

	@Test
	void anInputSizeTooLargeForMemoryNamesTheOptions() throws Exception {
		final Path data = digits(dir.resolve("data"), 10);
		final Launcher r = run("Train CNN Classifier", "data='" + data + "',model='" + dir
			.resolve("m.zip") + "',input_height=20000,input_width=20000");
		// NB: 16 training images get the automatic mini-batch, a tenth of them but at least 8.
		assertFailure(r, 1, "input_height=20000, input_width=20000 with mini_batch_size=8 " +
			"(400000000 values per image) needs ");
		assertFalse(Files.exists(dir.resolve("m.zip")));
	}

	@Test
	void aHugeImageToClassifyIsNamed() throws Exception {
		final Launcher r = Launcher.runWith(SMALL_HEAP, null, "--headless", "--run",
			"Classify with CNN", "image='" + huge + "',model='" + model + "'");
		assertFailure(r, 1, "Image " + huge + " (20000x20000 pixels) needs 3.6 GB of memory");
	}

	@Test
	void aHugeImageInAFolderToClassifyIsSkippedAndNamed() throws Exception {
		final Path images = digits(dir.resolve("images"), 2);
		Files.copy(huge, images.resolve("huge.tif"));
		final Path csv = dir.resolve("r.csv");
		final Launcher r = Launcher.runWith(SMALL_HEAP, null, "--headless", "--run",
			"Classify Folder with CNN", "folder='" + images + "',model='" + model +
				"',results='" + csv + "'");
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.err.contains("Skipped: Image " + images.resolve("huge.tif") +
			" (20000x20000 pixels) needs 3.6 GB of memory"), r.toString());
		assertEquals(5, Files.readAllLines(csv).size());
	}

	@Test
	void aHugeMiniBatchToClassifyAFolderIsOneLine() throws Exception {
		final Path images = digits(dir.resolve("images"), 2);
		final Launcher r = run("Classify Folder with CNN", "folder='" + images + "',model='" +
			model + "',results='" + dir.resolve("r.csv") + "',mini_batch_size=1000000000");
		assertFailure(r, 1, "mini_batch_size=1000000000 (images of 28x28x1) makes a " +
			"mini-batch of 784000000000 values");
		assertFalse(Files.exists(dir.resolve("r.csv")));
	}

	// -- Wrong answers with exit status 0 --

	@Test
	void aTrainingImageWithNanPixelsIsSkippedAndNamed() throws Exception {
		final Path data = digits(dir.resolve("data"), 10);
		final Path nan = BadImages.nanTiff(data.resolve("1/nan.tif"), 28, 28, 100);
		final Launcher r = run("Train CNN Classifier", "data='" + data + "',model='" + dir
			.resolve("m.zip") + "',max_epochs=1,mini_batch_size=8");
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.err.contains("Skipped: Image " + nan + " has 3 pixel values that are NaN " +
			"or infinite"), r.toString());
		assertTrue(Double.isFinite(ModelIO.readMetadata(dir.resolve("m.zip")).normalization()
			.mean()), r.toString());
	}

	@Test
	void aTrainingImageWithNanPixelsStopsTrainingUnderStop() throws Exception {
		final Path data = digits(dir.resolve("data"), 10);
		final Path nan = BadImages.nanTiff(data.resolve("1/nan.tif"), 28, 28, 100);
		final Launcher r = run("Train CNN Classifier", "data='" + data + "',model='" + dir
			.resolve("m.zip") + "',max_epochs=1,on_bad_file='stop'");
		assertFailure(r, 1, "Image " + nan + " has 3 pixel values that are NaN or infinite");
		assertFalse(Files.exists(dir.resolve("m.zip")));
	}

	@Test
	void aStrayTinyFirstImageDoesNotSetTheInputSize() throws Exception {
		final Path data = digits(dir.resolve("data"), 10);
		final Path dot = BadImages.hugeTiff(data.resolve("1/000.tif"), 1, 1);
		final Launcher r = run("Train CNN Classifier", "data='" + data + "',model='" + dir
			.resolve("m.zip") + "',max_epochs=1,mini_batch_size=8");
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.err.contains("input 28x28x1 (the most common image size, 20 of 21 " +
			"images)"), r.toString());
		assertTrue(r.err.contains("Warning: 1 image is far from the input size 28x28 (more " +
			"than twice or less than half its height or width) and will be resized to it: " +
			dot + " (1x1)"), r.toString());
		assertEquals(28, ModelIO.readMetadata(dir.resolve("m.zip")).input().height());
	}

	@Test
	void aClassWithOneImageIsWarnedAboutAndTheSplitReportedPerClass() throws Exception {
		final Path data = digits(dir.resolve("data"), 40);
		try (Stream<Path> sevens = Files.list(data.resolve("7"))) {
			for (final Path p : sevens.sorted().skip(1).collect(Collectors.toList())) {
				Files.delete(p);
			}
		}
		final Launcher r = run("Train CNN Classifier", "data='" + data + "',model='" + dir
			.resolve("m.zip") + "',max_epochs=1,mini_batch_size=8");
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.err.contains("Images per class (training/validation): 1 30/10, 7 1/0"), r
			.toString());
		assertTrue(r.err.contains("Warning: class '7' has 1 image against up to 40 in another " +
			"class: 1 for training, 0 for validation, so the validation accuracy does not " +
			"measure it."), r.toString());
	}

	@Test
	void aTruncatedJpegStopsTrainingUnderStop() throws Exception {
		final Path data = digits(dir.resolve("data"), 10);
		final Path jpeg = BadImages.truncatedJpeg(data.resolve("7/cut.jpg"), 200, 200);
		final Launcher r = run("Train CNN Classifier", "data='" + data + "',model='" + dir
			.resolve("m.zip") + "',max_epochs=1,on_bad_file='stop'");
		assertFailure(r, 1, "Cannot read image " + jpeg + ": it is damaged or truncated");
		assertFalse(Files.exists(dir.resolve("m.zip")));
	}

	@Test
	void aTruncatedJpegIsSkippedAndNamed() throws Exception {
		final Path data = digits(dir.resolve("data"), 10);
		final Path jpeg = BadImages.truncatedJpeg(data.resolve("7/cut.jpg"), 200, 200);
		final Launcher r = run("Train CNN Classifier", "data='" + data + "',model='" + dir
			.resolve("m.zip") + "',max_epochs=1,mini_batch_size=8");
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.err.contains("Skipped: Cannot read image " + jpeg + ": it is damaged or " +
			"truncated"), r.toString());
	}

	@Test
	void anAnimatedGifGivesOneRowPerFrame() throws Exception {
		final Path gif = BadImages.animatedGif(dir.resolve("anim.gif"), 3, 28, 28);
		final Launcher r = run("Classify with CNN", "image='" + gif + "',model='" + model + "'");
		assertEquals(0, r.exit, r.toString());
		final String[] lines = r.out.split("\n");
		assertEquals(4, lines.length, r.toString());
		assertTrue(lines[1].startsWith("1,") && lines[3].startsWith("3,"), r.out);
	}

	@Test
	void aTiffWhosePagesDifferGivesOneRowPerPage() throws Exception {
		final Path tiff = BadImages.mixedPagesTiff(dir.resolve("pages.tif"));
		final Launcher r = run("Classify with CNN", "image='" + tiff + "',model='" + model +
			"'");
		assertEquals(0, r.exit, r.toString());
		assertEquals(4, r.out.split("\n").length, r.toString());
	}

	@Test
	void aCompositeAmongGreyImagesIsTreatedTheSameFirstOrNot() throws Exception {
		for (final String name : new String[] { "000 first.tif", "zzz last.tif" }) {
			final Path data = digits(dir.resolve(name.substring(0, 3)), 10);
			final Path composite = BadImages.composite16(data.resolve("1/" + name), 28, 28, 3);
			final Launcher r = run("Train CNN Classifier", "data='" + data + "',model='" + dir
				.resolve(name + ".zip") + "',max_epochs=1,mini_batch_size=8");
			assertEquals(0, r.exit, r.toString());
			assertTrue(r.err.contains("input 28x28x1 (the most common"), r.toString());
			assertTrue(r.err.contains("Skipped: Image " + composite + " has 3 channels but the " +
				"network input has 1"), r.toString());
		}
	}

	// -- Messages and exit codes --

	@Test
	void anUnknownOptionIsAUsageErrorListingTheOptions() throws Exception {
		final Launcher r = run("Train CNN Classifier", "data='test-images/digits',model='" + dir
			.resolve("m.zip") + "',max_epoch=5");
		assertFailure(r, 2, "Unknown option 'max_epoch'. Options of \"Train CNN Classifier\": " +
			"data, model, validation_folder, ");
		assertTrue(r.err.contains(" max_epochs, "), r.toString());
		assertFalse(Files.exists(dir.resolve("m.zip")));
	}

	@Test
	void aWordForAWholeNumberIsAUsageError() throws Exception {
		final Launcher r = run("Train CNN Classifier", "data='test-images/digits',model='" + dir
			.resolve("m.zip") + "',max_epochs='abc'");
		assertFailure(r, 2, "max_epochs='abc': must be a whole number below 2^31. Options of " +
			"\"Train CNN Classifier\": ");
	}

	@Test
	void aWordForTheSeedIsAUsageError() throws Exception {
		final Launcher r = run("Train CNN Classifier", "data='test-images/digits',model='" + dir
			.resolve("m.zip") + "',seed='abc'");
		assertFailure(r, 2, "seed='abc': must be a whole number.");
		assertFalse(Files.exists(dir.resolve("m.zip")));
	}

	@Test
	void aMissingImageToClassifyIsOneLine() throws Exception {
		final Launcher r = run("Classify with CNN", "image='/nonexistent.tif',model='" + model +
			"'");
		assertFailure(r, 1, "Cannot read image /nonexistent.tif: no such file.");
	}

	@Test
	void aClassOfUnreadableFilesListsThem() throws Exception {
		final Path data = digits(dir.resolve("data"), 5);
		try (Stream<Path> sevens = Files.list(data.resolve("7"))) {
			for (final Path p : sevens.collect(Collectors.toList())) Files.writeString(p, "x");
		}
		final Launcher r = run("Train CNN Classifier", "data='" + data + "',model='" + dir
			.resolve("m.zip") + "',max_epochs=1");
		// NB: 4 of the 5 are training images; the first class without one stops the run.
		assertFailure(r, 1, "Class '7' has no readable image: every one of its files was " +
			"skipped: Cannot read image " + data.resolve("7/digit_7_00"));
		final String line = r.errorLines().get(0);
		assertEquals(4, line.split("Cannot read image ").length - 1, line);
		assertTrue(line.endsWith("Replace or remove the file."), line);
	}

	@Test
	void stackTracesArePrintedOnlyWhenAskedFor() throws Exception {
		final String arguments = "data='/no/such/folder',model='" + dir.resolve("m.zip") + "'";
		final Launcher plain = run("Train CNN Classifier", arguments);
		assertFailure(plain, 1, "Image folder not found: /no/such/folder");
		final Launcher debug = Launcher.runWith("-Dcnnclassifier.debug=true", null,
			"--headless", "--run", "Train CNN Classifier", arguments);
		assertEquals(1, debug.exit, debug.toString());
		assertTrue(debug.err.contains("Image folder not found: /no/such/folder") && debug.err
			.contains("\tat io.github.cnnclassifier."), debug.toString());
	}

	@Test
	void aMacroWithASyntaxErrorPrintsImageJsErrorWithTheLine() throws Exception {
		// NB: an error at the end of the text (here an unclosed string) was kept silent.
		final Path macro = Files.writeString(dir.resolve("bad.ijm"), "print(\"start\");\n" +
			"print(\"unclosed);\n", StandardCharsets.UTF_8);
		final Launcher r = Launcher.run("-batch", macro.toString());
		assertEquals(1, r.exit, r.toString());
		assertTrue(r.err.contains("Macro Error: ')' expected in line "), r.toString());
		assertFalse(r.err.contains("\tat ") || r.err.contains("Exception") || r.err.contains(
			"Macro canceled"), r.toString());
	}

	static Launcher run(final String label, final String arguments)
		throws IOException, InterruptedException
	{
		return Launcher.run("--headless", "--run", label, arguments);
	}

	/** Exit status, exactly one error line containing {@code message}, no stack trace. */
	static void assertFailure(final Launcher r, final int exit, final String message) {
		assertEquals(exit, r.exit, r.toString());
		final List<String> errors = r.errorLines();
		assertEquals(1, errors.size(), r.toString());
		assertTrue(errors.get(0).contains(message), r.toString());
		assertFalse(r.err.contains("\tat ") || r.err.contains("Exception in thread"), r
			.toString());
	}

	/** {@code per} shipped digits of classes 1 and 7 in class folders below {@code root}. */
	static Path digits(final Path root, final int per) throws IOException {
		for (final String digit : new String[] { "1", "7" }) {
			Files.createDirectories(root.resolve(digit));
			try (Stream<Path> files = Files.list(TestModels.DIGITS.resolve(digit))) {
				for (final Path f : files.sorted().limit(per).collect(Collectors.toList())) {
					Files.copy(f, root.resolve(digit).resolve(f.getFileName()));
				}
			}
		}
		return root;
	}

	/** Every file below {@code root} by relative path, with the SHA-256 of its content. */
	static Map<String, String> snapshot(final Path root) throws IOException {
		final Map<String, String> files = new TreeMap<>();
		try (Stream<Path> walk = Files.walk(root)) {
			for (final Path p : walk.filter(Files::isRegularFile).collect(Collectors.toList())) {
				try {
					files.put(root.relativize(p).toString(), HexFormat.of().formatHex(MessageDigest
						.getInstance("SHA-256").digest(Files.readAllBytes(p))));
				}
				catch (final java.security.NoSuchAlgorithmException e) {
					throw new IllegalStateException(e);
				}
			}
		}
		return files;
	}
}
