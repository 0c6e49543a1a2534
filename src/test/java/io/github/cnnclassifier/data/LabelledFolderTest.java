package io.github.cnnclassifier.data;

import static io.github.cnnclassifier.data.DataFiles.png;
import static io.github.cnnclassifier.data.DataFiles.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledFolderTest {

	@TempDir
	Path root;

	@Test
	void labelsAreSortedSubFolderNames() {
		png(root.resolve("dog/d.png"), 2, 2, 1);
		png(root.resolve("cat/c.png"), 2, 2, 2);
		png(root.resolve("bird/b.png"), 2, 2, 3);
		final LabelledFolder folder = LabelledFolder.scan(root);
		assertEquals(List.of("bird", "cat", "dog"), folder.labels());
		assertEquals(List.of("bird", "cat", "dog"), folder.images().stream().map(
			LabelledImage::label).collect(Collectors.toList()));
		assertEquals(root, folder.root());
	}

	@Test
	void imagesAtAnyDepthBelowALabelFolderCountForThatLabel() {
		png(root.resolve("cat/top.png"), 2, 2, 1);
		png(root.resolve("cat/2023/june/deep.png"), 2, 2, 2);
		png(root.resolve("dog/d.png"), 2, 2, 3);
		final LabelledFolder folder = LabelledFolder.scan(root);
		assertEquals(List.of(root.resolve("cat/2023/june/deep.png"), root.resolve(
			"cat/top.png")), filesOf(folder, "cat"));
		assertEquals(List.of(root.resolve("dog/d.png")), filesOf(folder, "dog"));
	}

	@Test
	void imagesAreSortedByPathWithinALabel() {
		png(root.resolve("a/c.png"), 2, 2, 1);
		png(root.resolve("a/a.png"), 2, 2, 1);
		png(root.resolve("a/b.png"), 2, 2, 1);
		png(root.resolve("b/x.png"), 2, 2, 1);
		assertEquals(List.of(root.resolve("a/a.png"), root.resolve("a/b.png"), root.resolve(
			"a/c.png")), filesOf(LabelledFolder.scan(root), "a"));
	}

	@Test
	void hiddenFilesAndFilesInHiddenFoldersAreSkipped() {
		png(root.resolve("cat/ok.png"), 2, 2, 1);
		text(root.resolve("cat/.DS_Store"), "finder");
		png(root.resolve("cat/.hidden.png"), 2, 2, 1);
		png(root.resolve("cat/.thumbnails/t.png"), 2, 2, 1);
		png(root.resolve("dog/ok.png"), 2, 2, 1);
		final LabelledFolder folder = LabelledFolder.scan(root);
		assertEquals(List.of(root.resolve("cat/ok.png")), filesOf(folder, "cat"));
		assertEquals(2, folder.images().size());
	}

	@Test
	void hiddenFolderAtTheRootIsNotAClass() {
		png(root.resolve("cat/c.png"), 2, 2, 1);
		png(root.resolve("dog/d.png"), 2, 2, 1);
		png(root.resolve(".git/objects/x.png"), 2, 2, 1);
		assertEquals(List.of("cat", "dog"), LabelledFolder.scan(root).labels());
	}

	@Test
	void nonImageFilesAreSkipped() {
		png(root.resolve("cat/c.png"), 2, 2, 1);
		text(root.resolve("cat/notes.txt"), "a note");
		text(root.resolve("cat/Thumbs.db"), "thumbs");
		text(root.resolve("cat/README"), "no extension");
		png(root.resolve("dog/d.png"), 2, 2, 1);
		assertEquals(List.of(root.resolve("cat/c.png")), filesOf(LabelledFolder.scan(root),
			"cat"));
	}

	@Test
	void extensionsAreCaseInsensitive() {
		png(root.resolve("cat/a.PNG"), 2, 2, 1);
		DataFiles.tiff(root.resolve("cat/b.TIF"), DataFiles.constant8(2, 2, 1));
		png(root.resolve("cat/c.Png"), 2, 2, 1);
		png(root.resolve("dog/d.png"), 2, 2, 1);
		assertEquals(3, filesOf(LabelledFolder.scan(root), "cat").size());
	}

	@Test
	void isImageFileGoesByExtensionOnly() {
		assertTrue(LabelledFolder.isImageFile(Paths.get("x/y.JPEG")));
		assertTrue(LabelledFolder.isImageFile(Paths.get("y.tiff")));
		assertFalse(LabelledFolder.isImageFile(Paths.get("y.txt")));
		assertFalse(LabelledFolder.isImageFile(Paths.get("png")));
		assertFalse(LabelledFolder.isImageFile(Paths.get("y.png.bak")));
	}

	@Test
	void sizeIsTheFileSizeInBytes() throws IOException {
		final Path file = png(root.resolve("cat/c.png"), 5, 3, 9);
		png(root.resolve("dog/d.png"), 2, 2, 1);
		final LabelledImage image = LabelledFolder.scan(root).images().get(0);
		assertEquals(file, image.file());
		assertEquals(Files.size(file), image.size());
	}

	@Test
	void missingFolderThrowsNamingIt() {
		final Path missing = root.resolve("nowhere");
		final DataException e = assertThrows(DataException.class, () -> LabelledFolder
			.scan(missing));
		assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
	}

	@Test
	void fileInsteadOfFolderThrows() {
		final Path file = png(root.resolve("single.png"), 2, 2, 1);
		final DataException e = assertThrows(DataException.class, () -> LabelledFolder.scan(
			file));
		assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
	}

	@Test
	void folderWithoutSubFoldersThrowsNamingIt() {
		png(root.resolve("a.png"), 2, 2, 1);
		png(root.resolve("b.png"), 2, 2, 1);
		final DataException e = assertThrows(DataException.class, () -> LabelledFolder.scan(
			root));
		assertTrue(e.getMessage().contains(root.toString()), e.getMessage());
		assertTrue(e.getMessage().contains("no class sub-folders"), e.getMessage());
	}

	@Test
	void folderWithOneClassThrowsNamingTheClass() {
		png(root.resolve("onlyclass/a.png"), 2, 2, 1);
		final DataException e = assertThrows(DataException.class, () -> LabelledFolder.scan(
			root));
		assertTrue(e.getMessage().contains("onlyclass"), e.getMessage());
		assertTrue(e.getMessage().contains("only one class"), e.getMessage());
	}

	@Test
	void classWithoutImagesThrowsNamingTheClass() {
		png(root.resolve("cat/c.png"), 2, 2, 1);
		text(root.resolve("emptyclass/notes.txt"), "no images here");
		png(root.resolve("emptyclass/.hidden.png"), 2, 2, 1);
		final DataException e = assertThrows(DataException.class, () -> LabelledFolder.scan(
			root));
		assertTrue(e.getMessage().contains("'emptyclass'"), e.getMessage());
		assertTrue(e.getMessage().contains(root.resolve("emptyclass").toString()), e
			.getMessage());
	}

	@Test
	void committedDigitsScanToTenLabelsOf120Images() {
		final LabelledFolder folder = LabelledFolder.scan(Paths.get("test-images", "digits"));
		assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), folder
			.labels());
		assertEquals(1200, folder.images().size());
		for (final String label : folder.labels()) {
			final List<Path> files = filesOf(folder, label);
			assertEquals(120, files.size(), label);
			assertEquals("digit_" + label + "_001.png", files.get(0).getFileName().toString());
			assertEquals(label, files.get(0).getParent().getFileName().toString());
		}
	}

	@Test
	void committedCellsScanToTwoLabelsOf60Tiffs() {
		final LabelledFolder folder = LabelledFolder.scan(Paths.get("test-images", "cells"));
		assertEquals(List.of("elongated", "round"), folder.labels());
		assertEquals(60, filesOf(folder, "elongated").size());
		assertEquals(60, filesOf(folder, "round").size());
	}

	private static List<Path> filesOf(final LabelledFolder folder, final String label) {
		return folder.images().stream().filter(i -> i.label().equals(label)).map(
			LabelledImage::file).collect(Collectors.toList());
	}
}
