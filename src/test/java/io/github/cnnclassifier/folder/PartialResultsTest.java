package io.github.cnnclassifier.folder;

import io.github.cnnclassifier.predict.Classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.data.DataException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partial results of a stopped folder run are untrusted: continuing them
 * checks what they belong to and every file they name, never follows a link,
 * lets one run at a time write them, and notices files added since.
 */
class PartialResultsTest {

	@TempDir
	Path tmp;

	/** Thrown from a progress listener to stop a run, as a kill would. */
	private static final class Stop extends RuntimeException {}

	private static FolderClassifier digits() {
		return new FolderClassifier(new Classifier(TestModels.digits()), 8, BadFiles.SKIP);
	}

	private static Consumer<FolderProgress> stopAfter(final int batches) {
		final int[] seen = { 0 };
		return p -> {
			if (++seen[0] == batches) throw new Stop();
		};
	}

	private static FolderJob job(final Path folder, final Path csv, final String shard,
		final Path sortTo, final boolean move)
	{
		return new FolderJob(folder, csv, "", true, Shard.of(shard), sortTo, move, false);
	}

	private static List<String> lines(final Path file) throws IOException {
		return Files.readAllLines(file, StandardCharsets.UTF_8);
	}

	private Path partial(final Path csv) {
		return Folders.partialOf(csv, TestModels.digitsFile());
	}

	/** The run stopped after one mini-batch of 8 rows; its partial file. */
	private Path stopped(final FolderJob job) {
		assertThrows(Stop.class, () -> digits().run(job, stopAfter(1)));
		final Path partial = partial(job.results());
		assertTrue(Files.isRegularFile(partial), partial.toString());
		return partial;
	}

	/**
	 * With sort_mode=move, the partial file a stopped run of {@code shard} of
	 * {@code root} left gets a row for {@code planted} before its last row;
	 * continuing must refuse in one line and leave every file (folder,
	 * sort_to, the partial file, the victim) as it was.
	 */
	private void plantedRowIsRefusedAndNothingMoves(final Path root, final String shard,
		final String planted) throws IOException
	{
		final Path csv = tmp.resolve("r.csv");
		final FolderJob job = job(root, csv, shard, tmp.resolve("sorted"), true);
		final Path partial = stopped(job);
		final List<String> rows = new ArrayList<>(lines(partial));
		final String[] last = rows.get(rows.size() - 1).split(",", 2);
		rows.add(rows.size() - 1, planted + "," + last[1]);
		Files.write(partial, (String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8));
		final Map<String, String> before = Folders.snapshot(tmp);
		final DataException e = assertThrows(DataException.class, () -> digits().run(job,
			p -> {}));
		assertTrue(e.getMessage().contains("'" + planted + "', which is not a file this run " +
			"classifies") && e.getMessage().contains("overwrite=true"), e.getMessage());
		assertEquals(1, e.getMessage().lines().count(), e.getMessage());
		assertEquals(before, Folders.snapshot(tmp), "nothing moved, deleted or written");
	}

	/** A digit outside the folder, where a planted row may point. */
	private Path victim(final String name) throws IOException {
		final Path v = tmp.resolve(name);
		Files.createDirectories(v.getParent());
		return Files.copy(Folders.digitFiles(5, 1).get(0), v);
	}

