package io.github.cnnclassifier.transfer;

import io.github.cnnclassifier.data.Augmentation;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.DatasetReader;
import io.github.cnnclassifier.data.ImageDataset;
import io.github.cnnclassifier.data.LabelledFolder;
import io.github.cnnclassifier.data.LabelledImage;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.predict.Prediction;
import io.github.cnnclassifier.train.FolderTrainer;
import io.github.cnnclassifier.train.TrainingMonitor;
import io.github.cnnclassifier.train.TrainingOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Transfer learning against training from scratch on a handful of images:
 * the lecture CNN is trained on the digits 0-4 (the base), then the digits
 * 5-9 are learnt from {@code perClass} images each, once by transferring the
 * base (new head, everything else frozen) and once by training the same
 * network from scratch, with and without augmentation, for each seed (which
 * picks the images and seeds training); both are tested on the same held-out
 * half of the 5-9 images. Run: {@code java -cp ...
 * io.github.cnnclassifier.transfer.SmallDataBenchmark DIGITS_FOLDER [PER_CLASS] [SEEDS]}.
 */
public final class SmallDataBenchmark {

	/** One run's test accuracies and the transfer's training time. */
	record Run(long seed, boolean augmented, double transferred, double scratch,
		double transferSeconds, double scratchSeconds)
	{}

	private final Path digits;
	private final Path work;
	private final int perClass;
	private final TrainingOptions base;
	private final TrainingOptions transfer;
	private final TrainingOptions scratch;
	private final Consumer<String> log;

	/**
	 * @param digits a labelled folder with the classes 0 to 9
	 * @param base how the base network is trained on 0-4
	 * @param transfer how the transfer trains on 5-9
	 * @param scratch how the network from scratch trains on 5-9
	 */
	SmallDataBenchmark(final Path digits, final Path work, final int perClass,
		final TrainingOptions base, final TrainingOptions transfer, final TrainingOptions scratch,
		final Consumer<String> log)
	{
		this.digits = digits;
		this.work = work;
		this.perClass = perClass;
		this.base = base;
		this.transfer = transfer;
		this.scratch = scratch;
		this.log = log;
	}

	/** The augmentation runs use: rotation up to 15 degrees, shifts up to 2 pixels, scale 0.9-1.1. */
	static final Augmentation AUGMENTATION = Augmentation.of("15", false, false, "2", "0.9,1.1");

	/** Every seed, without and with augmentation. */
	List<Run> run(final long... seeds) {
		final LabelledFolder all = LabelledFolder.scan(digits);
		final Path baseFolder = copy(all, List.of("0", "1", "2", "3", "4"), -1, Integer.MAX_VALUE,
			work.resolve("base"), 0);
		final Path test = copy(all, List.of("5", "6", "7", "8", "9"), 1, Integer.MAX_VALUE, work
			.resolve("test"), 0);
		final Path baseModel = work.resolve("base.zip");
		final long t0 = System.nanoTime();
		final ModelBundle b = new FolderTrainer(base, monitor()).train(baseFolder, null, baseModel);
		log.accept(String.format(Locale.ROOT, "base: lecture CNN on 0-4, %d images, %.1f s, " +
			"validation accuracy %.4f", b.metadata().data().trainingImages(), seconds(t0), b
				.metadata().history().get(b.metadata().history().size() - 1).validationAccuracy()));
		final List<Run> runs = new ArrayList<>();
		for (final boolean augmented : new boolean[] { false, true }) {
			for (final long seed : seeds) {
				final Path few = work.resolve("few-" + seed);
				if (!Files.isDirectory(few)) copy(all, List.of("5", "6", "7", "8", "9"), 0, perClass,
					few, seed);
				final Augmentation a = augmented ? AUGMENTATION : Augmentation.NONE;
				long t = System.nanoTime();
				final ModelBundle transferred = new TransferTrainer(transfer.toBuilder().seed(seed)
					.augmentation(a).build(), TransferOptions.of(baseModel.toString()).freezing("").pace(1,
						0), monitor())
						.train(few, null, null);
				final double transferSeconds = seconds(t);
				t = System.nanoTime();
				final ModelBundle fromScratch = new FolderTrainer(scratch.toBuilder().seed(seed)
					.augmentation(a).build(), TrainingMonitor.SILENT).train(few, null, null);
				final Run r = new Run(seed, augmented, accuracy(transferred, test), accuracy(
					fromScratch, test), transferSeconds, seconds(t));
				log.accept(String.format(Locale.ROOT, "seed %d, augmentation %s: transferred %.4f " +
					"(%.2f s), from scratch %.4f (%.2f s)", seed, augmented ? "on" : "off", r
						.transferred(), r.transferSeconds(), r.scratch(), r.scratchSeconds()));
				runs.add(r);
			}
		}
		return runs;
	}

