package io.github.cnnclassifier;

import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.train.FolderTrainer;
import io.github.cnnclassifier.train.TrainingMonitor;
import io.github.cnnclassifier.train.TrainingOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Models the tests share, trained once per test JVM on the committed
 * test-images (training is the expensive part of the suite).
 */
public final class TestModels {

	/** The shipped labelled digits: 10 classes x 120 images, 28x28 8-bit. */
	public static final Path DIGITS = Paths.get("test-images", "digits");
	/** The shipped 40-plane stack; slice labels are the true digits. */
	public static final Path DIGITS_STACK = Paths.get("test-images", "digits-stack.tif");
	/** The shipped 16-bit two-class cells. */
	public static final Path CELLS = Paths.get("test-images", "cells");

	private static ModelBundle digits;
	private static Path digitsFile;

	private TestModels() {}

	/** Options that train the lecture CNN on the digits within seconds. */
	public static TrainingOptions.Builder quick() {
		return TrainingOptions.builder().miniBatchSize(32).maxEpochs(4)
			.validationFrequency(1000).seed(42);
	}

	/** The lecture CNN trained on {@link #DIGITS} with {@link #quick()}, saved once. */
	public static synchronized ModelBundle digits() {
		if (digits == null) {
			try {
				digitsFile = Files.createTempDirectory("cnn-test-models").resolve("digits.zip");
				digitsFile.getParent().toFile().deleteOnExit();
				digitsFile.toFile().deleteOnExit();
			}
			catch (final IOException e) {
				throw new UncheckedIOException(e);
			}
			digits = new FolderTrainer(quick().build(), TrainingMonitor.SILENT).train(DIGITS,
				null, digitsFile);
		}
		return digits;
	}

	/** The file {@link #digits()} was saved to. */
	public static synchronized Path digitsFile() {
		digits();
		return digitsFile;
	}
}
