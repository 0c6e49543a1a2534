package io.github.cnnclassifier.install;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an installation copies: the plugin jar and its runtime dependencies,
 * with the files (in the local Maven repository) that hold them.
 *
 * @param pluginJar the plugin's own jar
 * @param dependencies the runtime dependencies, natives for the build machine included
 * @param files where each dependency's jar is, by file name
 */
public record Bundle(Path pluginJar, List<Artifact> dependencies, Map<String, Path> files) {

	/**
	 * The bundle of this JVM: the jar this class came from, the dependency
	 * list inside it, and their files on the class path (as
	 * {@code ./cnn-classifier} starts Java).
	 *
	 * @throws InstallException when not run from the built jar
	 */
	public static Bundle ofThisJvm() {
		final Path jar;
		try {
			jar = Paths.get(Bundle.class.getProtectionDomain().getCodeSource().getLocation()
				.toURI());
		}
		catch (final URISyntaxException | RuntimeException e) {
			throw new InstallException("Cannot find the plugin's jar: " + e.getMessage());
		}
		final List<Artifact> dependencies = Artifact.runtime();
		if (!Files.isRegularFile(jar) || dependencies.isEmpty()) {
			throw new InstallException("Install runs from the built jar (" + jar + " is not " +
				"one): run ./cnn-classifier install, which builds it with mvn package.");
		}
		final List<Path> classPath = new ArrayList<>();
		for (final String entry : System.getProperty("java.class.path").split(
			File.pathSeparator))
		{
			if (!entry.isEmpty()) classPath.add(Paths.get(entry));
		}
		return of(jar, dependencies, classPath);
	}

	/** The bundle of {@code pluginJar} whose dependencies' jars are among {@code classPath}. */
	static Bundle of(final Path pluginJar, final List<Artifact> dependencies,
		final List<Path> classPath)
	{
		final Map<String, Path> files = new HashMap<>();
		for (final Path p : classPath) {
			if (p.getFileName() != null) files.putIfAbsent(p.getFileName().toString(), p);
		}
		return new Bundle(pluginJar, List.copyOf(dependencies), Map.copyOf(files));
	}

	/** The version of the plugin, from its jar's name, e.g. {@code 0.1.0}. */
	public String version() {
		final String name = pluginJar.getFileName().toString();
		final int dash = name.indexOf('-');
		return dash < 0 || !name.endsWith(".jar") ? "development" : name.substring(dash + 1,
			name.length() - 4);
	}

	/**
	 * Where {@code artifact}'s jar is or, for another platform's natives, where
	 * Maven puts it when it downloads it: beside the main jar of the same
	 * artifact in the local repository. Null when neither is known.
	 */
	Path file(final Artifact artifact) {
		final Path known = files.get(artifact.fileName());
		if (known != null) return known;
		final Path main = files.get(new Artifact(artifact.groupId(), artifact.artifactId(),
			artifact.version(), null).fileName());
		return main == null ? null : main.resolveSibling(artifact.fileName());
	}
}