	@Test
	void partFileRowWithAbsolutePathIsRefusedAndNothingMoves() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 3);
		plantedRowIsRefusedAndNothingMoves(root, "", victim("victim.png").toString());
	}

	@Test
	void partFileRowWithDotDotIsRefusedAndNothingMoves() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 3);
		victim("victim.png");
		plantedRowIsRefusedAndNothingMoves(root, "", "../victim.png");
	}

	@Test
	void partFileRowThroughALinkedFolderIsRefusedAndNothingMoves() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 3);
		Files.createSymbolicLink(root.resolve("linked"), victim("outside/victim.png")
			.getParent());
		plantedRowIsRefusedAndNothingMoves(root, "", "linked/victim.png");
	}

	@Test
	void partFileRowOfAnotherShardIsRefusedAndNothingMoves() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 3);
		final String foreign = Folders.files(root).stream().filter(new Shard(2, 2)::contains)
			.reduce((a, b) -> b).get();
		plantedRowIsRefusedAndNothingMoves(root, "1/2", foreign);
	}

	@Test
	void aPartFileThatIsALinkIsRefusedAndNothingIsWrittenThroughIt() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 2);
		final Path csv = tmp.resolve("r.csv");
		final Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
		Files.createSymbolicLink(partial(csv), elsewhere.resolve("new.txt"));
		final DataException e = assertThrows(DataException.class, () -> digits().run(job(root,
			csv, "", null, false), p -> {}));
		assertTrue(e.getMessage().contains("are not a plain file (a link?)") && e.getMessage()
			.contains("overwrite=true"), e.getMessage());
		assertFalse(Files.exists(elsewhere.resolve("new.txt")), "not created through the link");
		final Path mine = Files.writeString(elsewhere.resolve("mine.txt"), "precious");
		Files.delete(partial(csv));
		Files.createSymbolicLink(partial(csv), mine);
		assertThrows(DataException.class, () -> digits().run(job(root, csv, "", null, false),
			p -> {}));
		assertEquals("precious", Files.readString(mine));
		assertTrue(Files.isSymbolicLink(partial(csv)));
		assertFalse(Files.exists(csv));
	}

	@Test
	void resultsOrCountsThatAreALinkAreRefusedEvenWithOverwrite() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 2);
		final Path mine = Files.writeString(tmp.resolve("mine.csv"), "Class,Confidence\n");
		for (final String name : new String[] { "r.csv", "r-counts.csv" }) {
			final Path link = Files.createSymbolicLink(tmp.resolve(name), mine);
			final DataException e = assertThrows(DataException.class, () -> digits().run(
				new FolderJob(root, tmp.resolve("r.csv"), "", true, Shard.ALL, null, false, true),
				p -> {}));
			assertTrue(e.getMessage().contains(link + ": it is a symbolic link"), e.getMessage());
			assertTrue(Files.isSymbolicLink(link));
			assertEquals("Class,Confidence\n", Files.readString(mine));
			Files.delete(link);
		}
	}

	@Test
	void aPartFileOfAnotherShardIsRefusedNamingTheShard() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 6);
		final Path csv = tmp.resolve("r.csv");
		final Path partial = stopped(job(root, csv, "1/2", null, false));
		final List<String> before = lines(partial);
		final DataException e = assertThrows(DataException.class, () -> digits().run(job(root,
			csv, "2/2", null, false), p -> {}));
		assertTrue(e.getMessage().contains("shard ('1/2' there, '2/2' now) differs") && e
			.getMessage().contains("overwrite=true"), e.getMessage());
		assertEquals(before, lines(partial));
		assertFalse(Files.exists(csv));
	}

	@Test
	void aPartFileOfAnotherFolderIsRefusedNamingTheFolder() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 6);
		final Path other = Folders.digits(tmp.resolve("other"), "", 6);
		final Path csv = tmp.resolve("r.csv");
		final Path partial = stopped(job(root, csv, "", null, false));
		final List<String> before = lines(partial);
		final DataException e = assertThrows(DataException.class, () -> digits().run(job(other,
			csv, "", null, false), p -> {}));
		assertTrue(e.getMessage().contains("folder ('" + root.toRealPath() + "' there, '" + other
			.toRealPath() + "' now) differs"), e.getMessage());
		assertEquals(before, lines(partial));
	}

	@Test
	void aPartFileWithAnotherPatternRecursiveOrSortingIsRefused() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 6);
		Files.copy(Folders.digitFiles(3, 1).get(0), root.resolve("top.png"));
		final Path csv = tmp.resolve("r.csv");
		final Path partial = stopped(job(root, csv, "", null, false));
		final List<String> before = lines(partial);
		final Map<FolderJob, String> others = Map.of(new FolderJob(root, csv, "*.png", true,
			Shard.ALL, null, false, false), "pattern ('' there, '*.png' now) differs",
			new FolderJob(root, csv, "", false, Shard.ALL, null, false, false),
			"recursive ('true' there, 'false' now) differs", job(root, csv, "", tmp.resolve(
				"sorted"), false), "sort_to or sort_mode differs");
		for (final Map.Entry<FolderJob, String> o : others.entrySet()) {
			final DataException e = assertThrows(DataException.class, () -> digits().run(o
				.getKey(), p -> {}));
			assertTrue(e.getMessage().contains(o.getValue()), e.getMessage());
		}
		assertEquals(before, lines(partial));
		// NB: mini_batch_size changes no row: another continues.
		final FolderSummary s = new FolderClassifier(new Classifier(TestModels.digits()), 5,
			BadFiles.SKIP).run(job(root, csv, "", null, false), p -> {});
		assertEquals(8 - 1, s.earlierRows(), "the last file is classified again");
		assertEquals(1 + 61, lines(csv).size());
	}

	@Test
	void aStoppedSortIntoANewFolderReachedThroughALinkContinues() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 3);
		final Path link = Files.createSymbolicLink(tmp.resolve("link"), Files.createDirectory(tmp
			.resolve("real")));
		final Path csv = tmp.resolve("r.csv");
		// NB: sort_to does not exist before the first run, and is made through the link.
		final FolderJob job = job(root, csv, "", link.resolve("sorted"), true);
		stopped(job);
		final FolderSummary s = digits().run(job, p -> {});
		assertEquals(8, s.earlierRows(), "moved files are done");
		assertEquals(30, Folders.files(tmp.resolve("real/sorted")).size());
	}

	@Test
	void anOldPartFileWithoutIdentityIsRefused() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 2);
		final Path csv = tmp.resolve("r.csv");
		final String old = String.join(",", digits().headings()) + "\n" + "0/" + Folders
			.digitFiles(0, 1).get(0).getFileName() + ",1,0,0.9" + ",0.1".repeat(10) + "\n";
		Files.writeString(partial(csv), old);
		final DataException e = assertThrows(DataException.class, () -> digits().run(job(root,
			csv, "", tmp.resolve("sorted"), true), p -> {}));
		assertTrue(e.getMessage().contains("do not say which folder, shard, pattern and model " +
			"they belong to") && e.getMessage().contains("overwrite=true"), e.getMessage());
		assertEquals(old, Files.readString(partial(csv)));
		assertEquals(20, Folders.files(root).size(), "nothing moved");
	}

	@Test
	void twoRunsOnTheSameResultsNeverBothSucceed() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 6);
		final Path csv = tmp.resolve("r.csv");
		final AtomicReference<Object> second = new AtomicReference<>();
		final boolean[] started = { false };
		// NB: the second run starts, on its own thread, while the first is in the middle.
		final FolderSummary first = digits().run(job(root, csv, "", null, false), p -> {
			if (started[0]) return;
			started[0] = true;
			final Thread t = new Thread(() -> {
				try {
					second.set(digits().run(job(root, csv, "", null, false), q -> {}));
				}
				catch (final RuntimeException e) {
					second.set(e);
				}
			});
			t.start();
			try {
				t.join();
			}
			catch (final InterruptedException e) {
				throw new IllegalStateException(e);
			}
		});
		assertTrue(second.get() instanceof DataException, String.valueOf(second.get()));
		final String message = ((DataException) second.get()).getMessage();
		assertTrue(message.contains("Results " + csv + " are being written by another run " +
			"(process " + ProcessHandle.current().pid() + " on "), message);
		assertEquals(60, first.rows());
		final List<String> files = lines(csv).stream().skip(1).map(l -> l.split(",")[0])
			.collect(Collectors.toList());
		assertEquals(Folders.files(root), files, "every file once, in order");
		assertFalse(Files.exists(csv.resolveSibling("r.csv.lock")), "the lock is gone");
	}

	@Test
	void aLockHeldByAnotherRunIsNamedAndALeftOverOneTakenOver() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 2);
		final Path csv = tmp.resolve("r.csv");
		final Path lockFile = tmp.resolve("r.csv.lock");
		try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE,
			StandardOpenOption.WRITE); FileLock held = ch.lock())
		{
			Files.writeString(lockFile, "4242@lab-pc\n");
			final DataException e = assertThrows(DataException.class, () -> digits().run(job(root,
				csv, "", null, false), p -> {}));
			assertTrue(e.getMessage().contains("being written by another run (process 4242 on " +
				"lab-pc, holding r.csv.lock)"), e.getMessage());
		}
		assertFalse(Files.exists(csv));
		// NB: a lock file left by a killed run is no longer locked: taken over.
		digits().run(job(root, csv, "", null, false), p -> {});
		assertEquals(21, lines(csv).size());
	}

	@Test
	void aLockFileThatIsALinkIsRefusedAndNotWrittenThrough() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 2);
		final Path csv = tmp.resolve("r.csv");
		final Path mine = Files.writeString(tmp.resolve("mine.txt"), "precious");
		Files.createSymbolicLink(tmp.resolve("r.csv.lock"), mine);
		final DataException e = assertThrows(DataException.class, () -> digits().run(job(root,
			csv, "", null, false), p -> {}));
		assertTrue(e.getMessage().contains("r.csv.lock is a link, not a lock file of ours"), e
			.getMessage());
		assertEquals("precious", Files.readString(mine));
		assertFalse(Files.exists(csv));
	}

	@Test
	void filesAddedBeforeTheResumePointAreClassifiedOnResume() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 6);
		final Path csv = tmp.resolve("r.csv");
		final FolderJob job = job(root, csv, "", null, false);
		assertThrows(Stop.class, () -> digits().run(job, stopAfter(3)));
		// NB: a microscope still writing: files that sort before where the run stopped.
		Files.copy(Folders.digitFiles(0, 8).get(7), root.resolve("0/new.png"));
		Files.copy(Folders.digitFiles(1, 8).get(7), root.resolve("0 new.png"));
		final FolderSummary s = digits().run(job, p -> {});
		assertTrue(s.line().contains("with 2 new files found before where it stopped"), s
			.line());
		final List<String> files = lines(csv).stream().skip(1).map(l -> l.split(",")[0])
			.collect(Collectors.toList());
		assertEquals(62, files.size(), files.toString());
		assertEquals(new HashSet<>(Folders.files(root)), new HashSet<>(files), "each file once");
	}

	@Test
	void aCountsFileOfAnotherKindIsReplacedOnlyWithOverwrite() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 2);
		final Path csv = tmp.resolve("r.csv");
		final Path counts = Files.writeString(tmp.resolve("r-counts.csv"), "my notes\n");
		final DataException e = assertThrows(DataException.class, () -> digits().run(job(root,
			csv, "", null, false), p -> {}));
		assertEquals("Cannot save the class counts to " + counts + ": that file exists and is " +
			"not class counts written by CNN Classifier (a CSV with Class, Count and Percent " +
			"columns). Choose another file name, or set overwrite=true to replace it.", e
				.getMessage());
		assertEquals("my notes\n", Files.readString(counts));
		assertFalse(Files.exists(csv));
		digits().run(new FolderJob(root, csv, "", true, Shard.ALL, null, false, true), p -> {});
		assertTrue(Files.readString(counts).startsWith("Class,Count,Percent\n"));
	}

	@Test
	void aCountsFileThatIsTheModelIsRefusedEvenWithOverwrite() throws IOException {
		final Path root = Folders.digits(tmp.resolve("digits"), "", 2);
		final Path model = Files.copy(TestModels.digitsFile(), tmp.resolve("r-counts.csv"));
		final byte[] before = Files.readAllBytes(model);
		final DataException e = assertThrows(DataException.class, () -> new FolderJob(root, tmp
			.resolve("r.csv"), "", true, Shard.ALL, null, false, true).check(model));
		assertTrue(e.getMessage().contains("Cannot save the class counts to " + model + ": it " +
			"is the model this command reads."), e.getMessage());
		assertEquals(List.of(before.length), List.of(Files.readAllBytes(model).length));
	}
}
