package io.github.cnnclassifier.benchmark;

import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.DataSplit;
import io.github.cnnclassifier.data.DatasetReader;
import io.github.cnnclassifier.data.ImageDataset;
import io.github.cnnclassifier.data.ImageFiles;
import io.github.cnnclassifier.data.LabelledFolder;
import io.github.cnnclassifier.engine.Runner;
import io.github.cnnclassifier.engine.Runners;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.Nd4jBackend;
import io.github.cnnclassifier.model.Networks;
import io.github.cnnclassifier.model.Normalization;
import io.github.cnnclassifier.tensor.InputShape;
import io.github.cnnclassifier.train.Trainer;
import io.github.cnnclassifier.train.TrainingMonitor;
import io.github.cnnclassifier.train.TrainingOptions;
import io.github.cnnclassifier.train.TrainingProgress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Trains and applies a network on a labelled folder as the PyTorch peer
 * benchmark ({@code bench/peer_pytorch.py}) does, and times it: 75/25 split
 * per label, SGD with momentum 0.9, no L2, every epoch, inference in batches
 * of 256 after one untimed batch. Training is {@link Trainer}'s (so, as MATLAB, a last incomplete
 * mini-batch waits for the next epoch); reading the images is outside the
 * timed regions, as in the peer, and the engine's JIT warm-up runs while
 * they are read.
 */
public final class Benchmark {

	/** Inference batch size of the peer. */
	private static final int INFER_BATCH = 256;

	private Benchmark() {}

	/** What one run measured; GFLOP/s count the convolutions' and fully connected layers' multiply-adds. */
	public record Result(String engine, int threads, int images, double trainImagesPerSecond,
		double inferImagesPerSecond, double validationAccuracy, long peakRssMb,
		double trainGflops, double inferGflops)
	{

		/** The closing line, in the peer's format. */
		public String line() {
			return String.format(Locale.ROOT,
				"engine=%s threads=%d images=%d train_img_per_s=%.1f infer_img_per_s=%.1f " +
					"val_acc=%.4f peak_rss_mb=%d train_gflops=%.1f infer_gflops=%.1f", engine, threads,
				images, trainImagesPerSecond, inferImagesPerSecond, validationAccuracy, peakRssMb,
				trainGflops, inferGflops);
		}
	}

	/**
	 * Runs the benchmark on {@code data} with the network {@code layers} (a
	 * preset name or a layer spec).
	 *
	 * @param log receives progress lines (reading, each epoch)
	 */
	public static Result run(final Path data, final String layers, final int epochs,
		final int batch, final double learnRate, final long seed, final Consumer<String> log)
	{
		final TrainingOptions options = TrainingOptions.builder().layers(layers).maxEpochs(epochs)
			.miniBatchSize(batch).initialLearnRate(learnRate).momentum(0.9).l2Regularization(0)
			.seed(seed).validationFrequency(Integer.MAX_VALUE).build();
		Nd4jBackend.load();
		Runners.warmUp();
		final LabelledFolder folder = LabelledFolder.scan(data);
		final DataSplit split = DataSplit.splitEachLabel(folder.images(), 0.75, seed);
		final InputShape shape = DatasetReader.shapeOf(ImageFiles.open(folder.images().get(0)
			.file()));
		final DatasetReader reader = new DatasetReader(shape, folder.labels(), BadFiles.STOP);
		final ImageDataset train = reader.read(split.training(), done -> {});
		final ImageDataset val = reader.read(split.validation(), done -> {});
		log.accept("Read " + train.count() + " training and " + val.count() +
			" validation images of " + shape);
		// NB: the JIT warm-up ran while the images loaded; it must not run into the timed region.
		Runners.awaitWarmUp(60_000);
		final int perEpoch = Math.max(1, train.count() / Math.min(batch, train.count()));
		final ModelBundle model = new Trainer(options, new TrainingMonitor() {

			@Override
			public void message(final String text) {
				log.accept(text);
			}

			@Override
			public void iteration(final TrainingProgress p) {
				if (p.iteration() % perEpoch == 0) {
					log.accept(String.format(Locale.ROOT, "epoch %d/%d: %.1f img/s so far", p.epoch(),
						epochs, (double) p.iteration() * Math.min(batch, train.count()) / p
							.elapsedSeconds()));
				}
			}
		}).train(train, null);
		final double trainSeconds = model.metadata().history().get(model.metadata().history()
			.size() - 1).seconds();
		final long seen = (long) perEpoch * Math.min(batch, train.count()) * epochs;
		final Normalization norm = model.normalization();
		try (Runner runner = Runners.of(model, shape)) {
			final int size = shape.size(), classes = folder.labels().size();
			final float[] xv = new float[INFER_BATCH * size];
			// NB: one untimed batch, as the peer does: the first call builds the plan.
			final int first = Math.min(INFER_BATCH, val.count());
			for (int i = 0; i < first; i++) val.fill(i, xv, i * size);
			norm.apply(xv, 0, first * size);
			runner.output(xv, first);
			int correct = 0;
			final long t0 = System.nanoTime();
			for (int from = 0; from < val.count(); from += INFER_BATCH) {
				final int b = Math.min(INFER_BATCH, val.count() - from);
				for (int i = 0; i < b; i++) val.fill(from + i, xv, i * size);
				norm.apply(xv, 0, b * size);
				final float[] p = runner.output(xv, b);
				for (int i = 0; i < b; i++) {
					if (Runner.argmax(p, i * classes, classes) == val.label(from + i)) correct++;
				}
			}
			final double inferSeconds = (System.nanoTime() - t0) / 1e9;
			final double trainRate = seen / trainSeconds, inferRate = val.count() / inferSeconds;
			final double flops = Networks.forwardFlops(model.configuration(), shape);
			return new Result(runner.id(), Runners.threads(), folder.images().size(), trainRate,
				inferRate, (double) correct / Math.max(1, val.count()), peakRssMb(), 3 * flops *
					trainRate / 1e9, flops * inferRate / 1e9);
		}
	}

	/** Peak resident memory of this process (Linux VmHWM), or -1 where unknown. */
	static long peakRssMb() {
		try {
			for (final String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
				if (line.startsWith("VmHWM:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
				}
			}
		}
		catch (final IOException | RuntimeException e) {
			// NB: not Linux; the line says -1.
		}
		return -1;
	}
}
