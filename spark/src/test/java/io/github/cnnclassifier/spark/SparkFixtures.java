package io.github.cnnclassifier.spark;

import io.github.cnnclassifier.api.CnnModel;
import io.github.cnnclassifier.api.Progress;
import io.github.cnnclassifier.train.TrainingOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** A model, folders of the shipped test images and a local Spark, for the job's tests. */
final class SparkFixtures {

	/** The shipped test images, beside this module. */
	static final Path IMAGES = Paths.get("..", "test-images");

	private static Path model;
	private static Path twoChannels;
	private static JavaSparkContext spark;

	private SparkFixtures() {}

	/** The lecture CNN trained for seconds on the shipped digits, saved once per JVM. */
	static synchronized Path model() {
		if (model == null) {
			try {
				final Path dir = Files.createTempDirectory("cnn-spark-model");
				model = dir.resolve("digits.zip");
				try (CnnModel m = CnnModel.train(IMAGES.resolve("digits"), TrainingOptions
					.builder().miniBatchSize(32).maxEpochs(2).validationFrequency(1000).seed(42)
					.build(), Progress.NONE))
				{
					m.save(model);
				}
				model.toFile().deleteOnExit();
				dir.toFile().deleteOnExit();
			}
			catch (final IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return model;
	}

	/** A model of two-channel images, which no shipped image fits, trained once per JVM. */
	static synchronized Path twoChannelModel() {
		if (twoChannels == null) {
			try {
				final Path dir = Files.createTempDirectory("cnn-spark-two-channels");
				for (final String digit : List.of("0", "1")) {
					final Path classDir = Files.createDirectories(dir.resolve("data/" + digit));
					try (Stream<Path> s = Files.list(IMAGES.resolve("digits").resolve(digit))) {
						for (final Path f : s.sorted().limit(6).collect(Collectors.toList())) {
							final ImagePlus grey = IJ.openImage(f.toString());
							final ImageStack stack = new ImageStack(grey.getWidth(), grey.getHeight());
							stack.addSlice(grey.getProcessor());
							stack.addSlice(grey.getProcessor().duplicate());
							final ImagePlus two = new ImagePlus("two", stack);
							two.setDimensions(2, 1, 1);
							new FileSaver(two).saveAsTiffStack(classDir.resolve(f.getFileName()
								.toString().replace(".png", ".tif")).toString());
						}
					}
				}
				twoChannels = dir.resolve("two channels.zip");
				try (CnnModel m = CnnModel.train(dir.resolve("data"), TrainingOptions.builder()
					.miniBatchSize(4).maxEpochs(1).validationFrequency(1000).seed(42).build(),
					Progress.NONE))
				{
					m.save(twoChannels);
				}
			}
			catch (final IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return twoChannels;
	}

	/** One in-process Spark with two cores for every test of this JVM. */
	static synchronized JavaSparkContext spark() {
		if (spark == null) {
			spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName(
				"cnn-classifier-spark-test").set("spark.ui.enabled", "false"));
			spark.setLogLevel("WARN");
		}
		return spark;
	}

	/**
	 * {@code perDigit} digits of each class in nested folders, the 40-plane stack,
	 * a hidden file, a text file and a PNG that is not one.
	 */
	static Path folder(final Path root, final int perDigit) throws IOException {
		for (int d = 0; d < 10; d++) {
			final Path dir = root.resolve(d % 2 == 0 ? "even" : "odd/deep").resolve(
				String.valueOf(d));
			Files.createDirectories(dir);
			try (Stream<Path> s = Files.list(IMAGES.resolve("digits").resolve(String.valueOf(
				d))))
			{
				for (final Path f : s.sorted().limit(perDigit).collect(Collectors.toList())) {
					Files.copy(f, dir.resolve(f.getFileName()));
				}
			}
		}
		Files.createDirectories(root.resolve("stacks"));
		Files.copy(IMAGES.resolve("digits-stack.tif"), root.resolve("stacks/digits-stack.tif"));
		Files.copy(root.resolve("even/0").resolve(first(root.resolve("even/0"))), root.resolve(
			".hidden.png"));
		Files.writeString(root.resolve("notes.txt"), "not an image");
		Files.writeString(root.resolve("odd/broken.png"), "this is not a PNG");
		return root;
	}

	/** The lines of a CSV, split into cells (the test files hold no quoted commas). */
	static List<String[]> rows(final Path csv) throws IOException {
		return Files.readAllLines(csv, StandardCharsets.UTF_8).stream().map(l -> l.split(",",
			-1)).collect(Collectors.toList());
	}

	private static String first(final Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.sorted().findFirst().orElseThrow().getFileName().toString();
		}
	}
}
