package io.github.cnnclassifier.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./cnn-classifier --spark MASTER --run "Classify Folder with CNN" "..."}, as a user runs it. */
class SparkLauncherIT {

	private static final Path LAUNCHER = Paths.get("..", "cnn-classifier").toAbsolutePath();

	@TempDir
	Path tmp;

	@Test
	void launcherRunsTheJobOnALocalSparkAndTheExecutorSaysWhichEngine() throws Exception {
		final Path folder = SparkFixtures.folder(tmp.resolve("images"), 3);
		final Path csv = tmp.resolve("out/results.csv");
		Files.createDirectories(csv.getParent());

		final Run r = launch("--spark", "local[1]", "--run", "Classify Folder with CNN",
			"folder='" + folder + "',model='" + SparkFixtures.model() + "',results='" + csv + "'");

		assertEquals(0, r.status, r.output);
		assertTrue(r.output.contains("computed by vector engine"), r.output);
		assertTrue(r.output.contains("Classified 31 of 32 files (70 rows) on Spark local[1]"),
			r.output);
		assertTrue(r.output.contains("odd/broken.png"), r.output);
		assertEquals(71, Files.readAllLines(csv).size());
		assertTrue(Files.isRegularFile(tmp.resolve("out/results-counts.csv")));
	}

	@Test
	void missingModelIsOneLineWithStatus1() throws Exception {
		final Path model = tmp.resolve("no-such-model.zip");
		final Path csv = tmp.resolve("r.csv");

		final Run r = launch("--spark", "local[1]", "--run", "Classify Folder with CNN",
			"folder='" + SparkFixtures.IMAGES.toAbsolutePath() + "',model='" + model +
				"',results='" + csv + "'");

		assertEquals(1, r.status, r.output);
		assertTrue(r.output.contains("\nModel file not found: " + model + ". Train one with"),
			r.output);
		assertFalse(r.output.contains("Exception"), r.output);
		assertFalse(Files.exists(csv));
	}

	@Test
	void aModelThatFitsNoImageIsOneLineWithStatus1() throws Exception {
		final Path folder = SparkFixtures.folder(tmp.resolve("images"), 3);
		final Path csv = tmp.resolve("r.csv");

		final Run r = launch("--spark", "local[1]", "--run", "Classify Folder with CNN",
			"folder='" + folder + "',model='" + SparkFixtures.twoChannelModel() + "',results='" +
				csv + "',partitions=1");

		assertEquals(1, r.status, r.output);
		// NB: Spark logs the failed task's exception; the job's own last word is one line.
		final String last = r.output.strip().substring(r.output.strip().lastIndexOf('\n') + 1);
		assertTrue(last.startsWith("The model does not fit the images in " + folder + ": the " +
			"first 20 files were all left out. Cannot classify image "), r.output);
		assertFalse(r.output.contains("Exception in thread"), r.output);
		assertFalse(Files.exists(csv));
	}

	@Test
	void otherCommandIsAUsageError() throws Exception {
		final Run r = launch("--spark", "local[1]", "--run", "Train CNN Classifier", "data=x");
		assertEquals(2, r.status, r.output);
		assertTrue(r.output.startsWith("cnn-classifier: usage: --spark MASTER --run " +
			"\"Classify Folder with CNN\""), r.output);
	}

	private record Run(int status, String output) {}

	private Run launch(final String... args) throws IOException, InterruptedException {
		final List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
		command.addAll(List.of(args));
		final ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
		// NB: the jars this build made; a stale one fails the test instead of building again.
		pb.environment().put("CNN_CLASSIFIER_NO_BUILD", "1");
		final Process p = pb.start();
		final byte[] out = p.getInputStream().readAllBytes();
		if (!p.waitFor(5, TimeUnit.MINUTES)) p.destroyForcibly();
		return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
	}
}
