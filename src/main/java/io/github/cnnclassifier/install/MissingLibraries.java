package io.github.cnnclassifier.install;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns the errors of a missing jar (a class, ND4J's native code, a too-old
 * Java) into one message that names what is missing and how to install it.
 * <p>
 * NB: uses only the JDK, so it works whatever library is missing.
 * </p>
 */
public final class MissingLibraries {

	private MissingLibraries() {}

	/**
	 * What is missing, if {@code error} (or one of its causes) is a class,
	 * native library or Java version problem; empty otherwise.
	 *
	 * @param appDir the Fiji or ImageJ folder, for the install command; may be null
	 */
	public static Optional<String> explain(final Throwable error, final String appDir) {
		final String folder = appDir == null ? "/path/to/Fiji.app" : appDir.replaceAll(
			"[/\\\\]$", "");
		for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof UnsupportedClassVersionError) {
				return Optional.of("CNN Classifier needs Java 17 or newer; this ImageJ runs " +
					"Java " + System.getProperty("java.version") + ". Use a current Fiji (Java 21).");
			}
			if (t instanceof UnsatisfiedLinkError) return Optional.of(natives(t, folder));
			if (t instanceof NoClassDefFoundError && String.valueOf(t.getMessage()).startsWith(
				"Could not initialize class org.nd4j"))
			{
				return Optional.of("ND4J failed to start earlier in this session (see the first " +
					"error); restart after fixing it. " + natives(t, folder));
			}
			if (t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) {
				return Optional.of(classes(t, folder));
			}
		}
		return Optional.empty();
	}

	private static String classes(final Throwable t, final String folder) {
		final String missingClass = String.valueOf(t.getMessage()).replace('/', '.');
		final List<Artifact> missing = missing(classPath()).stream().filter(a -> a
			.platform() == null).toList();
		return "A library is missing: class " + missingClass + " was not found. " + (missing
			.isEmpty() ? "" : "Not on the class path: " + names(missing) + ". ") + "Install " +
			"all libraries with: ./cnn-classifier install " + folder;
	}

	private static String natives(final Throwable t, final String folder) {
		final Platform here = Platform.current();
		if (here == null) {
			return "ND4J has no native code for " + System.getProperty("os.name") + " on " +
				System.getProperty("os.arch") + " (" + t.getMessage() + ").";
		}
		final List<Artifact> missing = missing(classPath()).stream().filter(a -> a
			.platform() == here).toList();
		// NB: "no jnind4jcpu in java.library.path: <a long list>" needs only its start.
		final String reason = String.valueOf(t.getMessage()).replaceAll(
			" in java\\.library\\.path.*", "");
		return "ND4J's native code for " + here + " did not load (" + reason + "). " +
			(missing.isEmpty() ? "" : "Not on the class path: " + names(missing) + ". ") +
			"Install it with: ./cnn-classifier install --platform=" + here + " " + folder;
	}

	/**
	 * The plugin's libraries (natives for this platform) of which no version
	 * is among {@code jars} (file names).
	 */
	static List<Artifact> missing(final Set<String> jars) {
		final Platform here = Platform.current();
		// NB: slf4j-nop only silences SLF4J's warning that it has no binding.
		return Artifact.runtime().stream().filter(a -> !Installer.LAUNCHER_ONLY.contains(a
			.artifactId()) && !Installer.NOT_FOR_FIJI.contains(a.artifactId())).map(
				a -> a.platform() != null && here != null ? a.on(here) : a).distinct().filter(
					a -> jars.stream().noneMatch(j -> a.versionIn(j) != null)).toList();
	}

	/** The file names of the jars of {@code java.class.path} and of this class's loaders. */
	private static Set<String> classPath() {
		final Set<String> names = new LinkedHashSet<>();
		for (final String entry : System.getProperty("java.class.path", "").split(
			File.pathSeparator))
		{
			if (!entry.isEmpty()) names.add(new File(entry).getName());
		}
		for (ClassLoader l = MissingLibraries.class.getClassLoader(); l != null; l = l
			.getParent())
		{
			if (!(l instanceof URLClassLoader)) continue;
			for (final URL url : ((URLClassLoader) l).getURLs()) {
				try {
					names.add(Paths.get(url.toURI()).getFileName().toString());
				}
				catch (final Exception e) {
					// NB: not a file URL: cannot be one of our jars.
				}
			}
		}
		return names;
	}

	private static String names(final List<Artifact> artifacts) {
		return artifacts.stream().map(Artifact::fileName).collect(Collectors.joining(", "));
	}
}
