package io.github.cnnclassifier.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.install.Installer.Copy;
import io.github.cnnclassifier.install.Installer.Plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What install copies where, per platform and per kind of folder, and that
 * uninstall takes out exactly what install put in.
 */
class InstallerTest {

	@TempDir
	Path tmp;

	@Test
	void foldersThatAreNeitherFijiNorImageJAreRefusedInOneLine() throws IOException {
		final InstallException e = assertThrows(InstallException.class, () -> AppFolder.of(tmp));
		assertEquals(tmp + " is not a Fiji or ImageJ folder (no jars/ij-*.jar, no ij.jar): " +
			"give the folder that holds Fiji's jars/ and plugins/ (e.g. Fiji.app), or ImageJ's " +
			"ij.jar and plugins/.", e.getMessage());
		assertEquals("No such folder: " + tmp.resolve("nothing") + ". Give the Fiji.app or " +
			"ImageJ folder to install into.", assertThrows(InstallException.class, () -> AppFolder
				.of(tmp.resolve("nothing"))).getMessage());
		assertTrue(AppFolder.of(AppFolders.fiji(tmp.resolve("Fiji.app"))).fiji());
		// NB: Fiji since 2025: Fiji/ holds jars/ and the macOS bundle Fiji/Fiji.app.
		final Path fiji = AppFolders.fiji(tmp.resolve("Fiji"));
		Files.createDirectories(fiji.resolve("Fiji.app/Contents/MacOS"));
		assertEquals(fiji, AppFolder.of(fiji.resolve("Fiji.app")).root());
		assertFalse(AppFolder.of(AppFolders.imagej(tmp.resolve("ImageJ"))).fiji());
		// NB: Debian's imagej: -ijpath ~/.imagej with plugins/ and macros/, no ij.jar.
		Files.createDirectories(tmp.resolve(".imagej/plugins"));
		Files.createDirectories(tmp.resolve(".imagej/macros"));
		assertFalse(AppFolder.of(tmp.resolve(".imagej")).fiji());
	}

	@Test
	void debiansImagejFolderIsMadeWhenImagejHasNotRunYet() throws IOException {
		final Path home = Files.createDirectories(tmp.resolve("home"));
		final AppFolder app = AppFolder.of(home.resolve(".imagej"));
		assertFalse(app.fiji());
		assertTrue(Files.isDirectory(home.resolve(".imagej/plugins")));
		assertTrue(Files.isDirectory(home.resolve(".imagej/macros")));
		final Path empty = Files.createDirectories(tmp.resolve("other/.imagej"));
		assertFalse(AppFolder.of(empty).fiji(), "an empty ~/.imagej is made ready too");
		assertThrows(InstallException.class, () -> AppFolder.of(tmp.resolve("gone/.imagej")),
			"no parent: nothing is made");
		assertFalse(Files.exists(tmp.resolve("gone")));
		assertThrows(InstallException.class, () -> AppFolder.of(home.resolve("imagej")),
			"another name: nothing is made");
		assertFalse(Files.exists(home.resolve("imagej")));
	}

	/** The packaged layout per platform: what install --platform=X copies, and where. */
	@Test
	void eachPlatformGetsNd4jsNativesInFijisFolderForIt() throws IOException {
		final Bundle bundle = AppFolders.built(tmp);
		final AppFolder fiji = AppFolder.of(AppFolders.fiji(tmp.resolve("Fiji.app")));
		final Set<String> common = targets(fiji, Installer.plan(fiji, bundle, Set.of()));
		for (final Platform p : Platform.values()) {
			final Plan plan = Installer.plan(fiji, bundle, EnumSet.of(p));
			final Set<String> natives = targets(fiji, plan);
			natives.removeAll(common);
			final Set<String> expected = new java.util.HashSet<>(Set.of("jars/" + p.folder() +
				"/nd4j-native-1.0.0-M2.1-" + p.classifier() + ".jar", "jars/" + p.folder() +
					"/nd4j-native-preset-1.0.0-M2.1-" + p.classifier() + ".jar", "jars/" + p.folder() +
						"/openblas-0.3.19-1.5.7-" + p.classifier() + ".jar", "jars/" + p.folder() +
							"/javacpp-1.5.7-" + p.classifier() + ".jar"));
			// NB: HDF5 (Keras import) has no build for macOS on Apple Silicon.
			if (p != Platform.MACOS_ARM64) expected.add("jars/" + p.folder() + "/hdf5-1.12.1-1.5.7-" +
				p.classifier() + ".jar");
			assertEquals(expected, natives);
			for (final Copy c : plan.copies()) {
				assertEquals(c.artifact().fileName(), c.source().getFileName().toString());
				// NB: a clean build has only this machine's natives; others come on demand.
				if (p == Platform.current() || Files.exists(c.source())) {
					assertNativesOf(p, c);
				}
			}
		}
		assertEquals(common.size() + 24, Installer.plan(fiji, bundle, EnumSet.allOf(
			Platform.class)).copies().size());
	}

