package io.github.cnnclassifier.train;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.EpochRecord;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/**
 * Validation accuracy of the lecture CNN after the default 4 epochs on the
 * shipped folders, by mini-batch size and seed: the measurement behind
 * mini_batch_size=0 (automatic). Run with -Dtest=MiniBatchDefaultBenchmark.
 */
class MiniBatchDefaultBenchmark {

	public static void main(final String[] args) {
		if (args.length == 0) new MiniBatchDefaultBenchmark().accuracyByMiniBatchSize();
		else run(Path.of(args[0]), Integer.parseInt(args[1]), java.util.Arrays.stream(args, 2,
			args.length).mapToInt(Integer::parseInt).toArray());
	}

	@Test
	void accuracyByMiniBatchSize() {
		for (final Path data : List.of(TestModels.CELLS, TestModels.DIGITS)) {
			run(data, 4, new int[] { 0, 8, 16, 32, 64, 128 });
		}
	}

	/** One line per mini-batch size (0: automatic): the validation accuracy per seed and their mean. */
	private static void run(final Path data, final int epochs, final int[] batches) {
		{
			for (final int batch : batches) {
				final StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
					"%-7s %d epochs, batch %4s:", data.getFileName(), epochs, batch == 0 ? "auto" : batch));
				double sum = 0;
				final int seeds = 5;
				for (int seed = 1; seed <= seeds; seed++) {
					final TrainingOptions options = TrainingOptions.builder().miniBatchSize(batch)
						.maxEpochs(epochs).seed(seed).build();
					final List<EpochRecord> h = new FolderTrainer(options, TrainingMonitor.SILENT)
						.train(data, null, null).metadata().history();
					final double acc = h.get(h.size() - 1).validationAccuracy();
					sum += acc;
					line.append(String.format(Locale.ROOT, " %5.1f", 100 * acc));
				}
				System.out.println(line.append(String.format(Locale.ROOT, "   mean %5.1f %%", 100 *
					sum / seeds)));
			}
		}
	}
}
