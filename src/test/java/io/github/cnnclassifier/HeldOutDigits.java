package io.github.cnnclassifier;

import io.github.cnnclassifier.data.ImageFiles;
import io.github.cnnclassifier.data.ImageHash;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.train.FolderTrainer;
import io.github.cnnclassifier.train.TrainingMonitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shipped digits split into a training folder and a held-out folder,
 * every fifth digit labelled as the next class in both (as careless
 * annotation does), and a model trained once per test JVM on the training
 * folder until it is over-confident. NB: without label noise the digits are
 * so easy that the network comes out under-confident (temperature below 1).
 */
public final class HeldOutDigits {

	/** Of each class's 120 digits, the first this many go to the training folder. */
	public static final int TRAINING = 70;

	private static Path root;
	private static ModelBundle model;

	private HeldOutDigits() {}

	/** The training folder: 10 x 70 digits. */
	public static Path training() {
		return folders().resolve("train");
	}

	/** The held-out folder: the other 10 x 50 digits. */
	public static Path heldOut() {
		return folders().resolve("held-out");
	}

	/**
	 * The held-out digits without those whose perceptual hash lies within
	 * {@link ImageHash#NEAR_BITS} of a digit of the training folder (the
	 * generator draws a few nearly alike): images nothing of the training folder resembles.
	 */
	public static Path disjoint() {
		return folders().resolve("disjoint");
	}

	/** The model trained on {@link #training()}, calibrated, written to its file and read back. */
	public static synchronized ModelBundle model() {
		if (model == null) model = ModelIO.load(modelFile());
		return model;
	}

	/** The file of {@link #model()}. */
	public static synchronized Path modelFile() {
		final Path file = folders().resolve("over-confident.zip");
		if (!Files.exists(file)) {
			new FolderTrainer(TestModels.quick().maxEpochs(8).build(), TrainingMonitor.SILENT)
				.train(training(), null, file);
		}
		return file;
	}

	private static synchronized Path folders() {
		if (root != null) return root;
		try {
			root = Files.createTempDirectory("cnn-held-out");
			root.toFile().deleteOnExit();
			final List<Long> trained = new ArrayList<>();
			final List<Path> heldOut = new ArrayList<>();
			final List<Path> classes;
			try (Stream<Path> s = Files.list(TestModels.DIGITS)) {
				classes = s.sorted().toList();
			}
			for (int c = 0; c < classes.size(); c++) {
				final List<Path> files;
				try (Stream<Path> s = Files.list(classes.get(c))) {
					files = s.sorted().toList();
				}
				for (int i = 0; i < files.size(); i++) {
					final String label = Integer.toString(i % 5 == 0 ? (c + 1) % classes.size() : c);
					final Path to = root.resolve(i < TRAINING ? "train" : "held-out").resolve(label)
						.resolve(files.get(i).getFileName().toString());
					Files.createDirectories(to.getParent());
					Files.copy(files.get(i), to);
					if (i < TRAINING) trained.add(hash(to).near());
					else heldOut.add(to);
				}
			}
			for (final Path file : heldOut) {
				final long near = hash(file).near();
				if (trained.stream().anyMatch(t -> Long.bitCount(t ^ near) <= ImageHash.NEAR_BITS)) {
					continue;
				}
				final Path to = root.resolve("disjoint").resolve(root.resolve("held-out").relativize(
					file));
				Files.createDirectories(to.getParent());
				Files.copy(file, to);
			}
			return root;
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The hashes of an image file. */
	public static ImageHash hash(final Path file) {
		return ImageHash.of(ImageFiles.open(file));
	}
}
