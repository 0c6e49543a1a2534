package io.github.cnnclassifier.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.data.BadFiles;
import io.github.cnnclassifier.folder.FolderClassifier;
import io.github.cnnclassifier.folder.FolderJob;
import io.github.cnnclassifier.folder.FolderSummary;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.predict.Classifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job in Spark's local mode against Classify Folder with CNN on the same folder. */
class ClassifyFolderJobTest {

	@TempDir
	static Path shared;

	@TempDir
	Path tmp;

	private static Path folder;
	private static Path expected;
	private static FolderSummary classifyFolder;

	/** Classify Folder with CNN's own results on the test folder: what the job must write. */
	@BeforeAll
	static void classifyFolder() throws IOException {
		folder = SparkFixtures.folder(shared.resolve("images"), 12);
		expected = shared.resolve("classify-folder.csv");
		try (Classifier c = new Classifier(ModelIO.load(SparkFixtures.model()))) {
			classifyFolder = new FolderClassifier(c, 128, BadFiles.SKIP).run(FolderJob.of(folder,
				expected), p -> {});
		}
	}

	@Test
	void jobCsvEqualsClassifyFolderCsvAndUnreadableFilesAreSkippedAndNamed() throws IOException {
		final Path results = tmp.resolve("spark.csv");
		final ClassifyFolderJob.Summary s = run(results, "partitions=3", "mini_batch_size=16");

		assertSameResults(expected, results);
		assertEquals(Files.readString(FolderJob.of(folder, expected).countsFile()), Files
			.readString(tmp.resolve("spark-counts.csv")));
		assertEquals(1, classifyFolder.skipped().size());
		assertEquals(1, s.skipped().size());
		assertTrue(s.skipped().get(0).contains("broken.png"), s.skipped().get(0));
		assertTrue(s.toString().contains("Skipped 1 files:"), s.toString());
		assertEquals(classifyFolder.rows(), s.rows());
		assertFalse(Files.exists(tmp.resolve("spark.csv.parts")), "the parts are gone");
		try (var files = Files.list(tmp)) {
			assertEquals(Set.of("spark.csv", "spark-counts.csv"), files.map(p -> p.getFileName()
				.toString()).collect(java.util.stream.Collectors.toSet()), "no .crc or temporary files");
		}
	}

	@Test
	void killedJobRestartedFinishesWithoutDuplicatesAndSkipsFinishedParts() throws IOException {
		final Path results = tmp.resolve("killed.csv");
		final JavaSparkContext sc = SparkFixtures.spark();
		final JobOptions options = JobOptions.parse("folder=" + folder, "model=" + SparkFixtures
			.model(), "results=" + results, "partitions=4");
		// NB: the killed run: parts 0 and 2 committed, part 1 half-written by an attempt.
		final byte[] bytes = Files.readAllBytes(SparkFixtures.model());
		final String id = Part.sha256(bytes);
		final org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(results.toString());
		final List<Part> parts = Part.of(ImageListing.list(FileSystem.getLocal(sc
			.hadoopConfiguration()), new org.apache.hadoop.fs.Path(folder.toString()), ""), 4, id);
		final PartTask task = new PartTask(folder.toString(), results.toString(), sc
			.hadoopConfiguration(), id, "digits.zip", sc.broadcast(bytes), 128);
		task.call(parts.get(0));
		task.call(parts.get(2));
		final PartStore store = new PartStore(FileSystem.getLocal(sc.hadoopConfiguration()), out);
		final Path half = Path.of(store.temporary(parts.get(1)).toUri().getPath());
		Files.writeString(half, "even/1/half-written,1,");

		final ClassifyFolderJob.Summary s = new ClassifyFolderJob(options).run(sc);

		assertEquals(4, s.parts());
		assertEquals(2, s.reused());
		assertSameResults(expected, results);
		final List<String[]> rows = SparkFixtures.rows(results);
		final Set<String> keys = new HashSet<>();
		for (final String[] r : rows) assertTrue(keys.add(r[0] + "#" + r[1]), "duplicate " + r[0]);
		assertEquals(classifyFolder.rows() + 1, rows.size());
	}

	@Test
	void imagesOnAnotherFileSystemAreCopiedAndABadOneIsNamedByItsOwnPath() throws IOException {
		final JavaSparkContext sc = SparkFixtures.spark();
		sc.hadoopConfiguration().set("fs.other.impl", OtherFileSystem.class.getName());
		final Path results = tmp.resolve("other.csv");

		final ClassifyFolderJob.Summary s = new ClassifyFolderJob(JobOptions.parse("folder=other://" +
			folder.toAbsolutePath(), "model=other://" + SparkFixtures.model().toAbsolutePath(),
			"results=" + results)).run(sc);

		assertSameResults(expected, results);
		assertEquals(1, s.skipped().size());
		assertTrue(s.skipped().get(0).contains("other:" + folder.toAbsolutePath().resolve(
			"odd/broken.png")), s.skipped().get(0));
	}

