package io.github.cnnclassifier.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.tensor.InputShape;

import org.junit.jupiter.api.Test;

class MemoryTest {

	@Test
	void whatTheHeapCanGiveIsAllowed() {
		Memory.require(1 << 20, "One megabyte", "Nothing to do.");
		Memory.requireBatches(128, 2, new InputShape(28, 28, 1));
	}

	@Test
	void moreThanTheHeapIsRefusedNamingWhatAndWhatToDo() {
		final long max = Runtime.getRuntime().maxMemory();
		final DataException e = assertThrows(DataException.class, () -> Memory.require(2 * max,
			"Image /data/huge.tif (40000x40000 pixels)", "Make the image smaller."));
		assertTrue(e.getMessage().startsWith("Image /data/huge.tif (40000x40000 pixels) needs " +
			Memory.format(2 * max) + " of memory; the Java heap has "), e.getMessage());
		assertTrue(e.getMessage().contains("Make the image smaller.") && e.getMessage()
			.contains("-Xmx"), e.getMessage());
	}

	@Test
	void aHugeMiniBatchIsRefusedNamingTheOption() {
		final DataException e = assertThrows(DataException.class, () -> Memory.requireBatches(
			1_000_000_000, 3, new InputShape(28, 28, 1)));
		assertTrue(e.getMessage().startsWith("mini_batch_size=1000000000 (images of 28x28x1) " +
			"makes a mini-batch of 784000000000 values, more than one Java array holds"), e
				.getMessage());
		final long max = Runtime.getRuntime().maxMemory();
		final int batch = (int) Math.min(Integer.MAX_VALUE / 784, max / (3 * 784 * 4) + 1);
		final DataException tooMuch = assertThrows(DataException.class, () -> Memory
			.requireBatches(batch, 3, new InputShape(28, 28, 1)));
		assertTrue(tooMuch.getMessage().startsWith("mini_batch_size=" + batch), tooMuch
			.getMessage());
	}

	@Test
	void bytesAreWrittenAsPeopleReadThem() {
		assertEquals("812 bytes", Memory.format(812));
		assertEquals("1.6 GB", Memory.format(1_600_000_000L));
		assertEquals("14 GB", Memory.format(14_400_000_000L));
		assertEquals("9.4 TB", Memory.format(9_408_000_000_000L));
	}
}
