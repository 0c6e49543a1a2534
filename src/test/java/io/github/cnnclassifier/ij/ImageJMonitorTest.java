package io.github.cnnclassifier.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.train.TrainingProgress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageJMonitorTest {

	@TempDir
	Path tmp;

	private static TrainingProgress at(final int epoch, final int iteration) {
		return new TrainingProgress(epoch, 4, iteration, 40, 0.5, 0.8, Double.NaN, Double.NaN,
			iteration * 0.1);
	}

	@Test
	void aStoppedTrainingsPlotSaysWhereTheUserStoppedIt() {
		final List<String> console = new ArrayList<>();
		final ImageJMonitor monitor = new ImageJMonitor(console::add, "digits.zip");
		monitor.iteration(at(1, 1));
		assertFalse(monitor.cancelRequested());
		monitor.iteration(at(2, 12));
		Thread.currentThread().interrupt();
		try {
			assertTrue(monitor.cancelRequested());
		}
		finally {
			Thread.interrupted();
		}
		final Path png = tmp.resolve("digits-progress.png");
		monitor.saveProgress(png);
		assertEquals("Training progress: digits.zip \u2014 stopped by the user at epoch 2, " +
			"iteration 12", monitor.plot().heading());
		assertTrue(Files.isRegularFile(png));
	}

	@Test
	void aCompletedTrainingsPlotSaysNothingMore() {
		final ImageJMonitor monitor = new ImageJMonitor(s -> {}, "digits.zip");
		monitor.iteration(at(4, 40));
		assertFalse(monitor.cancelRequested());
		monitor.saveProgress(tmp.resolve("p.png"));
		assertEquals("Training progress: digits.zip", monitor.plot().heading());
	}
}
