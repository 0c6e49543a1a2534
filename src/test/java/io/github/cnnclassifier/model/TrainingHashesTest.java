package io.github.cnnclassifier.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.HeldOutDigits;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.ImageHash;
import io.github.cnnclassifier.train.FolderTrainer;
import io.github.cnnclassifier.train.TrainingMonitor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training images' hashes in the model file: kept, compact, and refused when damaged. */
class TrainingHashesTest {

	@TempDir
	Path tmp;

	/** {@code n} hashes of distinct random images. */
	private static List<ImageHash> hashes(final int n, final long seed) {
		final Random random = new Random(seed);
		final List<ImageHash> hashes = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			final byte[] exact = new byte[16];
			random.nextBytes(exact);
			hashes.add(new ImageHash(HexFormat.of().formatHex(exact), random.nextLong()));
		}
		return hashes;
	}

	@Test
	void aTrainedModelKeepsTheHashOfEveryTrainingImage() throws IOException {
		final Path file = TestModels.digitsFile();
		final TrainingHashes hashes = ModelIO.readMetadata(file).trainingHashes();
		assertEquals(TestModels.digits().metadata().data().trainingImages(), hashes.size());
		try (ZipFile zip = new ZipFile(file.toFile())) {
			assertEquals(12 + 16 * hashes.size(), zip.getEntry(TrainingHashes.ENTRY).getSize());
		}
		final Path copy = tmp.resolve("copy.zip");
		ModelIO.save(ModelIO.load(file), copy);
		assertEquals(hashes.size(), ModelIO.readMetadata(copy).trainingHashes().size());
	}

	@Test
	void tenThousandImagesCostAboutOneHundredSixtyKilobytes() throws IOException {
		final TrainingHashes hashes = TrainingHashes.of(hashes(10_000, 1));
		final byte[] bytes = hashes.bytes();
		assertEquals(12 + 16 * 10_000, bytes.length);
		final ByteArrayOutputStream deflated = new ByteArrayOutputStream();
		try (DeflaterOutputStream out = new DeflaterOutputStream(deflated, new Deflater(Deflater
			.DEFAULT_COMPRESSION, true)))
		{
			out.write(bytes);
		}
		assertTrue(deflated.size() < 170_000, deflated.size() + " bytes in the zip");
	}

	@Test
	void exactAndNearCopiesMatchAndOthersDoNot() {
		final List<ImageHash> trained = hashes(100, 2);
		final TrainingHashes hashes = TrainingHashes.of(trained);
		final ImageHash first = trained.get(0);
		assertEquals(TrainingHashes.Match.EXACT, hashes.match(first));
		final String other = "f".repeat(32);
		assertEquals(TrainingHashes.Match.NEAR, hashes.match(new ImageHash(other, first.near() ^
			0b101)));
		assertNull(hashes.match(new ImageHash(other, first.near() ^ 0b10101)));
	}

	@Test
	void theHashesOfAResumedModelAreKeptOnce() {
		final List<ImageHash> a = hashes(50, 3), b = hashes(30, 4);
		final List<ImageHash> both = new ArrayList<>(b);
		both.addAll(a.subList(0, 10));
		assertEquals(30 + 50, TrainingHashes.of(both).plus(TrainingHashes.of(a)).size(),
			"the 10 images of a already in both are kept once");
	}

	@Test
	void aResumedModelKeepsTheHashesOfItsEarlierTraining() {
		final ModelBundle first = HeldOutDigits.model();
		final Path file = tmp.resolve("resumed.zip");
		final ModelBundle resumed = new FolderTrainer(TestModels.quick().maxEpochs(1).resumeFrom(
			HeldOutDigits.modelFile()).build(), TrainingMonitor.SILENT).train(HeldOutDigits
				.heldOut(), null, file);
		assertEquals(first.metadata().data().trainingImages() + resumed.metadata().data()
			.trainingImages(), ModelIO.readMetadata(file).trainingHashes().size(), "the held-out " +
				"digits are new images");
	}

	@Test
	void aDamagedEntryIsRefusedInOneLineNamingTheFile() throws IOException {
		final byte[] good = TrainingHashes.of(hashes(3, 5)).bytes();
		final byte[] lying = ByteBuffer.wrap(good.clone()).putInt(8, 1_000_000).array();
		for (final byte[] bad : new byte[][] { lying, new byte[5], "not hashes at all".getBytes() }) {
			final Path file = CraftedModels.from(TestModels.digitsFile()).put(TrainingHashes.ENTRY,
				bad).write(tmp.resolve("damaged.zip"));
			final ModelException e = assertThrows(ModelException.class, () -> ModelIO.load(file));
			assertEquals(1, e.getMessage().split("\n").length, e.getMessage());
			assertTrue(e.getMessage().startsWith(file + " has a damaged " + TrainingHashes.ENTRY),
				e.getMessage());
			Files.delete(file);
		}
	}
}