	/** Silent, or with -Dverbose=true the transfer's messages on standard output. */
	private static TrainingMonitor monitor() {
		return !Boolean.getBoolean("verbose") ? TrainingMonitor.SILENT : new TrainingMonitor() {

			@Override
			public void message(final String text) {
				System.out.println("  " + text);
			}
		};
	}

	/** Mean transferred and from-scratch accuracy of the runs with or without augmentation. */
	static double[] means(final List<Run> runs, final boolean augmented) {
		final double[] m = new double[2];
		int n = 0;
		for (final Run r : runs) {
			if (r.augmented() != augmented) continue;
			m[0] += r.transferred();
			m[1] += r.scratch();
			n++;
		}
		m[0] /= n;
		m[1] /= n;
		return m;
	}

	/** The fraction of the images of {@code test} that {@code model} classifies right. */
	static double accuracy(final ModelBundle model, final Path test) {
		final LabelledFolder folder = LabelledFolder.scan(test);
		final ImageDataset data = new DatasetReader(model.inputShape(), model.labels(),
			BadFiles.STOP).read(folder.images(), done -> {});
		try (Classifier classifier = new Classifier(model)) {
			final List<Prediction> p = classifier.classify(data, 256, done -> {});
			int right = 0;
			for (int i = 0; i < p.size(); i++) {
				if (p.get(i).classIndex() == data.label(i)) right++;
			}
			return (double) right / p.size();
		}
	}

	/**
	 * Copies images of {@code classes} into {@code to}: of each class (in a
	 * fixed shuffled order) the first half (half 0), the second (half 1) or
	 * all (-1), and of that at most {@code count}, picked by {@code seed}.
	 */
	private static Path copy(final LabelledFolder all, final List<String> classes,
		final int half, final int count, final Path to, final long seed)
	{
		try {
			for (final String c : classes) {
				final List<LabelledImage> images = new ArrayList<>(all.images().stream().filter(i -> i
					.label().equals(c)).toList());
				java.util.Collections.shuffle(images, new Random(20261130));
				final int mid = images.size() / 2;
				final List<LabelledImage> part = new ArrayList<>(half < 0 ? images : half == 0 ? images
					.subList(0, mid) : images.subList(mid, images.size()));
				java.util.Collections.shuffle(part, new Random(seed));
				Files.createDirectories(to.resolve(c));
				for (final LabelledImage i : part.subList(0, Math.min(count, part.size()))) {
					Files.copy(i.file(), to.resolve(c).resolve(i.file().getFileName()));
				}
			}
			return to;
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static double seconds(final long t0) {
		return (System.nanoTime() - t0) / 1e9;
	}

	public static void main(final String[] args) throws IOException {
		final Path digits = Paths.get(args.length > 0 ? args[0] : "test-images/digits");
		final int perClass = args.length > 1 ? Integer.parseInt(args[1]) : 5;
		final int seeds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
		final long[] s = new long[seeds];
		for (int i = 0; i < seeds; i++) s[i] = i + 1;
		final Path work = Files.createTempDirectory("small-data");
		final SmallDataBenchmark b = new SmallDataBenchmark(digits, work, perClass,
			baseOptions().build(), transferOptions().build(), scratchOptions().build(),
			System.out::println);
		final List<Run> runs = b.run(s);
		for (final boolean a : new boolean[] { false, true }) {
			final double[] m = means(runs, a);
			System.out.printf(Locale.ROOT, "augmentation %s: mean over %d seeds: transferred %.4f, " +
				"from scratch %.4f%n", a ? "on" : "off", seeds, m[0], m[1]);
		}
	}

	/** The base: the lecture CNN as Train CNN Classifier trains it, a few more epochs. */
	static TrainingOptions.Builder baseOptions() {
		return TrainingOptions.builder().maxEpochs(6).miniBatchSize(32).validationFrequency(1000);
	}

	/** The transfer: Transfer Learn CNN's defaults, every image trains (no validation split). */
	static TrainingOptions.Builder transferOptions() {
		return TrainingOptions.builder().initialLearnRate(0.001).maxEpochs(30).miniBatchSize(8)
			.trainingFraction(1).validationFrequency(1000);
	}

	/** From scratch: Train CNN Classifier's defaults, with the transfer's epochs and mini-batch. */
	static TrainingOptions.Builder scratchOptions() {
		return TrainingOptions.builder().maxEpochs(30).miniBatchSize(8).trainingFraction(1)
			.validationFrequency(1000);
	}
}
