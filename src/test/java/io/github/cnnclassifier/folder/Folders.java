package io.github.cnnclassifier.folder;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.model.ModelMetadata;
import io.github.cnnclassifier.train.FolderTrainer;
import io.github.cnnclassifier.train.TrainingMonitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/** Folders of the shipped test images, and other test fixtures, for the folder tests. */
public final class Folders {

	private Folders() {}

	/** The first {@code n} shipped images of {@code digit}, in name order. */
	public static List<Path> digitFiles(final int digit, final int n) throws IOException {
		try (Stream<Path> s = Files.list(TestModels.DIGITS.resolve(String.valueOf(digit)))) {
			return s.sorted().limit(n).collect(Collectors.toList());
		}
	}

	/** {@code perDigit} digits of each class copied into {@code root/<prefix><d>/}. */
	public static Path digits(final Path root, final String prefix, final int perDigit)
		throws IOException
	{
		for (int d = 0; d < 10; d++) {
			final Path dir = root.resolve(prefix + d);
			Files.createDirectories(dir);
			for (final Path f : digitFiles(d, perDigit)) {
				Files.copy(f, dir.resolve(f.getFileName()));
			}
		}
		return root;
	}

	/** All regular files below {@code root}, as sorted '/'-separated relative paths. */
	public static List<String> files(final Path root) throws IOException {
		try (Stream<Path> s = Files.walk(root)) {
			return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()
				.replace('\\', '/')).sorted().collect(Collectors.toList());
		}
	}

	/** The digits model with other labels, in output order ("0".."9" where not given). */
	public static ModelBundle relabelled(final String... first) {
		final ModelBundle d = TestModels.digits();
		final List<String> labels = new ArrayList<>(d.labels());
		for (int k = 0; k < first.length; k++) labels.set(k, first[k]);
		final ModelMetadata m = d.metadata();
		return new ModelBundle(d.network(), new ModelMetadata(labels, m.input(), m
			.normalization(), m.architecture(), m.seed()));
	}

	/** The partial results file a run of the model {@code modelFile} writes for {@code csv}. */
	public static Path partialOf(final Path csv, final Path modelFile) {
		return csv.resolveSibling(csv.getFileName() + "." + ResultsCsv.modelId(ModelIO
			.readMetadata(modelFile)) + ".part");
	}

	/**
	 * Writes the partial results a stopped {@code job} with the model
	 * {@code modelFile} would leave, with {@code rows} (CSV lines) as its rows:
	 * to plant a hostile one.
	 */
	public static Path partialResults(final FolderJob job, final Path modelFile,
		final List<String> rows) throws IOException
	{
		final ModelMetadata m = ModelIO.readMetadata(modelFile);
		final String id = ResultsCsv.modelId(m);
		final List<String> lines = new ArrayList<>(List.of(PartIdentity.of(job, id).line(),
			"File,Slice,Class,Confidence" + m.labels().stream().map(l -> ",P_" + l).collect(
				Collectors.joining())));
		lines.addAll(rows);
		return Files.write(partialOf(job.results(), modelFile), lines, StandardCharsets.UTF_8);
	}

	/** Every file below {@code root} (links as links) with its content, to compare before and after. */
	public static Map<String, String> snapshot(final Path root) throws IOException {
		final Map<String, String> files = new TreeMap<>();
		try (Stream<Path> s = Files.walk(root)) {
			for (final Path p : s.sorted().collect(Collectors.toList())) {
				final String key = root.relativize(p).toString();
				if (Files.isSymbolicLink(p)) files.put(key, "-> " + Files.readSymbolicLink(p));
				else if (Files.isRegularFile(p)) {
					files.put(key, Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
				}
				else files.put(key + "/", "");
			}
		}
		return files;
	}

	private static Path twoChannels;

	/**
	 * A model of two-channel images (two classes, trained for one epoch on
	 * tiny hyperstacks made from the shipped digits): no grey image fits it.
	 */
	public static synchronized Path twoChannelModel() throws IOException {
		if (twoChannels != null) return twoChannels;
		final Path dir = Files.createTempDirectory("cnn-two-channels");
		dir.toFile().deleteOnExit();
		for (final int digit : new int[] { 0, 1 }) {
			final Path classDir = Files.createDirectories(dir.resolve("data/" + digit));
			for (final Path f : digitFiles(digit, 8)) {
				final ImagePlus grey = IJ.openImage(f.toString());
				final ij.ImageStack stack = new ij.ImageStack(grey.getWidth(), grey.getHeight());
				stack.addSlice(grey.getProcessor());
				stack.addSlice(grey.getProcessor().duplicate());
				final ImagePlus two = new ImagePlus("two", stack);
				two.setDimensions(2, 1, 1);
				final Path out = classDir.resolve(f.getFileName().toString().replace(".png",
					".tif"));
				assertTrue(new FileSaver(two).saveAsTiffStack(out.toString()));
			}
		}
		final Path model = dir.resolve("two channels.zip");
		new FolderTrainer(TestModels.quick().maxEpochs(1).miniBatchSize(4).build(),
			TrainingMonitor.SILENT).train(dir.resolve("data"), null, model);
		twoChannels = model;
		return model;
	}

	/**
	 * Makes {@code dir} read-only for this process, root included (as
	 * chattr +i when running as root); skips the test where that cannot be done.
	 * Undo with {@link #writable}.
	 */
	public static void readOnly(final Path dir) {
		try {
			dir.toFile().setWritable(false, false);
			if (Files.isWritable(dir)) run("chattr", "+i", dir.toString());
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
		Assumptions.assumeFalse(Files.isWritable(dir), "cannot make " + dir + " read-only " +
			"for this user here");
	}

	/** Undoes {@link #readOnly}. */
	public static void writable(final Path dir) {
		try {
			if (!Files.isWritable(dir)) run("chattr", "-i", dir.toString());
		}
		catch (final IOException e) {
			// NB: not root, or no chattr: the permission below is what mattered.
		}
		dir.toFile().setWritable(true, false);
	}

	private static void run(final String... command) throws IOException {
		try {
			new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(
				ProcessBuilder.Redirect.DISCARD).start().waitFor();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		catch (final IOException e) {
			// NB: no such program: the caller checks the result.
		}
	}
}
