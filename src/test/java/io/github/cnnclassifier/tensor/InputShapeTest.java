package io.github.cnnclassifier.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InputShapeTest {

	@Test
	void sizeAndBytesOfOneSample() {
		final InputShape shape = new InputShape(28, 28, 3);
		assertEquals(2352, shape.size());
		assertEquals(9408, shape.bytes());
	}

	@Test
	void aShapeLargerThanOneArrayIsRefusedInsteadOfOverflowing() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new InputShape(50000, 50000, 3));
		assertTrue(e.getMessage().startsWith("Input size 50000x50000x3 has 7500000000 values " +
			"per image, more than one Java array holds"), e.getMessage());
	}
}
