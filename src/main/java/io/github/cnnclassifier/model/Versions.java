package io.github.cnnclassifier.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Versions of the plugin and the libraries it computes with, for the model file. */
public final class Versions {

	private Versions() {}

	/** Plugin, Deeplearning4j, ND4J backend, ImageJ and Java versions by name. */
	public static Map<String, String> all() {
		final Map<String, String> v = new LinkedHashMap<>();
		v.put("cnn_classifier", pomVersion(Versions.class, "io.github.cnnclassifier",
			"CNN_Classifier"));
		v.put("deeplearning4j", pomVersion(MultiLayerNetwork.class, "org.deeplearning4j",
			"deeplearning4j-nn"));
		v.put("engine", Nd4jBackend.describe());
		v.put("imagej", imagej());
		v.put("java", System.getProperty("java.version"));
		return v;
	}

	/** ImageJ's version as it names its releases, e.g. {@code 1.54p}. */
	public static String imagej() {
		return imagej(ij.IJ.getVersion(), ij.IJ.getFullVersion());
	}

	/**
	 * ImageJ's version as it names its releases; a daily build adds its
	 * number. NB: IJ.getFullVersion() appends "99" to a release.
	 */
	static String imagej(final String version, final String fullVersion) {
		final String build = fullVersion.startsWith(version) ? fullVersion.substring(version
			.length()) : "";
		return build.isEmpty() || build.equals("99") ? version : version + " (daily build " +
			build + ")";
	}

	/** NB: read from the jar's Maven properties; "development" when run from classes. */
	public static String pomVersion(final Class<?> c, final String group,
		final String artifact)
	{
		final String path = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
		try (InputStream in = c.getResourceAsStream(path)) {
			if (in == null) return "development";
			final Properties p = new Properties();
			p.load(in);
			return p.getProperty("version", "unknown");
		}
		catch (final IOException e) {
			return "unknown";
		}
	}
}
