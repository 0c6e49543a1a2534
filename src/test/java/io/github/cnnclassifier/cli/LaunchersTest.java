package io.github.cnnclassifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The two launchers, {@code cnn-classifier} (bash) and {@code
 * cnn-classifier.cmd} (Windows), offer the same things: the Windows one
 * cannot run here, so its text is held to the bash one's (which the ITs run).
 */
class LaunchersTest {

	private static final Path BASH = Path.of("cnn-classifier"), CMD = Path.of(
		"cnn-classifier.cmd");

	/** What both launchers must spell out: arguments, JVM options, class-data sharing, Spark. */
	private static final List<String> BOTH = List.of(
		// the arguments they take
		"--spark", "--run", "-batch", "--batch", "install", "uninstall",
		// how they start the plugin
		"JAVA_OPTS", "CNN_CLASSIFIER_NO_BUILD", "--add-opens=java.base/java.lang=ALL-UNNAMED",
		"--add-modules=jdk.incubator.vector", "-Djava.awt.headless=true",
		"io.github.cnnclassifier.cli.Main",
		// class-data sharing: one archive per kind of run, written by a successful run
		"cnn-classifier-run.jsa", "cnn-classifier-batch.jsa", "-XX:SharedArchiveFile=",
		"-XX:ArchiveClassesAtExit=", "-Xlog:cds*=off", "-version",
		// -batch: ImageJ patched once, into a jar put first on the class path
		"io.github.cnnclassifier.cli.PatchedImageJ", "imagej-patched.jar",
		// Classify Folder with CNN on an in-process Spark
		"Classify Folder with CNN", "usage: --spark MASTER --run", "cnn-classifier-spark-",
		"org.apache.spark.deploy.SparkSubmit", "spark.ui.enabled=false",
		"spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector",
		"io.github.cnnclassifier.spark.ClassifyFolderJob", "log4j2.properties");

	@Test
	void bothLaunchersSpellOutTheSameArgumentsJvmOptionsArchivesAndSpark() throws IOException {
		for (final Path launcher : List.of(BASH, CMD)) {
			final String text = Files.readString(launcher);
			final List<String> missing = BOTH.stream().filter(s -> !text.contains(s)).toList();
			assertTrue(missing.isEmpty(), launcher + " lacks " + missing);
		}
	}

	/** Spark 3.5's own --add-opens for Java 17, the same in both. */
	@Test
	void bothLaunchersOpenTheSamePackagesToSpark() throws IOException {
		final Set<String> bash = opens(BASH), cmd = opens(CMD);
		assertTrue(bash.size() >= 15, bash.toString());
		assertEquals(bash, cmd);
	}

	/**
	 * NB: cmd.exe cuts a line at 8,191 characters and Spark's class path is
	 * about 16,000, so the Windows launcher reads it from the argument file
	 * the spark module writes from this template.
	 */
	@Test
	void theWindowsLauncherReadsSparksClassPathFromTheArgumentFileTheBuildWrites()
		throws IOException
	{
		assertTrue(Files.readString(CMD).contains("@\"%SPARK%\\target\\classpath.args\""));
		assertEquals("-cp \"${launcher.classpath}\"", Files.readString(Path.of("spark",
			"launcher", "classpath.args")).strip());
		assertTrue(Files.readString(Path.of("spark", "pom.xml")).contains(
			"<outputProperty>launcher.classpath</outputProperty>"));
	}

	private static Set<String> opens(final Path launcher) throws IOException {
		final Set<String> found = new TreeSet<>();
		final Matcher m = Pattern.compile("--add-opens=(\\S+)").matcher(Files.readString(
			launcher));
		while (m.find()) found.add(m.group(1).replaceAll("[\"']$", ""));
		return found;
	}
}
