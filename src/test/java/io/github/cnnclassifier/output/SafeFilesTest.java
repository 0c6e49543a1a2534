package io.github.cnnclassifier.output;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.folder.Folders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeFilesTest {

	@TempDir
	Path dir;

	@Test
	void writeCreatesTheFile() throws IOException {
		final Path file = dir.resolve("model.zip");
		SafeFiles.write(file, "model", tmp -> Files.writeString(tmp, "fresh"));
		assertEquals("fresh", Files.readString(file));
		assertEquals(List.of("model.zip"), names(dir));
	}

	@Test
	void writeReplacesAnExistingFile() throws IOException {
		final Path file = dir.resolve("model.zip");
		Files.writeString(file, "old content that is longer");
		SafeFiles.write(file, "model", tmp -> Files.writeString(tmp, "new"));
		assertEquals("new", Files.readString(file));
		assertEquals(List.of("model.zip"), names(dir));
	}

	@Test
	void writerWritesToAnotherPathThanTheTarget() throws IOException {
		final Path file = dir.resolve("model.zip");
		Files.writeString(file, "old");
		SafeFiles.write(file, "model", tmp -> {
			assertFalse(tmp.toAbsolutePath().equals(file.toAbsolutePath()));
			assertEquals(file.toAbsolutePath().getParent(), tmp.toAbsolutePath().getParent());
			assertEquals("old", Files.readString(file), "old file intact while writing");
			Files.writeString(tmp, "new");
		});
		assertEquals("new", Files.readString(file));
	}

	@Test
	void failingWriterLeavesTheOldFileAndNoTemporaryFile() throws IOException {
		final Path file = dir.resolve("model.zip");
		Files.writeString(file, "old");
		final DataException e = assertThrows(DataException.class, () -> SafeFiles.write(file,
			"model", tmp -> {
				Files.writeString(tmp, "half a fi");
				throw new IOException("disk full");
			}));
		assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(
			"disk full"), e.getMessage());
		assertEquals("old", Files.readString(file));
		assertEquals(List.of("model.zip"), names(dir));
	}

	@Test
	void writerFailingWithARuntimeExceptionLeavesNoTemporaryFile() throws IOException {
		final Path file = dir.resolve("model.zip");
		Files.writeString(file, "old");
		assertThrows(IllegalStateException.class, () -> SafeFiles.write(file, "model",
			tmp -> {
				Files.writeString(tmp, "half");
				throw new IllegalStateException("bug");
			}));
		assertEquals("old", Files.readString(file));
		assertEquals(List.of("model.zip"), names(dir));
	}

	@Test
	void writeIntoAMissingFolderThrowsBeforeCallingTheWriter() {
		final Path file = dir.resolve("missing/model.zip");
		final DataException e = assertThrows(DataException.class, () -> SafeFiles.write(file,
			"model", tmp -> {
				throw new AssertionError("writer must not be called");
			}));
		assertTrue(e.getMessage().contains(dir.resolve("missing").toString()), e
			.getMessage());
	}

	@Test
	void checkWritableNamesTheMissingFolder() {
		final Path missing = dir.resolve("no/such/folder");
		final DataException e = assertThrows(DataException.class, () -> SafeFiles
			.checkWritable(missing.resolve("out.csv"), "results"));
		assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
		assertTrue(e.getMessage().contains("results"), e.getMessage());
	}

	@Test
	void checkWritableRefusesAFolder() throws IOException {
		final Path folder = Files.createDirectory(dir.resolve("model.zip"));
		final DataException e = assertThrows(DataException.class, () -> SafeFiles
			.checkWritable(folder, "model"));
		assertTrue(e.getMessage().contains(folder.toString()) && e.getMessage().contains(
			"folder"), e.getMessage());
	}

	@Test
	void checkWritableAcceptsANewFileInAnExistingFolder() throws IOException {
		SafeFiles.checkWritable(dir.resolve("new.zip"), "model");
		try (Stream<Path> s = Files.list(dir)) {
			assertEquals(0, s.count(), "checking creates nothing");
		}
	}

	@Test
	void aNewFileIsReadableByOthersAndAReplacedOneKeepsItsPermissions() throws IOException {
		final Path fresh = dir.resolve("fresh.csv");
		SafeFiles.write(fresh, "results", tmp -> Files.writeString(tmp, "a"));
		assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(
			fresh)));
		final Path old = dir.resolve("old.csv");
		Files.writeString(old, "old");
		Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-rw----"));
		SafeFiles.write(old, "results", tmp -> Files.writeString(tmp, "new"));
		assertEquals("new", Files.readString(old));
		assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(
			old)));
	}

	@Test
	void temporaryFilesAKilledRunLeftAreRemovedByTheNextWriteOfThatFile() throws IOException {
		final Path file = dir.resolve("results.csv");
		KilledWrites.leftover(dir.resolve(".results.csv.1234567890.tmp"), "half a fi");
		KilledWrites.leftover(dir.resolve(".results.csv.42.tmp"), "half");
		KilledWrites.leftover(dir.resolve(".other.csv.1234567890.tmp"), "another file's");
		KilledWrites.leftover(dir.resolve(".results.csv.backup.tmp"), "not ours");
		SafeFiles.write(file, "results", tmp -> Files.writeString(tmp, "whole"));
		assertEquals(List.of(".other.csv.1234567890.tmp", ".results.csv.backup.tmp",
			"results.csv"), names(dir));
	}

	@Test
	void aTemporaryFileWrittenSinceThisRunStartedIsAnotherWriteUnderWayAndKept()
		throws IOException
	{
		final Path file = dir.resolve("weights.zip");
		Files.writeString(dir.resolve(".weights.zip.1234567890.tmp"), "another run's download");
		SafeFiles.write(file, "weights", tmp -> Files.writeString(tmp, "whole"));
		assertEquals(List.of(".weights.zip.1234567890.tmp", "weights.zip"), names(dir));
	}

	@Test
	void createNeverReplacesAFileThatAppearedWhileItWasWritten() throws IOException {
		final Path file = dir.resolve("crop.tif");
		assertFalse(SafeFiles.create(file, "crop", tmp -> {
			Files.writeString(file, "another export's");
			Files.writeString(tmp, "ours");
		}));
		assertEquals("another export's", Files.readString(file));
		assertFalse(SafeFiles.create(file, "crop", tmp -> {
			throw new AssertionError("a file already there is not written again");
		}));
		assertEquals(List.of("crop.tif"), names(dir), "no temporary file left");
		final Path fresh = dir.resolve("fresh.tif");
		assertTrue(SafeFiles.create(fresh, "crop", tmp -> Files.writeString(tmp, "new")));
		assertEquals("new", Files.readString(fresh));
		assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(
			fresh)));
	}

	@Test
	void aCreatedFileIsOneWholeFileWithNoSecondLinkAndNoTemporaryFileLeft() throws IOException {
		// NB: the race this guards against (a file appearing between a check and a rename)
		// cannot be forced from a test; this checks that the link left behind is the file alone.
		final Path file = dir.resolve("crop.tif");
		assertTrue(SafeFiles.create(file, "crop", tmp -> Files.writeString(tmp, "ours")));
		assertEquals("ours", Files.readString(file));
		assertEquals(1, Files.getAttribute(file, "unix:nlink"));
		assertEquals(List.of("crop.tif"), names(dir));
		final Path copy = dir.resolve("copy.tif");
		assertTrue(SafeFiles.copy(file, copy));
		assertEquals(1, Files.getAttribute(copy, "unix:nlink"));
		assertEquals(List.of("copy.tif", "crop.tif"), names(dir));
	}

	@Test
	void aFolderMadeReadOnlyDuringAWriteIsNamedAsNoPermissionInOneLine() throws IOException {
		final Path folder = Files.createDirectory(dir.resolve("crops"));
		final Path file = folder.resolve("crop.tif");
		try {
			final DataException e = assertThrows(DataException.class, () -> SafeFiles.create(file,
				"crop", tmp -> {
					Files.writeString(tmp, "ours");
					Folders.readOnly(folder);
				}));
			assertTrue(e.getMessage().startsWith("Cannot save the crop to " + file +
				": no permission to write there"), e.getMessage());
			assertFalse(e.getMessage().contains("\n"), e.getMessage());
		}
		finally {
			Folders.writable(folder);
		}
	}

	@Test
	void whyNamesTheCauseOfFileSystemErrorsWhoseMessageIsOnlyAPath() {
		assertEquals("the folder, or the temporary file in it, is gone (/x/.a.tif.1.tmp) " +
			"(deleted meanwhile?). Check that nothing else removes it, or choose another path.",
			SafeFiles.why(new NoSuchFileException("/x/.a.tif.1.tmp")));
		assertEquals("the disk is full (/x/a.tif). Free some space or choose another path.",
			SafeFiles.why(new FileSystemException("/x/a.tif", null, "No space left on device")));
		assertEquals("the file system is read-only (/x/a.tif). Choose another path.", SafeFiles
			.why(new FileSystemException("/x/a.tif", null, "Read-only file system")));
		assertEquals("UnknownHostException: example.invalid.", SafeFiles.why(
			new java.net.UnknownHostException("example.invalid")));
	}

	@Test
	void aTemporaryFileReplacedByALinkIsNotWrittenThrough() throws IOException {
		// NB: the writers (writeText, crops, downloads) open their temporary file through
		// openTemporary; none lets a test swap the file between its creation and its opening.
		final Path other = Files.writeString(dir.resolve("other.csv"), "someone else's");
		Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rw-------"));
		final Path file = dir.resolve("results.csv");
		final DataException e = assertThrows(DataException.class, () -> SafeFiles.write(file,
			"results", tmp -> {
				Files.delete(tmp);
				Files.createSymbolicLink(tmp, other);
				SafeFiles.writeTemporary(tmp, "ours");
			}));
		assertTrue(e.getMessage().contains("replaced by a link"), e.getMessage());
		assertEquals("someone else's", Files.readString(other));
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
			other)));
		assertEquals(List.of("other.csv"), names(dir));
		assertThrows(DataException.class, () -> SafeFiles.create(file, "results", tmp -> {
			SafeFiles.writeTemporary(tmp, "ours");
			Files.delete(tmp);
			Files.createSymbolicLink(tmp, other);
		}), "a link put in place once the file is written gets neither its permissions nor a name");
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
			other)));
		assertEquals(List.of("other.csv"), names(dir));
	}

	@Test
	void aTemporaryFileDeletedMeanwhileIsNotCreatedAgain() throws IOException {
		final Path file = dir.resolve("results.csv");
		final DataException e = assertThrows(DataException.class, () -> SafeFiles.write(file,
			"results", tmp -> {
				Files.delete(tmp);
				SafeFiles.writeTemporary(tmp, "ours");
			}));
		assertTrue(e.getMessage().contains("is gone"), e.getMessage());
		assertEquals(List.of(), names(dir));
	}

	@Test
	void aCopyKeepsItsSourcesPermissionsAndTimeAndNeverReplacesAFile() throws IOException {
		final Path source = Files.writeString(dir.resolve("image.png"), "pixels");
		Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rw-r-----"));
		Files.setLastModifiedTime(source, FileTime.fromMillis(1_000_000_000_000L));
		final Path copy = Files.createDirectories(dir.resolve("sorted")).resolve("image.png");
		assertTrue(SafeFiles.copy(source, copy));
		assertEquals("pixels", Files.readString(copy));
		assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(
			copy)));
		assertEquals(Files.getLastModifiedTime(source), Files.getLastModifiedTime(copy));
		Files.writeString(source, "other pixels");
		assertFalse(SafeFiles.copy(source, copy));
		assertEquals("pixels", Files.readString(copy));
		assertEquals(List.of("image.png"), names(copy.getParent()), "no temporary file left");
	}

	@Test
	void leftoversAreListedByTheFileTheyWereFor() throws IOException {
		KilledWrites.leftover(dir.resolve(".a.png.123.tmp"), "half");
		KilledWrites.leftover(dir.resolve(".a.png.456.tmp"), "half");
		KilledWrites.leftover(dir.resolve(".b.png.7.tmp"), "half");
		KilledWrites.leftover(dir.resolve(".a.png1234.tmp"), "no separator: not ours");
		Files.writeString(dir.resolve("a.png"), "whole");
		final var left = SafeFiles.leftovers(dir);
		assertEquals(List.of("a.png", "b.png"), left.keySet().stream().sorted().toList());
		assertEquals(List.of(".a.png.123.tmp", ".a.png.456.tmp"), left.get("a.png").stream().map(
			p -> p.getFileName().toString()).sorted().toList());
	}

	private static List<String> names(final Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors
				.toList());
		}
	}
}
