package io.github.cnnclassifier.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.data.DataException;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Parts of a folder for a job array: each file in exactly one part, the parts about equal. */
class ShardTest {

	@Test
	void parsesIOfN() {
		assertEquals(new Shard(3, 8), Shard.of("3/8"));
		assertEquals(new Shard(3, 8), Shard.of(" 3 / 8 "));
		assertEquals(Shard.ALL, Shard.of(""));
		assertEquals(Shard.ALL, Shard.of(null));
		assertEquals("3/8", Shard.of("3/8").toString());
		for (final String bad : List.of("3", "3/", "/8", "0/8", "9/8", "-1/8", "3/8/1",
			"three/8", "3/0"))
		{
			final DataException e = assertThrows(DataException.class, () -> Shard.of(bad), bad);
			assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains(
				"'i/n'"), e.getMessage());
		}
	}

	@Test
	void everyFileIsInExactlyOnePartAndThePartsAreAboutEqual() {
		final List<String> files = new ArrayList<>();
		for (int plate = 1; plate <= 20; plate++) {
			for (int well = 1; well <= 96; well++) {
				files.add(String.format("plate %02d/well_%03d.tif", plate, well));
			}
		}
		final int n = 8;
		final int[] sizes = new int[n];
		for (final String f : files) {
			int in = 0;
			for (int i = 1; i <= n; i++) {
				if (new Shard(i, n).contains(f)) {
					in++;
					sizes[i - 1]++;
				}
			}
			assertEquals(1, in, f);
			assertTrue(Shard.ALL.contains(f));
		}
		for (final int size : sizes) {
			// NB: 240 expected; a binomial spread of 15, so 4 sigma either side.
			assertTrue(Math.abs(size - 240) < 60, java.util.Arrays.toString(sizes));
		}
	}

	@Test
	void aFileStaysInItsPartWhateverElseIsInTheFolder() {
		final Shard third = new Shard(3, 8);
		final boolean before = third.contains("a/b.png");
		for (int i = 0; i < 100; i++) third.contains("other" + i + ".png");
		assertEquals(before, third.contains("a/b.png"));
		assertEquals(before, new Shard(3, 8).contains("a/b.png"));
	}
}
