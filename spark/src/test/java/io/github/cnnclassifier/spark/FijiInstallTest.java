package io.github.cnnclassifier.spark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Spark never enters a Fiji installation: the plugin's jar and what install copies stay as they were. */
class FijiInstallTest {

	@Test
	void librariesInstallCopiesHoldNoSparkHadoopOrScala() throws IOException {
		final String list;
		try (InputStream in = getClass().getClassLoader().getResourceAsStream(
			"META-INF/cnn-classifier/dependencies.txt"))
		{
			assertNotNull(in, "the plugin jar's list of libraries");
			list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertTrue(list.contains("deeplearning4j-nn"), list);
		for (final String group : new String[] { "org.apache.spark", "org.apache.hadoop",
			"org.scala-lang" })
		{
			assertFalse(list.contains(group + ":"), group + " in " + list);
		}
	}

	@Test
	void jobClassesAreNotInThePluginJar() {
		final URL job = getClass().getClassLoader().getResource(
			"io/github/cnnclassifier/spark/ClassifyFolderJob.class");
		final URL plugin = getClass().getClassLoader().getResource(
			"io/github/cnnclassifier/api/CnnModel.class");
		assertFalse(job.toString().contains("CNN_Classifier"), job.toString());
		assertTrue(plugin.toString().contains("CNN_Classifier"), plugin.toString());
	}
}
