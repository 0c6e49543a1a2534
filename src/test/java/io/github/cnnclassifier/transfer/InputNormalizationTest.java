package io.github.cnnclassifier.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.DatasetReader;
import io.github.cnnclassifier.data.ImageDataset;
import io.github.cnnclassifier.data.LabelledFolder;
import io.github.cnnclassifier.model.Normalization;
import io.github.cnnclassifier.tensor.InputShape;
import io.github.cnnclassifier.train.TrainingException;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The normalization option: the base's own, the images', or numbers. */
class InputNormalizationTest {

	private static final InputShape RGB = new InputShape(28, 28, 3);

	/** The shipped cells as RGB (grey replicated). */
	private static ImageDataset cells() {
		return new DatasetReader(RGB, List.of("elongated", "round"), BadFiles.STOP).read(
			LabelledFolder.scan(TestModels.CELLS).images().subList(0, 10), done -> {});
	}

	@Test
	void baseTakesTheBasesOwnElseTheImages() {
		final ImageDataset cells = cells();
		final Normalization own = new Normalization(3, 4);
		assertSame(own, InputNormalization.resolve("base", own, cells, RGB));
		final Normalization data = InputNormalization.resolve("base", null, cells, RGB);
		assertEquals(Normalization.ofSums(cells.valueSums()).mean(), data.mean());
		assertTrue(data.mean() > 200, "16-bit counts: " + data);
		assertEquals(data.mean(), InputNormalization.resolve("data", own, cells, RGB).mean());
	}

	@Test
	void autoKeepsTheBasesOwnUnlessTheImagesAreAnotherBitDepth() {
		final ImageDataset cells = cells();
		final Normalization eightBit = new Normalization(43.55, 79.56);
		final Normalization sixteen = InputNormalization.resolve("auto", eightBit, cells, RGB);
		assertEquals(Normalization.ofSums(cells.valueSums()).mean(), sixteen.mean());
		assertSame(eightBit, InputNormalization.resolve("base", eightBit, cells, RGB));
		final Normalization near = Normalization.ofSums(cells.valueSums());
		assertSame(near, InputNormalization.resolve("auto", near, cells, RGB));
		assertTrue(InputNormalization.far(eightBit, cells));
	}

	@Test
	void numbersGiveOneOrOnePerChannel() {
		final Normalization scale = InputNormalization.resolve("0/255", null, cells(), RGB);
		assertEquals(Normalization.ZSCORE, scale.method());
		assertEquals(255, scale.std());
		final Normalization imagenet = InputNormalization.resolve("123.68,116.78,103.94/1", null,
			cells(), RGB);
		assertArrayEquals(new double[] { 123.68, 116.78, 103.94 }, imagenet.channelMean());
		assertArrayEquals(new double[] { 1, 1, 1 }, imagenet.channelStd());
		final TrainingException e = assertThrows(TrainingException.class, () -> InputNormalization
			.resolve("1,2/3", null, cells(), RGB));
		assertTrue(e.getMessage().contains("gives 2 values, but the network takes 3 channels"), e
			.getMessage());
	}

	@Test
	void anythingElseIsRefusedWithWhatIsAccepted() {
		for (final String bad : new String[] { "imagenet", "0/0", "1/2/3", "a/1", "NaN/1" }) {
			final TrainingException e = assertThrows(TrainingException.class, () -> TransferOptions
				.of("vgg16").normalizing(bad));
			assertTrue(e.getMessage().startsWith("normalization must be auto, base, data, or MEAN/STD") &&
				e.getMessage().endsWith("got '" + bad.toLowerCase(java.util.Locale.ROOT) + "'."), e
					.getMessage());
		}
	}
}
