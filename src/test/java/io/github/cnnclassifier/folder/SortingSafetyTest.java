package io.github.cnnclassifier.folder;

import io.github.cnnclassifier.predict.Classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.data.ImageWalk;
import io.github.cnnclassifier.model.ModelBundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sorting into sort_to never deletes the only copy of an image, and class
 * labels become folder names that never merge two classes: the hostile cases
 * of issue 15 (cause 2, and cause 7's label too long for a folder name).
 */
class SortingSafetyTest {

	@TempDir
	Path tmp;

	private static FolderClassifier classifier(final ModelBundle model) {
		return new FolderClassifier(new Classifier(model), 8, BadFiles.SKIP);
	}

	/** {@code n} digit images of each class, flat in {@code root}, and their bytes. */
	private static Map<String, byte[]> flatDigits(final Path root, final int n)
		throws IOException
	{
		Files.createDirectories(root);
		final Map<String, byte[]> bytes = new HashMap<>();
		for (int d = 0; d < 10; d++) {
			for (final Path f : Folders.digitFiles(d, n)) {
				Files.copy(f, root.resolve(f.getFileName()));
				bytes.put(f.getFileName().toString(), Files.readAllBytes(f));
			}
		}
		return bytes;
	}

	private static void assertAllThere(final Path root, final Map<String, byte[]> bytes)
		throws IOException
	{
		for (final Map.Entry<String, byte[]> e : bytes.entrySet()) {
			assertArrayEquals(e.getValue(), Files.readAllBytes(root.resolve(e.getKey())), e
				.getKey());
		}
	}

	/** The first file of a classified folder and its predicted label. */
	private static FolderRow firstRow(final Path root) {
		final List<FolderRow> rows = new ArrayList<>();
		classifier(TestModels.digits()).classify(ImageWalk.of(root), Shard.ALL, rows::addAll,
			p -> {});
		return rows.get(0);
	}

	private FolderJob move(final Path root, final Path sortTo) {
		return new FolderJob(root, tmp.resolve("moved.csv"), "", true, Shard.ALL, sortTo, true,
			false);
	}

	@Test
	void aClassFolderLinkedBackIntoTheFolderIsRefusedAndNothingMoves() throws IOException {
		final Path root = tmp.resolve("images");
		final Map<String, byte[]> bytes = flatDigits(root, 2);
		final Path sortTo = Files.createDirectories(tmp.resolve("sorted"));
		for (int d = 0; d < 10; d++) {
			Files.createSymbolicLink(sortTo.resolve(String.valueOf(d)), root);
		}
		final DataException e = assertThrows(DataException.class, () -> classifier(TestModels
			.digits()).run(move(root, sortTo), p -> {}));
		assertTrue(e.getMessage().startsWith("Cannot sort into " + sortTo + ": its class " +
			"folder 0 leads into " + root), e.getMessage());
		assertFalse(e.getMessage().contains("\n"));
		assertAllThere(root, bytes);
		assertEquals(20, Folders.files(root).size());
	}

	@Test
	void aTargetThatIsALinkToTheSourceIsNotACopyAndTheSourceStays() throws IOException {
		aTargetLinkedToTheSourceIsNotACopyAndTheSourceStays(Files::createSymbolicLink);
	}

	@Test
	void aTargetThatIsAHardLinkToTheSourceIsNotACopyAndTheSourceStays() throws IOException {
		aTargetLinkedToTheSourceIsNotACopyAndTheSourceStays(Files::createLink);
	}

	/** Makes {@code link} lead to {@code existing}. */
	private interface Link {
		void make(Path link, Path existing) throws IOException;
	}

	private void aTargetLinkedToTheSourceIsNotACopyAndTheSourceStays(final Link link)
		throws IOException
	{
		final Path root = tmp.resolve("images");
		final Map<String, byte[]> bytes = flatDigits(root, 1);
		final FolderRow first = firstRow(root);
		final Path sortTo = tmp.resolve("sorted");
		final Path target = Files.createDirectories(sortTo.resolve(first.prediction().label()))
			.resolve(first.file());
		link.make(target, root.resolve(first.file()));
		final DataException e = assertThrows(DataException.class, () -> classifier(TestModels
			.digits()).run(move(root, sortTo), p -> {}));
		assertTrue(e.getMessage().contains(target + " is " + root.resolve(first.file()) +
			" itself"), e.getMessage());
		assertAllThere(root, bytes);
	}

	@Test
	void aMoveLeavesADistinctCompleteCopyAndCountsWhatItMoved() throws IOException {
		final Path root = tmp.resolve("images");
		final Map<String, byte[]> bytes = flatDigits(root, 2);
		for (final String f : bytes.keySet()) {
			Files.setPosixFilePermissions(root.resolve(f), PosixFilePermissions.fromString(
				"rw-r--r--"));
		}
		final Path sortTo = tmp.resolve("sorted");
		// NB: an identical, distinct copy already there counts as moved; its source goes.
		final FolderRow first = firstRow(root);
		final Path there = Files.createDirectories(sortTo.resolve(first.prediction().label()))
			.resolve(first.file());
		Files.copy(root.resolve(first.file()), there);
		final FolderSummary s = classifier(TestModels.digits()).run(move(root, sortTo),
			p -> {});
		assertEquals(20, s.sorted());
		assertEquals(List.of(), Folders.files(root));
		final List<String> sorted = Folders.files(sortTo);
		assertEquals(20, sorted.size(), sorted.toString());
		for (final String f : sorted) {
			final String name = Path.of(f).getFileName().toString();
			assertArrayEquals(bytes.get(name), Files.readAllBytes(sortTo.resolve(f)), f);
			assertTrue(Files.getPosixFilePermissions(sortTo.resolve(f)).contains(
				PosixFilePermission.OTHERS_READ), "as readable as the original: " + f);
		}
	}

	/** Refused in one line naming both labels, before the results or any copy exist. */
	private void assertCollisionRefused(final String a, final String b) throws IOException {
		final Path root = tmp.resolve("images");
		final Map<String, byte[]> bytes = flatDigits(root, 1);
		final Path sortTo = tmp.resolve("sorted");
		final DataException e = assertThrows(DataException.class, () -> classifier(Folders
			.relabelled(a, b)).run(move(root, sortTo), p -> {}));
		assertTrue(e.getMessage().startsWith("Cannot sort into " + sortTo + ": the classes '"),
			e.getMessage());
		assertTrue(e.getMessage().contains("would share one folder"), e.getMessage());
		assertFalse(e.getMessage().chars().anyMatch(Character::isISOControl), e.getMessage());
		assertTrue(!Files.exists(sortTo) || Folders.files(sortTo).isEmpty(), "nothing sorted");
		try (Stream<Path> s = Files.list(tmp)) {
			assertEquals(List.of("images"), s.map(p -> p.getFileName().toString()).filter(
				n -> !n.equals("sorted")).collect(Collectors.toList()), "no results, no .part");
		}
		assertAllThere(root, bytes);
	}

	@Test
	void labelsWithASlashAndAnUnderscoreAreRefusedBeforeAnythingMoves() throws IOException {
		assertCollisionRefused("a/b", "a_b");
	}

	@Test
	void labelsWithANulAndAnUnderscoreAreRefusedBeforeAnythingMoves() throws IOException {
		assertCollisionRefused("x\0y", "x_y");
	}

	@Test
	void labelsThatDifferOnlyInCaseAreRefusedBeforeAnythingMoves() throws IOException {
		assertCollisionRefused("Cat", "cat");
	}

	@Test
	void labelsInTwoUnicodeFormsOfOneNameAreRefusedBeforeAnythingMoves() throws IOException {
		assertCollisionRefused(Normalizer.normalize("é", Normalizer.Form.NFC), Normalizer
			.normalize("é", Normalizer.Form.NFD));
	}

	@Test
	void aLabelTooLongForAFolderNameIsShortenedWithAHashAndARerunRecovers()
		throws IOException
	{
		final Path root = tmp.resolve("images");
		flatDigits(root, 1);
		final String[] labels = new String[10];
		for (int d = 0; d < 10; d++) labels[d] = "é".repeat(200) + d;
		final Path sortTo = tmp.resolve("sorted");
		final FolderJob copy = new FolderJob(root, tmp.resolve("long.csv"), "", true,
			Shard.ALL, sortTo, false, true);
		final FolderSummary s = classifier(Folders.relabelled(labels)).run(copy, p -> {});
		assertEquals(10, s.sorted());
		assertEquals(10, Folders.files(sortTo).size());
		try (Stream<Path> dirs = Files.list(sortTo)) {
			for (final Path dir : dirs.collect(Collectors.toList())) {
				final String name = dir.getFileName().toString();
				assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 255, name);
				assertTrue(name.matches("é+~[0-9a-f]{8}"), name);
			}
		}
		classifier(Folders.relabelled(labels)).run(copy, p -> {});
		assertEquals(10, Folders.files(sortTo).size(), "the copies are found again");
	}

	@Test
	void labelsIllegalAsFolderNamesOnSomeSystemGetPortableNames() {
		assertEquals("_", ClassFolders.name("."));
		assertEquals("__", ClassFolders.name(".."));
		assertEquals("_", ClassFolders.name(""));
		assertEquals("a_b_c_d_", ClassFolders.name("a:b*c?d|"));
		assertEquals("dots_", ClassFolders.name("dots."));
		assertEquals("space_", ClassFolders.name("space "));
		assertEquals("_CON", ClassFolders.name("CON"));
		assertEquals("_lpt1.txt", ClassFolders.name("lpt1.txt"));
		assertEquals("bell_esc_", ClassFolders.name("bell\u0007esc\u001b"));
		assertEquals("_hidden", ClassFolders.name(".hidden"));
		assertEquals("cat", ClassFolders.name("cat"));
	}
}
