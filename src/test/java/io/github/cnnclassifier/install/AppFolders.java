package io.github.cnnclassifier.install;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Fiji and ImageJ folders for install tests, and the plugin's real bundle from the build. */
public final class AppFolders {

	/**
	 * Libraries a Fiji ships, by their file names (some versions differ from
	 * the plugin's; imglib2-algorithm is another artifact than imglib2).
	 */
	static final List<String> FIJI_JARS = List.of("ij-1.54f.jar", "scijava-common-2.97.1.jar",
		"parsington-3.1.0.jar", "imglib2-6.4.0.jar", "imglib2-algorithm-0.15.0.jar",
		"ij1-patcher-1.2.8.jar", "javassist-3.30.2-GA.jar", "gson-2.10.1.jar",
		"commons-io-2.11.0.jar", "slf4j-api-1.7.36.jar", "jna-5.14.0.jar");

	private AppFolders() {}

	/** A Fiji at {@code dir}: its jars (empty files), plugins/ and Jaunch's fiji.toml of 2025. */
	public static Path fiji(final Path dir) throws IOException {
		Files.createDirectories(dir.resolve("plugins"));
		Files.createDirectories(dir.resolve("jars/linux64"));
		for (final String jar : FIJI_JARS) Files.createFile(dir.resolve("jars").resolve(jar));
		Files.createDirectories(dir.resolve("config/jaunch"));
		Files.writeString(dir.resolve("config/jaunch/fiji.toml"), "jaunch-version = 1\n\n" +
			"program-name = 'Fiji'\n\nincludes = ['jvm.toml', 'python.toml']\n",
			StandardCharsets.UTF_8);
		return dir;
	}

	/** A plain ImageJ 1.x folder at {@code dir}: ij.jar, plugins/, macros/. */
	public static Path imagej(final Path dir) throws IOException {
		Files.createDirectories(dir.resolve("plugins"));
		Files.createDirectories(dir.resolve("macros"));
		Files.writeString(dir.resolve("ij.jar"), "ImageJ", StandardCharsets.UTF_8);
		return dir;
	}

	/** The plugin's bundle as the build made it: its dependency list and class path file. */
	static Bundle built(final Path tmp) throws IOException {
		final Path jar = Files.writeString(tmp.resolve("CNN_Classifier-9.9.9.jar"), "plugin",
			StandardCharsets.UTF_8);
		final List<Path> classPath = new ArrayList<>();
		for (final String p : Files.readString(Paths.get("target", "classpath.txt")).trim()
			.split(File.pathSeparator))
		{
			classPath.add(Paths.get(p));
		}
		return Bundle.of(jar, Artifact.runtime(), classPath);
	}

	/**
	 * A bundle of a few small files standing for the real jars (same names):
	 * a library, and natives for two platforms.
	 */
	static Bundle small(final Path tmp) throws IOException {
		final Path repo = Files.createDirectories(tmp.resolve("repository"));
		final List<Artifact> deps = List.of(new Artifact("org.nd4j", "nd4j-api", "1.0.0-M2.1",
			null), new Artifact("org.scijava", "scijava-common", "2.99.0", null), new Artifact(
				"org.nd4j", "nd4j-native", "1.0.0-M2.1", null), new Artifact("org.nd4j",
					"nd4j-native", "1.0.0-M2.1", "linux-x86_64"), new Artifact("org.bytedeco",
						"openblas", "0.3.19-1.5.7", "linux-x86_64"), new Artifact("org.bytedeco",
							"openblas", "0.3.19-1.5.7", null));
		final List<Path> files = new ArrayList<>();
		final Set<String> names = new TreeSet<>();
		for (final Artifact a : deps) names.add(a.fileName());
		names.add(deps.get(3).on(Platform.MACOS_ARM64).fileName());
		names.add(deps.get(4).on(Platform.MACOS_ARM64).fileName());
		for (final String name : names) {
			files.add(Files.writeString(repo.resolve(name), name, StandardCharsets.UTF_8));
		}
		final Path jar = Files.writeString(tmp.resolve("CNN_Classifier-9.9.9.jar"), "plugin");
		return Bundle.of(jar, deps, files);
	}

	/** A jar standing for a build of the plugin: it holds a class of the plugin's package. */
	public static Path pluginJar(final Path file) throws IOException {
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
			zip.putNextEntry(new ZipEntry("io/github/cnnclassifier/Old.class"));
			zip.write(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
		}
		return file;
	}

	/** Every file and folder below {@code dir} with its size: to compare before and after. */
	public static Map<String, Long> snapshot(final Path dir) throws IOException {
		final Map<String, Long> files = new TreeMap<>();
		try (Stream<Path> all = Files.walk(dir)) {
			for (final Path p : (Iterable<Path>) all::iterator) {
				files.put(dir.relativize(p).toString(), Files.isDirectory(p) ? -1 : Files.size(p));
			}
		}
		return files;
	}
}
