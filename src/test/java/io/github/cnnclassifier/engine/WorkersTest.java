package io.github.cnnclassifier.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WorkersTest {

	/** A run right after construction, before a helper thread is even scheduled, completes. */
	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void everyThreadRunsOncePerRunFromTheFirstRunOn() {
		for (int i = 0; i < 200; i++) {
			try (Workers workers = new Workers(3)) {
				for (int r = 0; r < 5; r++) {
					final AtomicInteger sum = new AtomicInteger();
					final AtomicInteger calls = new AtomicInteger();
					workers.run(t -> {
						sum.addAndGet(t);
						calls.incrementAndGet();
					});
					assertEquals(3, calls.get());
					assertEquals(0 + 1 + 2, sum.get());
				}
			}
		}
	}

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void aHelperFailureReachesTheCaller() {
		try (Workers workers = new Workers(2)) {
			final IllegalStateException e = assertThrows(IllegalStateException.class, () -> workers
				.run(t -> {
					if (t == 1) throw new IllegalStateException("helper failed");
				}));
			assertEquals("helper failed", e.getMessage());
			final AtomicInteger calls = new AtomicInteger();
			workers.run(t -> calls.incrementAndGet());
			assertEquals(2, calls.get(), "still usable");
		}
	}

	@Test
	void fewerItemsThanThreadsRunOnTheCallingThread() {
		try (Workers workers = new Workers(2)) {
			final java.util.List<Thread> ran = new java.util.ArrayList<>();
			final int[] items = new int[1];
			workers.run(1, t -> {
				ran.add(Thread.currentThread());
				for (int i = workers.from(t, 1); i < workers.to(t, 1); i++) items[i]++;
			});
			org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(Thread.currentThread(),
				Thread.currentThread()), ran);
			org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] { 1 }, items);
		}
	}

	@Test
	void theShareOfEachThreadCoversEveryItemOnce() {
		try (Workers workers = new Workers(3)) {
			int covered = 0;
			for (int t = 0; t < 3; t++) {
				assertEquals(covered, workers.from(t, 10));
				covered = workers.to(t, 10);
			}
			assertEquals(10, covered);
		}
	}
}