	@Test
	void parquetOnRequestHoldsTheSameRowsTypedAndTheCountsBeside() throws IOException {
		final Path results = tmp.resolve("plates.parquet");

		run(results, "format=parquet", "partitions=3");

		final List<Row> rows = SparkSession.builder().sparkContext(SparkFixtures.spark().sc())
			.getOrCreate().read().parquet(results.toString()).orderBy("File", "Slice")
			.collectAsList();
		final List<String[]> e = SparkFixtures.rows(expected);
		assertEquals(e.size() - 1, rows.size());
		for (int i = 0; i < rows.size(); i++) {
			final Row r = rows.get(i);
			final String[] x = e.get(i + 1);
			assertEquals(x[0], r.getString(0), "file of row " + i);
			assertEquals(Integer.parseInt(x[1]), r.getInt(1));
			assertEquals(x[2], r.getString(2));
			for (int k = 3; k < x.length; k++) {
				assertEquals(Double.parseDouble(x[k]), r.getFloat(k), 1e-6, "column " + k);
			}
		}
		assertEquals(e.get(0).length, rows.get(0).size());
		assertEquals(Files.readString(FolderJob.of(folder, expected).countsFile()), Files
			.readString(tmp.resolve("plates-counts.csv")));
	}

	@Test
	void resultsThatAreTheImageFolderAreRefusedEvenWithOverwrite() throws IOException {
		final long before;
		try (var s = Files.walk(folder)) {
			before = s.count();
		}

		final JobException e = assertThrows(JobException.class, () -> run(folder,
			"overwrite=true", "format=parquet"));

		assertEquals("Results " + folder + " would replace the image folder. Give a file " +
			"beside it.", e.getMessage().replace("file:", ""));
		try (var s = Files.walk(folder)) {
			assertEquals(before, s.count());
		}
	}

	@Test
	void finishedResultsAreRefusedWithoutOverwrite() throws IOException {
		final Path results = tmp.resolve("done.csv");
		Files.writeString(results, "File,Slice,Class,Confidence\n");

		final JobException e = assertThrows(JobException.class, () -> run(results));

		assertTrue(e.getMessage().startsWith("Results " + results + " are there from a " +
			"finished run."), e.getMessage());
		assertEquals("File,Slice,Class,Confidence\n", Files.readString(results));
		run(results, "overwrite=true");
		assertSameResults(expected, results);
	}

	@Test
	void missingFolderIsOneLineNamingIt() {
		final Path missing = tmp.resolve("nowhere");
		final JobException e = assertThrows(JobException.class, () -> new ClassifyFolderJob(
			JobOptions.parse("folder=" + missing, "model=" + SparkFixtures.model(), "results=" +
				tmp.resolve("r.csv"))).run(SparkFixtures.spark()));
		assertEquals("Image folder not found: " + missing + ". Choose the folder of images to " +
			"classify.", e.getMessage());
	}

	private static ClassifyFolderJob.Summary run(final Path results, final String... more) {
		final String[] args = new String[3 + more.length];
		args[0] = "folder=" + folder;
		args[1] = "model=" + SparkFixtures.model();
		args[2] = "results=" + results;
		System.arraycopy(more, 0, args, 3, more.length);
		return new ClassifyFolderJob(JobOptions.parse(args)).run(SparkFixtures.spark());
	}

	/** Same heading, same files and slices in the same order, same classes, probabilities within 1e-6. */
	private static void assertSameResults(final Path expected, final Path actual)
		throws IOException
	{
		final List<String[]> e = SparkFixtures.rows(expected);
		final List<String[]> a = SparkFixtures.rows(actual);
		assertEquals(String.join(",", e.get(0)), String.join(",", a.get(0)));
		assertEquals(e.size(), a.size());
		for (int i = 1; i < e.size(); i++) {
			assertEquals(e.get(i)[0], a.get(i)[0], "file of row " + i);
			assertEquals(e.get(i)[1], a.get(i)[1], "slice of row " + i);
			assertEquals(e.get(i)[2], a.get(i)[2], "class of row " + i);
			for (int k = 3; k < e.get(i).length; k++) {
				assertEquals(Double.parseDouble(e.get(i)[k]), Double.parseDouble(a.get(i)[k]), 1e-6,
					"column " + k + " of row " + i);
			}
		}
	}
}
