package io.github.cnnclassifier.data;

import static io.github.cnnclassifier.data.DataFiles.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintTest {

	@TempDir
	Path temp;

	private Path root;

	@BeforeEach
	void writeTree() {
		root = temp.resolve("data");
		png(root.resolve("cat/c1.png"), 3, 2, 10);
		png(root.resolve("cat/deep/c2.png"), 4, 4, 20);
		png(root.resolve("dog/d1.png"), 5, 3, 30);
	}

	@Test
	void isSha256InHex() {
		assertTrue(fingerprint(root).matches("[0-9a-f]{64}"), fingerprint(root));
	}

	@Test
	void sameFilesGiveTheSameFingerprint() {
		assertEquals(fingerprint(root), fingerprint(root));
	}

	@Test
	void orderOfTheImageListDoesNotMatter() {
		final List<LabelledImage> images = new ArrayList<>(LabelledFolder.scan(root)
			.images());
		final String before = Fingerprint.of(root, images);
		Collections.reverse(images);
		assertEquals(before, Fingerprint.of(root, images));
	}

	@Test
	void sameTreeCopiedToAnotherRootGivesTheSameFingerprint() throws IOException {
		final Path copy = temp.resolve("elsewhere/copy");
		try (Stream<Path> walk = Files.walk(root)) {
			for (final Path p : (Iterable<Path>) walk::iterator) {
				final Path target = copy.resolve(root.relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(target);
				else Files.copy(p, target);
			}
		}
		assertEquals(fingerprint(root), fingerprint(copy));
	}

	@Test
	void changedFileSizeChangesTheFingerprint() throws IOException {
		final String before = fingerprint(root);
		Files.write(root.resolve("dog/d1.png"), new byte[] { 0 },
			StandardOpenOption.APPEND);
		assertNotEquals(before, fingerprint(root));
	}

	@Test
	void addedFileChangesTheFingerprint() {
		final String before = fingerprint(root);
		png(root.resolve("dog/d2.png"), 5, 3, 30);
		assertNotEquals(before, fingerprint(root));
	}

	@Test
	void removedFileChangesTheFingerprint() throws IOException {
		final String before = fingerprint(root);
		Files.delete(root.resolve("cat/deep/c2.png"));
		assertNotEquals(before, fingerprint(root));
	}

	@Test
	void fileMovedToAnotherClassChangesTheFingerprint() throws IOException {
		final String before = fingerprint(root);
		Files.move(root.resolve("cat/c1.png"), root.resolve("dog/c1.png"));
		assertNotEquals(before, fingerprint(root));
	}

	private static String fingerprint(final Path root) {
		return Fingerprint.of(root, LabelledFolder.scan(root).images());
	}
}
