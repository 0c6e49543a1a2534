package io.github.cnnclassifier.install;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One jar of the plugin's runtime class path, by its Maven coordinates
 * ({@code classifier} is null for a main jar).
 */
public record Artifact(String groupId, String artifactId, String version, String classifier) {

	/** The list the build writes into the jar (maven-dependency-plugin's {@code list} goal). */
	static final String RESOURCE = "/META-INF/cnn-classifier/dependencies.txt";

	/** A jar file name's version and classifier, for a known artifactId. */
	private static final Pattern VERSION_CLASSIFIER = Pattern.compile(
		"(\\d[^-]*(?:-(?!(?:linux|macosx|windows|android|ios)-)[^-]+)*)" +
			"(?:-((?:linux|macosx|windows|android|ios)-.+))?");

	/** The plugin's runtime dependencies, as listed inside its jar; empty when not built by Maven. */
	public static List<Artifact> runtime() {
		try (InputStream in = Artifact.class.getResourceAsStream(RESOURCE)) {
			if (in == null) return List.of();
			final List<String> lines = new ArrayList<>();
			try (BufferedReader r = new BufferedReader(new InputStreamReader(in,
				StandardCharsets.UTF_8)))
			{
				for (String line = r.readLine(); line != null; line = r.readLine()) lines.add(line);
			}
			return parse(lines);
		}
		catch (final IOException e) {
			throw new InstallException("Cannot read the plugin's list of libraries " + RESOURCE +
				": " + e.getMessage() + ". Rebuild it with mvn package.", e);
		}
	}

	/**
	 * The artifacts in the output of {@code mvn dependency:list}, lines such as
	 * {@code "   org.nd4j:nd4j-native:jar:linux-x86_64:1.0.0-M2.1:compile -- module nd4j.cpu"}.
	 */
	static List<Artifact> parse(final List<String> lines) {
		final List<Artifact> artifacts = new ArrayList<>();
		for (final String line : lines) {
			String s = line.trim();
			final int module = s.indexOf(" -- ");
			if (module >= 0) s = s.substring(0, module);
			final String[] p = s.split(":");
			if (p.length == 5 && p[2].equals("jar")) {
				artifacts.add(new Artifact(p[0], p[1], p[3], null));
			}
			else if (p.length == 6 && p[2].equals("jar")) {
				artifacts.add(new Artifact(p[0], p[1], p[4], p[3]));
			}
		}
		return artifacts;
	}

	/** The file name Maven gives it, e.g. {@code nd4j-native-1.0.0-M2.1-linux-x86_64.jar}. */
	public String fileName() {
		return artifactId + "-" + version + (classifier == null ? "" : "-" + classifier) + ".jar";
	}

	/**
	 * The file name for a folder that has another group's jar of the same
	 * name, e.g. {@code nd4j-guava-1.0.0-M2.1.jar} beside Google's
	 * {@code guava-33.4.0-jre.jar}. NB: the ImageJ Updater takes two jars
	 * whose names differ only in the version for two versions of one library,
	 * and offers to delete one.
	 */
	String distinctFileName() {
		return groupId.substring(groupId.lastIndexOf('.') + 1) + "-" + fileName();
	}

	/** For {@code mvn dependency:get -Dartifact=...}. */
	String coordinates() {
		return groupId + ":" + artifactId + ":" + version + ":jar" + (classifier == null ? ""
			: ":" + classifier);
	}

	/** The platform of a native jar, or null for a plain one. */
	public Platform platform() {
		return classifier == null ? null : Platform.ofClassifier(classifier);
	}

	/**
	 * Whether this artifact's natives exist for {@code platform}. NB: JavaCPP
	 * 1.5.7 builds HDF5 (Keras import) for every platform but macOS on Apple
	 * Silicon.
	 */
	boolean existsOn(final Platform platform) {
		return !(artifactId.equals("hdf5") && platform == Platform.MACOS_ARM64);
	}

	/** The same artifact with natives for {@code platform}. */
	Artifact on(final Platform platform) {
		return new Artifact(groupId, artifactId, version, platform.classifier());
	}

	/**
	 * The version of this artifact (same artifactId and classifier, any
	 * version) that a jar file name holds, e.g. {@code 2.97.1} for
	 * {@code scijava-common-2.97.1.jar}; null when the file is another artifact.
	 */
	String versionIn(final String fileName) {
		if (!fileName.startsWith(artifactId + "-") || !fileName.endsWith(".jar")) return null;
		final String rest = fileName.substring(artifactId.length() + 1, fileName.length() - 4);
		final Matcher m = VERSION_CLASSIFIER.matcher(rest);
		if (!m.matches()) return null;
		final String c = m.group(2);
		return (classifier == null ? c == null : classifier.equals(c)) ? m.group(1) : null;
	}

	/**
	 * Whether {@code jar}, whose name has this artifactId, is another group's
	 * library (its Maven metadata names another groupId for this artifactId
	 * and not ours), such as Google's guava for ND4J's shaded org.nd4j:guava;
	 * false for a jar without Maven metadata.
	 */
	boolean isNamesakeIn(final Path jar) {
		final String suffix = "/" + artifactId + "/pom.properties";
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			final List<String> groups = zip.stream().map(ZipEntry::getName).filter(n -> n
				.startsWith("META-INF/maven/") && n.endsWith(suffix)).map(n -> n.substring(15, n
					.length() - suffix.length())).toList();
			return !groups.isEmpty() && !groups.contains(groupId);
		}
		catch (final IOException e) {
			return false;
		}
	}

	@Override
	public String toString() {
		return artifactId + (classifier == null ? "" : ":" + classifier) + " " + version;
	}
}
