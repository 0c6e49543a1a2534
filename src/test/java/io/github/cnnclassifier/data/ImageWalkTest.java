package io.github.cnnclassifier.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing the image files of a folder: order, hidden files, pattern, depth, resuming. */
class ImageWalkTest {

	@TempDir
	Path tmp;

	/** Images at several depths, names that sort around folder names, and things to leave out. */
	private Path folder() throws IOException {
		final Path root = tmp.resolve("plates");
		for (final String f : List.of("a.png", "a/1.tif", "a/b/2.png", "a0.png", "b/3.TIF",
			"b/c/d/4.jpg", "c d/5 é.png", "sorted/0/6.png", ".hidden.png", ".cache/7.png"))
		{
			DataFiles.png(root.resolve(f), 4, 4, 9);
		}
		Files.write(root.resolve("notes.txt"), "text".getBytes(StandardCharsets.UTF_8));
		Files.createDirectories(root.resolve("empty"));
		return root;
	}

	private static List<String> list(final ImageWalk walk) {
		final List<String> files = new ArrayList<>();
		walk.forEach(files::add);
		return files;
	}

	@Test
	void everyImageBelowInSortedPathOrder() throws IOException {
		final Path root = folder();
		final List<String> walked = list(ImageWalk.of(root));
		final List<String> expected;
		try (Stream<Path> s = Files.walk(root)) {
			expected = s.filter(p -> Files.isRegularFile(p) && LabelledFolder.isImageFile(p))
				.map(p -> root.relativize(p).toString().replace('\\', '/')).filter(p -> !p
					.startsWith(".")).sorted().collect(Collectors.toList());
		}
		assertEquals(expected, walked);
		assertEquals(List.of("a.png", "a/1.tif", "a/b/2.png", "a0.png", "b/3.TIF",
			"b/c/d/4.jpg", "c d/5 é.png", "sorted/0/6.png"), walked);
	}

	@Test
	void aPatternMatchesNamesOrWithASlashPaths() throws IOException {
		final Path root = folder();
		assertEquals(List.of("a/1.tif"), list(new ImageWalk(root, "*.tif", true, null, null)));
		assertEquals(List.of("a/1.tif", "b/3.TIF"), list(new ImageWalk(root, "*.{tif,TIF}",
			true, null, null)));
		assertEquals(List.of("a/b/2.png"), list(new ImageWalk(root, "a/*/*.png", true, null,
			null)));
		assertEquals(List.of("a.png", "a/1.tif", "a/b/2.png", "a0.png", "b/3.TIF",
			"b/c/d/4.jpg", "c d/5 é.png", "notes.txt", "sorted/0/6.png"), list(new ImageWalk(
				root, "*", true, null, null)), "an explicit pattern: what it says");
	}

	@Test
	void notRecursiveListsTheTopFolderOnly() throws IOException {
		assertEquals(List.of("a.png", "a0.png"), list(new ImageWalk(folder(), "", false, null,
			null)));
	}

	@Test
	void aFolderCanBeLeftOut() throws IOException {
		final Path root = folder();
		assertEquals(List.of("a.png", "a/1.tif", "a/b/2.png", "a0.png", "b/3.TIF",
			"b/c/d/4.jpg", "c d/5 é.png"), list(ImageWalk.of(root).skipping(root.resolve(
				"sorted"))));
	}

	@Test
	void aWalkStartingAfterAPathListsTheRestOfTheSameOrder() throws IOException {
		final Path root = folder();
		final List<String> all = list(ImageWalk.of(root));
		for (int i = 0; i < all.size(); i++) {
			assertEquals(all.subList(i + 1, all.size()), list(ImageWalk.of(root).startingAfter(
				all.get(i))), "after " + all.get(i));
		}
		assertEquals(List.of("a/b/2.png", "a0.png", "b/3.TIF", "b/c/d/4.jpg", "c d/5 é.png",
			"sorted/0/6.png"), list(ImageWalk.of(root).startingAfter("a/1.tif.gone")),
			"after a file that is gone");
	}

	@Test
	void whyNothingIsFoundIsSaid() throws IOException {
		final Path empty = Files.createDirectories(tmp.resolve("empty"));
		assertEquals("Folder " + empty + " is empty. Choose a folder of images.", ImageWalk.of(
			empty).nothingFound().getMessage());
		final Path root = folder();
		assertEquals("No file in " + root + " at any depth matches pattern '*.gif'. Check " +
			"the pattern (e.g. *.tif; case matters) or leave it empty for all images.",
			new ImageWalk(root, "*.gif", true, null, null).nothingFound().getMessage());
		final Path text = tmp.resolve("text");
		DataFiles.png(text.resolve("sub/x.png"), 2, 2, 1);
		Files.write(text.resolve("a.txt"), new byte[] { 1 });
		assertTrue(new ImageWalk(text, "", false, null, null).nothingFound().getMessage()
			.startsWith("Folder " + text + " has no image files (bmp, dcm, fit, fits, gif, " +
				"jpeg, jpg, pbm, pgm, png, ppm, tif, tiff) (sub-folders left out: " +
				"recursive=false)"));
		final DataException bad = assertThrows(DataException.class, () -> new ImageWalk(root,
			"*.{tif", true, null, null));
		assertTrue(bad.getMessage().startsWith("pattern '*.{tif' is not a valid file pattern"),
			bad.getMessage());
		final DataException missing = assertThrows(DataException.class, () -> ImageWalk.of(
			tmp.resolve("gone")).iterator());
		assertEquals("Image folder not found: " + tmp.resolve("gone") + ". Choose the folder " +
			"of images to classify.", missing.getMessage());
	}

	@Test
	void listsTellsTheFilesTheWalkYieldsAndNothingOutsideTheFolder() throws IOException {
		final Path root = folder();
		DataFiles.png(tmp.resolve("outside/8.png"), 4, 4, 9);
		Files.createSymbolicLink(root.resolve("linked"), tmp.resolve("outside"));
		final ImageWalk walk = new ImageWalk(root, "", true, root.resolve("sorted"), null);
		for (final String f : list(walk)) assertTrue(walk.lists().test(f), f);
		assertTrue(walk.lists().test("gone/9.png"), "a file moved away since is still one");
		for (final String f : List.of("../outside/8.png", tmp.resolve("outside/8.png")
			.toString(), "/a.png", "linked/8.png", "a/../a.png", "./a.png", "a//1.tif",
			".hidden.png", ".cache/7.png", "sorted/0/6.png", "notes.txt", "", "a\u0000.png"))
		{
			assertFalse(walk.lists().test(f), f);
		}
		final ImageWalk flat = new ImageWalk(root, "*.png", false, null, null);
		assertTrue(flat.lists().test("a.png"));
		assertFalse(flat.lists().test("a/b/2.png"));
		assertFalse(flat.lists().test("b/3.TIF"));
	}
}
