package io.github.cnnclassifier.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.install.Manifest.Entry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --add-modules=jdk.incubator.vector goes where each launcher reads JVM
 * options (Jaunch's TOML, old and new places; ImageJ.cfg, both formats), and
 * comes out again as it went in.
 */
class VectorOptionTest {

	@TempDir
	Path tmp;

	@Test
	void jaunchOf2025GetsOurFileAndTheIncludeFijiAddedIn2026() throws IOException {
		final Path dir = AppFolders.fiji(tmp.resolve("Fiji.app"));
		final Path toml = dir.resolve("config/jaunch/fiji.toml");
		final String before = Files.readString(toml);
		final List<String> out = new ArrayList<>();
		final List<Entry> changes = VectorOption.add(AppFolder.of(dir), out::add);
		assertTrue(Files.readString(toml).contains(
			"\nincludes = ['jvm.toml', 'python.toml', 'extra*.toml']\n"), Files.readString(toml));
		assertEquals(List.of("jvm.runtime-args = [", "    'JAVA:16+|--add-modules=jdk.incubator." +
			"vector',", "]"), Files.readAllLines(dir.resolve("config/jaunch/" +
				"extra-cnn-classifier.toml")).subList(2, 5));
		assertEquals(List.of("Added --add-modules=jdk.incubator.vector to Fiji's launcher: " +
			"config/jaunch/extra-cnn-classifier.toml."), out);
		undo(dir, changes);
		assertEquals(before, Files.readString(toml));
		assertFalse(Files.exists(dir.resolve("config/jaunch/extra-cnn-classifier.toml")));
	}

	@Test
	void jaunchOf2026AlreadyIncludesExtraFiles() throws IOException {
		final Path dir = AppFolders.fiji(tmp.resolve("Fiji.app"));
		Files.delete(dir.resolve("config/jaunch/fiji.toml"));
		final String toml = "jaunch-version = 2\nincludes = ['jvm.toml', 'python.toml', " +
			"'extra*.toml']\n";
		Files.writeString(dir.resolve("config/fiji.toml"), toml);
		final List<Entry> changes = VectorOption.add(AppFolder.of(dir), s -> {});
		assertEquals(1, changes.size());
		assertEquals("config/extra-cnn-classifier.toml", changes.get(0).path());
		assertEquals(toml, Files.readString(dir.resolve("config/fiji.toml")));
	}

	@Test
	void theOldLaunchersImageJCfgInEitherFormat() throws IOException {
		final Path dir = AppFolders.fiji(tmp.resolve("Fiji.app"));
		deleteJaunch(dir);
		javaRelease(dir, "java/linux64/jdk-21.0.5+11/release", "21.0.5");
		final Path cfg = dir.resolve("ImageJ.cfg");
		final String modern = "# ImageJ startup properties\nmaxheap.mb = 4096\n";
		final String legacy = ".\njre/bin/java\n-Xmx4096m -cp ij.jar ij.ImageJ -port7\n";
		for (final String text : List.of(modern, legacy)) {
			Files.writeString(cfg, text);
			final List<Entry> changes = VectorOption.add(AppFolder.of(dir), s -> {});
			assertEquals(text == modern ? modern + "jvmargs = --add-modules=jdk.incubator.vector\n"
				: ".\njre/bin/java\n--add-modules=jdk.incubator.vector -Xmx4096m -cp ij.jar " +
					"ij.ImageJ -port7\n", Files.readString(cfg));
			undo(dir, changes);
			assertEquals(text, Files.readString(cfg));
		}
		Files.delete(cfg);
		final List<Entry> created = VectorOption.add(AppFolder.of(dir), s -> {});
		assertEquals("# ImageJ startup properties\njvmargs = --add-modules=jdk.incubator.vector\n",
			Files.readString(cfg));
		undo(dir, created);
		assertFalse(Files.exists(cfg));
	}

	@Test
	void javaEightWouldNotStartWithTheOptionSoItIsOnlyExplained() throws IOException {
		final Path dir = AppFolders.fiji(tmp.resolve("Fiji.app"));
		deleteJaunch(dir);
		javaRelease(dir, "java/linux64/jdk1.8.0_172/jre/release", "1.8.0_172");
		assertEquals(Optional.of(8), VectorOption.bundledJava(AppFolder.of(dir)));
		final List<String> out = new ArrayList<>();
		assertTrue(VectorOption.add(AppFolder.of(dir), out::add).isEmpty());
		assertEquals(List.of("Note: Fiji's Java version is Java 8: start Java with " +
			"--add-modules=jdk.incubator.vector for CNN Classifier's fast engine (add it to the " +
			"Java options in ImageJ.cfg)."), out);
		assertFalse(Files.exists(dir.resolve("ImageJ.cfg")));
	}

	@Test
	void plainImageJWithoutLauncherConfigurationIsTold() throws IOException {
		final Path dir = AppFolders.imagej(tmp.resolve("ImageJ"));
		final List<String> out = new ArrayList<>();
		assertTrue(VectorOption.add(AppFolder.of(dir), out::add).isEmpty());
		assertEquals(List.of("Note: ImageJ 1.x: start Java with --add-modules=jdk.incubator." +
			"vector for CNN Classifier's fast engine, e.g. JDK_JAVA_OPTIONS=--add-modules=" +
			"jdk.incubator.vector imagej (without it, DL4J's layers compute, about 30x slower)."),
			out);
	}

	@Test
	void aLineChangedSinceIsLeftAsItIs() throws IOException {
		final Path dir = AppFolders.fiji(tmp.resolve("Fiji.app"));
		final List<Entry> changes = VectorOption.add(AppFolder.of(dir), s -> {});
		final Path toml = dir.resolve("config/jaunch/fiji.toml");
		Files.writeString(toml, "includes = ['mine.toml']\n");
		final Entry edit = changes.stream().filter(e -> e.kind() == Entry.Kind.EDIT).findFirst()
			.orElseThrow();
		assertEquals(Optional.of("Note: config/jaunch/fiji.toml no longer holds the line CNN " +
			"Classifier changed; left as it is."), VectorOption.undo(AppFolder.of(dir), edit));
		assertEquals("includes = ['mine.toml']\n", Files.readString(toml));
	}

	/** Undoes {@code changes} as uninstall does: files removed, lines restored, last first. */
	private static void undo(final Path dir, final List<Entry> changes) throws IOException {
		final List<Entry> reversed = new ArrayList<>(changes);
		Collections.reverse(reversed);
		for (final Entry e : reversed) {
			if (e.kind() == Entry.Kind.FILE) Files.delete(dir.resolve(e.path()));
			else assertEquals(Optional.empty(), VectorOption.undo(AppFolder.of(dir), e));
		}
	}

	private static void deleteJaunch(final Path dir) throws IOException {
		Files.delete(dir.resolve("config/jaunch/fiji.toml"));
	}

	private static void javaRelease(final Path dir, final String path, final String version)
		throws IOException
	{
		final Path release = dir.resolve(path);
		Files.createDirectories(release.getParent());
		Files.writeString(release, "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"" + version +
			"\"\n", StandardCharsets.UTF_8);
	}
}
