package io.github.cnnclassifier.benchmark;

import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.DataSplit;
import io.github.cnnclassifier.data.DatasetReader;
import io.github.cnnclassifier.data.ImageDataset;
import io.github.cnnclassifier.data.ImageFiles;
import io.github.cnnclassifier.data.LabelledFolder;
import io.github.cnnclassifier.engine.Runner;
import io.github.cnnclassifier.engine.Runners;
import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.Nd4jBackend;
import io.github.cnnclassifier.model.Normalization;
import io.github.cnnclassifier.model.SgdMomentum;
import io.github.cnnclassifier.tensor.InputShape;
import io.github.cnnclassifier.train.Shuffle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Trains and applies the lecture CNN on a labelled folder exactly as
 * {@code ../shared/bench/peer_pytorch.py} does, and times it: 75/25 split per
 * label, SGD with momentum 0.9, no L2, every mini-batch of every epoch
 * (the last one may be smaller), inference in batches of 256. Reading the
 * images is outside the timed regions, as in the peer; the engine's JIT
 * warm-up runs while they are read.
 */
public final class Benchmark {

	/** Inference batch size of the peer. */
	private static final int INFER_BATCH = 256;

	private Benchmark() {}

	/** What one run measured. */
	public static final class Result {

		public final String engine;
		public final int threads, images;
		public final double trainImagesPerSecond, inferImagesPerSecond, validationAccuracy;
		public final long peakRssMb;

		Result(final String engine, final int threads, final int images, final double train,
			final double infer, final double accuracy, final long peakRssMb)
		{
			this.engine = engine;
			this.threads = threads;
			this.images = images;
			this.trainImagesPerSecond = train;
			this.inferImagesPerSecond = infer;
			this.validationAccuracy = accuracy;
			this.peakRssMb = peakRssMb;
		}

		/** The closing line, in the peer's format. */
		public String line() {
			return String.format(Locale.ROOT,
				"engine=%s threads=%d images=%d train_img_per_s=%.1f infer_img_per_s=%.1f " +
					"val_acc=%.4f peak_rss_mb=%d", engine, threads, images, trainImagesPerSecond,
				inferImagesPerSecond, validationAccuracy, peakRssMb);
		}
	}

	/**
	 * Runs the benchmark on {@code data}.
	 *
	 * @param log receives progress lines (reading, each epoch)
	 */
	public static Result run(final Path data, final int epochs, final int batch,
		final double learnRate, final long seed, final Consumer<String> log)
	{
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
		final Normalization norm = Normalization.ofSums(train.valueSums());
		// NB: the JIT warm-up ran while the images loaded; it must not run into the timed region.
		Runners.awaitWarmUp(60_000);
		final MultiLayerNetwork net = new MultiLayerNetwork(Architectures.build(
			Architectures.LECTURE_CNN, shape, folder.labels().size(), new SgdMomentum(learnRate,
				0.9), 0, seed));
		net.init();
		try (Runner runner = Runners.training(net, shape, "sgdm", learnRate, 0.9, 0)) {
			log.accept("Computing with " + runner.description());
			final int n = train.count(), size = shape.size();
			final float[] x = new float[batch * size];
			final int[] labels = new int[batch];
			final int[] order = new int[n];
			final Random random = new Random(seed);
			long seen = 0;
			double seconds = 0;
			for (int epoch = 1; epoch <= epochs; epoch++) {
				for (int i = 0; i < n; i++) order[i] = i;
				Shuffle.permute(order, random);
				final long t0 = System.nanoTime();
				for (int from = 0; from < n; from += batch) {
					final int b = Math.min(batch, n - from);
					for (int i = 0; i < b; i++) {
						train.fill(order[from + i], x, i * size);
						labels[i] = train.label(order[from + i]);
					}
					norm.apply(x, 0, b * size);
					runner.fit(x, labels, b, false);
					seen += b;
				}
				seconds += (System.nanoTime() - t0) / 1e9;
				log.accept(String.format(Locale.ROOT, "epoch %d/%d: %.1f img/s so far", epoch,
					epochs, seen / seconds));
			}
			final float[] xv = new float[INFER_BATCH * size];
			final int classes = folder.labels().size();
			int correct = 0;
			final long t0 = System.nanoTime();
			for (int from = 0; from < val.count(); from += INFER_BATCH) {
				final int b = Math.min(INFER_BATCH, val.count() - from);
				for (int i = 0; i < b; i++) val.fill(from + i, xv, i * size);
				norm.apply(xv, 0, b * size);
				final float[] p = runner.output(xv, b);
				for (int i = 0; i < b; i++) {
					int best = 0;
					for (int k = 1; k < classes; k++) {
						if (p[i * classes + k] > p[i * classes + best]) best = k;
					}
					if (best == val.label(from + i)) correct++;
				}
			}
			final double inferSeconds = (System.nanoTime() - t0) / 1e9;
			return new Result(runner.id(), Runners.threads(), folder.images().size(), seen /
				seconds, val.count() / inferSeconds, (double) correct / Math.max(1, val.count()),
				peakRssMb());
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
