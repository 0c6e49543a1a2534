package io.github.cnnclassifier.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class InputFitTest {

	private static final InputShape GREY_28 = new InputShape(28, 28, 1);

	@Test
	void aColourPlotFarFromAGreyModelsInputIsOneWarningLine() {
		final String w = InputFit.warning("Plot", 343, 396, true, GREY_28).orElseThrow();
		assertEquals("Image \"Plot\" (343x396, RGB) does not look like the model's input " +
			"(28x28, grey): it is far from that size (more than twice or less than half its " +
			"height or width) and is resized to it, and its colours become grey (luminance); its " +
			"class may mean little.", w);
	}

	@Test
	void sizesWithinTwiceOrHalfTheInputAreNotWarnedAbout() {
		assertEquals(Optional.empty(), InputFit.warning("a", 28, 28, false, GREY_28));
		assertEquals(Optional.empty(), InputFit.warning("a", 56, 14, false, GREY_28));
		assertTrue(InputFit.warning("a", 57, 28, false, GREY_28).isPresent());
		assertTrue(InputFit.warning("a", 28, 13, false, GREY_28).isPresent());
		assertEquals(Optional.empty(), InputFit.warning("rgb", 28, 28, true, new InputShape(28,
			28, 3)), "colour into a colour model");
	}

	@Test
	void aPictureMadeByThePluginIsRefusedInOneLine() {
		InputFit.requireNotPicture("plain", null);
		InputFit.requireNotPicture("plain", "");
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> InputFit.requireNotPicture("conv_1 filters montage",
				"the filter montage of conv_1"));
		assertTrue(e.getMessage().startsWith("Image \"conv_1 filters montage\" is a picture " +
			"made by CNN Classifier (the filter montage of conv_1), not an image to classify"), e
				.getMessage());
		assertTrue(!e.getMessage().contains("\n"));
	}
}