	/** A native jar holds the libraries of its platform (.so, .dylib or .dll under its name). */
	private static void assertNativesOf(final Platform p, final Copy c) throws IOException {
		if (c.artifact().platform() == null || c.artifact().artifactId().endsWith("-preset")) {
			return;
		}
		final String suffix = p == Platform.WIN64 ? ".dll" : p.classifier().startsWith("macosx")
			? ".dylib" : ".so";
		try (ZipFile zip = new ZipFile(c.source().toFile())) {
			assertTrue(zip.stream().anyMatch(e -> e.getName().contains("/" + p.classifier() +
				"/") && e.getName().endsWith(suffix)), c.source() + " has no " + suffix + " for " + p);
		}
	}

	@Test
	void plainImageJGetsEveryLibraryThePluginNeedsWithNativesInJars() throws IOException {
		final Bundle bundle = AppFolders.built(tmp);
		final AppFolder imagej = AppFolder.of(AppFolders.imagej(tmp.resolve("ImageJ")));
		final Plan plan = Installer.plan(imagej, bundle, EnumSet.of(Platform.LINUX64,
			Platform.WIN64));
		final Set<String> copied = plan.copies().stream().map(c -> c.artifact().artifactId())
			.collect(Collectors.toSet());
		// NB: the five jars the first README left out, without which nothing at all happened.
		assertTrue(copied.containsAll(List.of("scijava-common", "slf4j-api", "gson",
			"commons-lang3", "commons-io", "parsington", "imglib2", "deeplearning4j-nn",
			"nd4j-native", "slf4j-nop")), copied.toString());
		final Set<String> expected = bundle.dependencies().stream().map(Artifact::artifactId)
			.filter(a -> !Installer.LAUNCHER_ONLY.contains(a)).collect(Collectors.toSet());
		expected.add("CNN_Classifier");
		assertEquals(expected, copied);
		assertTrue(plan.present().isEmpty(), plan.present().toString());
		assertTrue(targets(imagej, plan).contains("plugins/CNN_Classifier-9.9.9.jar"));
		assertTrue(targets(imagej, plan).contains("jars/nd4j-native-1.0.0-M2.1-windows-x86_64.jar"));
		assertTrue(targets(imagej, plan).contains("jars/javacpp-1.5.7-linux-x86_64.jar"));
	}

	@Test
	void fijiKeepsItsOwnLibrariesWhateverTheirVersion() throws IOException {
		final Bundle bundle = AppFolders.built(tmp);
		final AppFolder fiji = AppFolder.of(AppFolders.fiji(tmp.resolve("Fiji.app")));
		final Plan plan = Installer.plan(fiji, bundle, EnumSet.of(Platform.LINUX64));
		final Set<String> copied = plan.copies().stream().map(c -> c.artifact().artifactId())
			.collect(Collectors.toSet());
		for (final String never : List.of("ij", "scijava-common", "imglib2", "parsington",
			"ij1-patcher", "javassist", "classgraph", "gson", "commons-io", "slf4j-api",
			"slf4j-nop", "jna"))
		{
			assertFalse(copied.contains(never), never + " copied into Fiji: " + copied);
		}
		assertTrue(copied.containsAll(List.of("deeplearning4j-nn", "nd4j-api", "jna-platform",
			"commons-lang3")), copied.toString());
		final Map<String, String> present = plan.present().entrySet().stream().collect(Collectors
			.toMap(e -> e.getKey().artifactId(), Map.Entry::getValue));
		assertEquals("2.97.1", present.get("scijava-common"));
		assertEquals("6.4.0", present.get("imglib2"));
		assertEquals("2.11.0", present.get("commons-io"));
	}

