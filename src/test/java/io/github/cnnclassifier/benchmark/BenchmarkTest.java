package io.github.cnnclassifier.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BenchmarkTest {

	@Test
	void runsLikeThePeerAndPrintsItsLine() {
		final List<String> log = new ArrayList<>();
		final Benchmark.Result r = Benchmark.run(TestModels.DIGITS, "lecture-cnn", 2, 32, 0.01, 42,
			log::add);
		assertEquals(1200, r.images());
		assertTrue(r.trainImagesPerSecond() > 0 && r.inferImagesPerSecond() > 0);
		assertTrue(r.validationAccuracy() > 0.8, "val_acc " + r.validationAccuracy());
		assertTrue(r.line().matches("engine=\\S+ threads=\\d+ images=1200 " +
			"train_img_per_s=[0-9.]+ infer_img_per_s=[0-9.]+ val_acc=0\\.\\d{4} " +
			"peak_rss_mb=\\d+ train_gflops=[0-9.]+ infer_gflops=[0-9.]+"), r.line());
		assertTrue(log.get(0).startsWith("Read 900 training and 300 validation images"), log
			.toString());
		assertTrue(log.stream().anyMatch(l -> l.startsWith("epoch 2/2")), log.toString());
	}
}
