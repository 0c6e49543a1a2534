package io.github.cnnclassifier.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cnnclassifier.output.KilledWrites;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies into class folders are SafeFiles writes: swept after a kill, never replacing a file. */
class ClassSorterTest {

	@TempDir
	Path tmp;

	private ClassSorter sorter(final boolean move) {
		return new ClassSorter(tmp.resolve("images"), tmp.resolve("sorted"), move, List.of("cat",
			"dog"));
	}

	private Path image(final String name, final String bytes) throws IOException {
		return Files.writeString(Files.createDirectories(tmp.resolve("images")).resolve(name),
			bytes);
	}

	private static List<String> names(final Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	@Test
	void aKilledCopysLeftoverIsSweptByTheNextRunAndAnotherFilesIsKept() throws IOException {
		image("a.png", "whole image");
		final Path cat = Files.createDirectories(tmp.resolve("sorted/cat"));
		KilledWrites.leftover(cat.resolve(".a.png.1234567890.tmp"), "half an im");
		// NB: another shard may be copying b.png into the same folder right now.
		Files.writeString(cat.resolve(".b.png.42.tmp"), "under way");
		assertEquals(cat.resolve("a.png"), sorter(false).place("a.png", "cat"));
		assertEquals(List.of(".b.png.42.tmp", "a.png"), names(cat));
		assertEquals("whole image", Files.readString(cat.resolve("a.png")));
	}

	@Test
	void aKilledCopyToANumberedNameIsSweptWhenThatNameIsWritten() throws IOException {
		image("a.png", "this run's image");
		final Path cat = Files.createDirectories(tmp.resolve("sorted/cat"));
		Files.writeString(cat.resolve("a.png"), "another image of that name");
		KilledWrites.leftover(cat.resolve(".a-2.png.77.tmp"), "half");
		assertEquals(cat.resolve("a-2.png"), sorter(true).place("a.png", "cat"));
		assertEquals(List.of("a-2.png", "a.png"), names(cat));
		assertEquals("this run's image", Files.readString(cat.resolve("a-2.png")));
		assertEquals(List.of(), names(tmp.resolve("images")), "moved");
	}

	@Test
	void aCopyKeepsTheImagesPermissionsAndModificationTime() throws IOException {
		final Path a = image("a.png", "private image");
		Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rw-------"));
		final FileTime taken = FileTime.fromMillis(978_307_200_000L);
		Files.setLastModifiedTime(a, taken);
		final Path copy = sorter(false).place("a.png", "dog");
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
			copy)), "a private image stays private");
		assertEquals(taken, Files.getLastModifiedTime(copy));
		assertEquals(List.of("a.png"), names(copy.getParent()));
	}
}
