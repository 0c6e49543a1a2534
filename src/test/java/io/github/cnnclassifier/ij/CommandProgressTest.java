package io.github.cnnclassifier.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class CommandProgressTest {

	@Test
	void headlessProgressIsOneLineAtMostEveryTenSeconds() {
		final List<String> lines = new ArrayList<>();
		final AtomicLong now = new AtomicLong(1_000_000);
		final CommandProgress p = new CommandProgress("Evaluating", lines::add, false, now::get);
		p.fraction(0.1);
		now.addAndGet(9_999);
		p.fraction(0.2);
		now.addAndGet(1);
		p.fraction(0.3);
		now.addAndGet(5_000);
		p.reading(7, 10);
		now.addAndGet(5_000);
		p.reading(8, 10);
		assertEquals(List.of("Evaluating: 30 %", "Evaluating: read 8 of 10 images"), lines);
	}

	@Test
	void headlessMessagesGoToTheConsoleAndOnlyAnInterruptStops() {
		final List<String> lines = new ArrayList<>();
		final CommandProgress p = new CommandProgress("Classifying", lines::add, false,
			System::currentTimeMillis);
		p.message("Skipped: x.png");
		assertEquals(List.of("Skipped: x.png"), lines);
		assertFalse(p.cancelRequested());
	}
}