	@Test
	void anotherGroupsJarOfTheSameNameIsNotOursAndKeepsItsName() throws IOException {
		final Bundle bundle = AppFolders.built(tmp);
		final Path dir = AppFolders.fiji(tmp.resolve("Fiji.app"));
		// NB: Fiji ships Google's guava; ND4J's shaded guava is another library of that name.
		jar(dir.resolve("jars/guava-33.4.0-jre.jar"), "com.google.guava/guava");
		final AppFolder fiji = AppFolder.of(dir);
		final Plan plan = Installer.plan(fiji, bundle, EnumSet.of(Platform.LINUX64));
		assertTrue(targets(fiji, plan).contains("jars/nd4j-guava-1.0.0-M2.1.jar"), plan.toString());
		assertFalse(plan.present().keySet().stream().anyMatch(a -> a.artifactId().equals(
			"guava")), plan.present().toString());
		// ND4J's own guava, with its Maven metadata, is the same library.
		jar(dir.resolve("jars/guava-1.0.0-M2.1.jar"), "org.nd4j/guava");
		assertTrue(Installer.plan(fiji, bundle, EnumSet.of(Platform.LINUX64)).present().keySet()
			.stream().anyMatch(a -> a.artifactId().equals("guava")));
	}

	/** A jar with Maven's metadata for {@code groupAndArtifact} ("group/artifact"). */
	static void jar(final Path file, final String groupAndArtifact) throws IOException {
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
			zip.putNextEntry(new ZipEntry("META-INF/maven/" + groupAndArtifact +
				"/pom.properties"));
			zip.write("version=1\n".getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
		}
	}

	@Test
	void installThenUninstallLeavesFijiExactlyAsItWas() throws IOException {
		final Path dir = AppFolders.fiji(tmp.resolve("Fiji.app"));
		final Map<String, Long> before = AppFolders.snapshot(dir);
		final String fijiToml = Files.readString(dir.resolve("config/jaunch/fiji.toml"));
		final AppFolder fiji = AppFolder.of(dir);
		final Bundle bundle = AppFolders.small(tmp);
		final List<String> out = new ArrayList<>();
		Installer.install(fiji, bundle, EnumSet.of(Platform.LINUX64, Platform.MACOS_ARM64),
			out::add);
		assertTrue(Files.isRegularFile(dir.resolve("plugins/CNN_Classifier-9.9.9.jar")));
		assertTrue(Files.isRegularFile(dir.resolve("jars/nd4j-api-1.0.0-M2.1.jar")));
		assertTrue(Files.isRegularFile(dir.resolve("jars/linux64/nd4j-native-1.0.0-M2.1-" +
			"linux-x86_64.jar")));
		assertTrue(Files.isRegularFile(dir.resolve("jars/macos-arm64/nd4j-native-1.0.0-M2.1-" +
			"macosx-arm64.jar")));
		assertFalse(Files.exists(dir.resolve("jars/scijava-common-2.99.0.jar")));
		assertTrue(out.contains("Warning: Fiji has scijava-common 2.97.1; CNN Classifier was " +
			"built with 2.99.0. Kept Fiji's."), out.toString());
		assertTrue(out.contains("  jars/macos-arm64/: 2 jars (0.0 MB)"), out.toString());
		assertTrue(out.contains("  plugins/: CNN_Classifier-9.9.9.jar (0.0 MB)"), out.toString());
		assertTrue(Files.readString(dir.resolve("config/jaunch/extra-cnn-classifier.toml"))
			.contains("'JAVA:16+|--add-modules=jdk.incubator.vector'"));
		assertTrue(Files.readString(dir.resolve(Manifest.NAME)).contains(
			"file\tjars/linux64/nd4j-native-1.0.0-M2.1-linux-x86_64.jar\t\t"));
		final List<String> removed = new ArrayList<>();
		Installer.uninstall(fiji, removed::add);
		// NB: the plugin, nd4j-api, two main jars, natives for two platforms, the Jaunch file.
		assertEquals(List.of("Removed CNN Classifier from " + dir + " (9 files)."), removed);
		assertEquals(before, AppFolders.snapshot(dir));
		assertEquals(fijiToml, Files.readString(dir.resolve("config/jaunch/fiji.toml")));
	}

