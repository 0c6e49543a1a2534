package io.github.cnnclassifier.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ImageProcessor;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.ImageFiles;
import io.github.cnnclassifier.data.ImageHash;
import io.github.cnnclassifier.data.LabelledFolder;
import io.github.cnnclassifier.data.LabelledImage;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.TrainingHashes;
import io.github.cnnclassifier.predict.Classifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evaluate CNN's overlap with the training images, from the hashes made while reading. */
class TrainingOverlapTest {

	@TempDir
	Path tmp;

	/**
	 * Exact copies (the same file, the same pixels as TIFF), near copies (a
	 * brighter one, and a 32-bit one with a NaN that the reader skips), an
	 * unreadable file and unrelated digits: the overlap is what hashing every
	 * file on its own finds, and the warning names the same three files.
	 */
	@Test
	void plantedExactAndNearCopiesGiveTheOverlapOfHashingEveryFileOnItsOwn()
		throws IOException
	{
		final List<Path> trained = digits("3").subList(0, 5);
		final ModelBundle digits = TestModels.digits();
		final ModelBundle model = new ModelBundle(digits.network(), digits.metadata()
			.trainingHashes(TrainingHashes.of(trained.stream().map(f -> ImageHash.of(ImageFiles
				.open(f))).toList())));
		final Path data = tmp.resolve("data");
		final Path three = Files.createDirectories(data.resolve("3"));
		Files.copy(trained.get(0), three.resolve("a.png"));
		assertTrue(new FileSaver(IJ.openImage(trained.get(1).toString())).saveAsTiff(three
			.resolve("b.tif").toString()));
		final ImagePlus brighter = IJ.openImage(trained.get(2).toString());
		brighter.getProcessor().add(12);
		assertTrue(new FileSaver(brighter).saveAsPng(three.resolve("c.png").toString()));
		final ImageProcessor nan = IJ.openImage(trained.get(3).toString()).getProcessor()
			.convertToFloat();
		nan.putPixelValue(0, 0, Float.NaN);
		assertTrue(new FileSaver(new ImagePlus("nan", nan)).saveAsTiff(three.resolve("d.tif")
			.toString()));
		Files.writeString(three.resolve("e.png"), "not an image");
		final Path seven = Files.createDirectories(data.resolve("7"));
		for (final Path f : digits("7").subList(0, 4)) Files.copy(f, seven.resolve(f
			.getFileName()));

		final Evaluation e;
		try (Classifier c = new Classifier(model)) {
			e = Evaluation.of(c, data, BadFiles.SKIP, 64, done -> {});
		}
		assertEquals(2, e.skipped().size(), "d.tif (NaN) and e.png: " + e.skipped());
		assertEquals(hashingEveryFileOnItsOwn(model.metadata().trainingHashes(), data), e
			.overlap());
		assertEquals(2, e.overlap().exact(), "a.png, b.tif");
		assertEquals(2, e.overlap().near(), "c.png, d.tif");
		assertEquals(List.of("3/a.png", "3/b.tif", "3/c.png"), e.overlap().files().stream().limit(
			3).map(f -> Evaluation.relative(data, f)).toList(), "the files the warning names");
	}

	/** The overlap as Evaluate CNN found it before it hashed while reading: every file decoded again. */
	private static TrainingOverlap hashingEveryFileOnItsOwn(final TrainingHashes training,
		final Path data)
	{
		int exact = 0, near = 0;
		final List<Path> files = new ArrayList<>();
		for (final LabelledImage image : LabelledFolder.scan(data).images()) {
			final TrainingHashes.Match m;
			try {
				m = training.match(ImageHash.of(ImageFiles.open(image.file())));
			}
			catch (final RuntimeException e) {
				continue;
			}
			if (m == null) continue;
			if (m == TrainingHashes.Match.EXACT) exact++;
			else near++;
			files.add(image.file());
		}
		return new TrainingOverlap(exact, near, files);
	}

	private static List<Path> digits(final String label) throws IOException {
		try (Stream<Path> s = Files.list(TestModels.DIGITS.resolve(label))) {
			return s.sorted().toList();
		}
	}
}