	@Test
	void installingAgainReplacesTheEarlierInstallationAndMovesHandCopiesOfThePluginAside()
		throws IOException
	{
		final Path dir = AppFolders.imagej(tmp.resolve("ImageJ"));
		final AppFolder imagej = AppFolder.of(dir);
		AppFolders.pluginJar(dir.resolve("plugins/CNN_Classifier-0.0.1.jar"));
		final List<String> out = new ArrayList<>();
		Installer.install(imagej, AppFolders.small(tmp), EnumSet.of(Platform.LINUX64), out::add);
		assertTrue(out.stream().anyMatch(l -> l.matches("Moved plugins/CNN_Classifier-0.0.1.jar, " +
			"an earlier copy of the plugin, to cnn-classifier-backup/[-_0-9]+/plugins/" +
			"CNN_Classifier-0.0.1.jar \\(uninstall puts it back\\).")), out.toString());
		assertFalse(Files.exists(dir.resolve("plugins/CNN_Classifier-0.0.1.jar")));
		final Map<String, Long> installed = AppFolders.snapshot(dir);
		out.clear();
		Installer.install(imagej, AppFolders.small(tmp), EnumSet.of(Platform.LINUX64), out::add);
		assertEquals("Replacing the earlier installation recorded in " + Manifest.NAME + ".", out
			.get(0));
		assertEquals(installed.keySet().stream().filter(p -> !p.startsWith(Places.BACKUP + "/"))
			.toList(), AppFolders.snapshot(dir).keySet().stream().filter(p -> !p.startsWith(
				Places.BACKUP + "/")).toList());
	}

	@Test
	void aFileChangedSinceTheInstallationIsLeftInPlace() throws IOException {
		final Path dir = AppFolders.imagej(tmp.resolve("ImageJ"));
		final AppFolder imagej = AppFolder.of(dir);
		Installer.install(imagej, AppFolders.small(tmp), EnumSet.of(Platform.LINUX64), s -> {});
		Files.writeString(dir.resolve("jars/nd4j-api-1.0.0-M2.1.jar"), "patched by hand");
		final List<String> out = new ArrayList<>();
		Installer.uninstall(imagej, out::add);
		assertEquals("Note: left jars/nd4j-api-1.0.0-M2.1.jar in place: it changed since the " +
			"installation.", out.get(0));
		assertEquals(Set.of("ij.jar", "jars", "jars/nd4j-api-1.0.0-M2.1.jar", "macros",
			"plugins", ""), AppFolders.snapshot(dir).keySet());
		assertEquals("No CNN Classifier installation is recorded in " + dir + " (no " +
			Manifest.NAME + "): nothing to remove.", assertThrows(InstallException.class,
				() -> Installer.uninstall(imagej, s -> {})).getMessage());
	}

	@Test
	void aFailedInstallationChangesNothing() throws IOException {
		final Path dir = AppFolders.imagej(tmp.resolve("ImageJ"));
		// NB: a folder where a jar must go: found by no scan for jars, in the way of the copy.
		Files.createDirectories(dir.resolve("jars/openblas-0.3.19-1.5.7-linux-x86_64.jar"));
		final Map<String, Long> before = AppFolders.snapshot(dir);
		final InstallException e = assertThrows(InstallException.class, () -> Installer.install(
			AppFolder.of(dir), AppFolders.small(tmp), EnumSet.of(Platform.LINUX64), s -> {}));
		assertEquals("Install failed, nothing was changed: jars/openblas-0.3.19-1.5.7-" +
			"linux-x86_64.jar is in the way: remove or rename it and install again.", e
				.getMessage());
		assertEquals(before, AppFolders.snapshot(dir));
	}

	/** Where the plan copies to, relative to the folder. */
	private static Set<String> targets(final AppFolder app, final Plan plan) {
		return plan.copies().stream().map(c -> app.root().relativize(c.target()).toString())
			.collect(Collectors.toCollection(TreeSet::new));
	}
}
