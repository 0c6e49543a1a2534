package io.github.cnnclassifier.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cnnclassifier.install.Installer.Plan;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Install and uninstall as an unlucky or hostile user meets them: a record
 * that names files outside Fiji, a linked jars/, earlier files named like the
 * plugin, two installs at once, linked configuration files. Each ends with
 * nothing lost and, where refused, one line.
 */
class InstallerSafetyTest {

	@TempDir
	Path tmp;

	// -- The record is untrusted --

	@Test
	void recordNamingAFileOutsideFijiIsRefusedAndNothingIsDeleted() throws IOException {
		final Path victim = Files.writeString(tmp.resolve("victim.txt"), "the only copy");
		assertRefused("file\t../victim.txt\t\t" + Manifest.sha256(victim), "\"../victim.txt\" " +
			"is not a relative path inside");
		assertTrue(Files.exists(victim));
	}

	@Test
	void recordNamingAnAbsolutePathIsRefusedAndNothingIsDeleted() throws IOException {
		final Path victim = Files.writeString(tmp.resolve("victim.txt"), "the only copy");
		assertRefused("file\t" + victim + "\t\t" + Manifest.sha256(victim), "\"" + victim +
			"\" is not a relative path inside");
		assertTrue(Files.exists(victim));
	}

	@Test
	void recordNamingAFileThroughALinkOutOfPluginsIsRefusedAndNothingIsDeleted()
		throws IOException
	{
		final Path outside = Files.createDirectories(tmp.resolve("outside"));
		final Path victim = Files.writeString(outside.resolve("victim.txt"), "the only copy");
		final Path fiji = fiji();
		Files.createSymbolicLink(fiji.resolve("plugins/data"), outside);
		assertRefused(fiji, "file\tplugins/data/victim.txt\t\t" + Manifest.sha256(victim),
			"\"file plugins/data/victim.txt\" is not what install writes inside");
		assertTrue(Files.exists(victim));
	}

	@Test
	void recordNamingAnEmptyFolderOutsideFijiIsRefusedAndItStays() throws IOException {
		final Path empty = Files.createDirectories(tmp.resolve("empty"));
		assertRefused("folder\tplugins/../../empty\t\t", "\"plugins/../../empty\" is not a " +
			"relative path inside");
		assertTrue(Files.isDirectory(empty));
	}

	@Test
	void recordNamingAFileOfFijiInstallNeverWritesIsRefused() throws IOException {
		final Path fiji = fiji();
		final Path macro = Files.writeString(Files.createDirectories(fiji.resolve("macros"))
			.resolve("StartupMacros.fiji.ijm"), "macro");
		assertRefused(fiji, "file\tmacros/StartupMacros.fiji.ijm\t\t" + Manifest.sha256(macro),
			"\"file macros/StartupMacros.fiji.ijm\" is not what install writes inside");
		assertTrue(Files.exists(macro));
	}

	@Test
	void recordRemovingALineOutsideFijiIsRefusedAndTheFileIsNotEdited() throws IOException {
		final Path other = Files.writeString(tmp.resolve("other.cfg"), "keep = me\n");
		assertRefused("line\t../other.cfg\t\tkeep = me", "\"../other.cfg\" is not a relative " +
			"path inside");
		assertEquals("keep = me\n", Files.readString(other));
	}

	@Test
	void recordEditingALineInstallDidNotAddIsRefusedAndTheFileIsNotEdited() throws IOException {
		final Path fiji = fiji();
		final Path cfg = Files.writeString(fiji.resolve("ImageJ.cfg"), "# ImageJ startup " +
			"properties\njvmargs = -Xmx64g\n");
		assertRefused(fiji, "edit\tImageJ.cfg\tjvmargs = -Xmx1m\tjvmargs = -Xmx64g",
			"\"edit ImageJ.cfg jvmargs = -Xmx1m\" is not what install writes inside");
		assertRefused(fiji, "line\tImageJ.cfg\t\tjvmargs = -Xmx64g", "\"line ImageJ.cfg\" is " +
			"not what install writes inside");
		assertEquals("# ImageJ startup properties\njvmargs = -Xmx64g\n", Files.readString(cfg));
	}

	@Test
	void installOverARecordNamingAFileOutsideFijiIsRefusedAndNothingChanges()
		throws IOException
	{
		final Path victim = Files.writeString(tmp.resolve("victim.txt"), "the only copy");
		final Path fiji = fiji();
		Files.writeString(fiji.resolve(Manifest.NAME), "file\t../victim.txt\t\t" + Manifest
			.sha256(victim) + "\n");
		final Map<String, Long> before = AppFolders.snapshot(fiji);
		final InstallException e = assertThrows(InstallException.class, () -> Installer.install(
			AppFolder.of(fiji), AppFolders.small(tmp), EnumSet.of(Platform.LINUX64), s -> {}));
		assertEquals("Refused " + fiji.resolve(Manifest.NAME) + " line 1: \"../victim.txt\" is " +
			"not a relative path inside " + fiji + "; nothing was removed. Restore the record, " +
			"or remove the plugin's files by hand.", e.getMessage());
		assertEquals(before, AppFolders.snapshot(fiji));
		assertTrue(Files.exists(victim));
	}

	@Test
	void aHugeRecordIsRefusedBeforeItIsRead() throws IOException {
		final Path fiji = fiji();
		final Path record = fiji.resolve(Manifest.NAME);
		try (var out = Files.newOutputStream(record)) {
			out.write(new byte[2 << 20]);
		}
		final InstallException e = assertThrows(InstallException.class, () -> Installer
			.uninstall(AppFolder.of(fiji), s -> {}));
		assertEquals("Refused " + record + ": 2097152 bytes, not a record of ours (at most " +
			"1048576 bytes); nothing was removed. Restore the record, or remove the plugin's files by " +
			"hand.", e.getMessage());
	}

	@Test
	void aRecordThatIsALinkToADeviceIsRefusedUnread() throws IOException {
		final Path fiji = fiji();
		final Path record = Files.createSymbolicLink(fiji.resolve(Manifest.NAME), Path.of(
			"/dev/zero"));
		final InstallException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
			() -> assertThrows(InstallException.class, () -> Installer.uninstall(AppFolder.of(
				fiji), s -> {})));
		assertEquals("Refused " + record + ": no file, not a record of ours (at most 1048576 " +
			"bytes); nothing was removed. Restore the record, or remove the plugin's files by " +
			"hand.", e.getMessage());
	}

	// -- A Fiji whose jars/ is a link --

	@Test
	void fijiWhoseJarsFolderIsALinkKeepsItsOwnLibraries() throws IOException {
		final Path real = AppFolders.fiji(tmp.resolve("real"));
		final Path fiji = Files.createDirectories(tmp.resolve("Fiji.app"));
		Files.createDirectories(fiji.resolve("plugins"));
		Files.createSymbolicLink(fiji.resolve("jars"), real.resolve("jars"));
		final AppFolder app = AppFolder.of(fiji);
		final Plan plan = Installer.plan(app, AppFolders.built(tmp), EnumSet.of(Platform.LINUX64));
		final Set<String> copied = plan.copies().stream().map(c -> c.artifact().artifactId())
			.collect(Collectors.toSet());
		for (final String fijis : List.of("scijava-common", "imglib2", "parsington", "gson",
			"commons-io", "slf4j-api", "jna"))
		{
			assertFalse(copied.contains(fijis), fijis + " copied a second time: " + copied);
		}
		assertTrue(copied.contains("deeplearning4j-nn"), copied.toString());
	}

	@Test
	void installAndUninstallThroughALinkedJarsFolderLeaveFijiAsItWas() throws IOException {
		final Path real = AppFolders.fiji(tmp.resolve("real"));
		final Path fiji = Files.createDirectories(tmp.resolve("Fiji.app"));
		Files.createDirectories(fiji.resolve("plugins"));
		Files.createSymbolicLink(fiji.resolve("jars"), real.resolve("jars"));
		final Map<String, Long> before = AppFolders.snapshot(real);
		final AppFolder app = AppFolder.of(fiji);
		Installer.install(app, AppFolders.small(tmp), EnumSet.of(Platform.LINUX64), s -> {});
		assertTrue(Files.isRegularFile(real.resolve("jars/nd4j-api-1.0.0-M2.1.jar")));
		assertFalse(Files.exists(real.resolve("jars/scijava-common-2.99.0.jar")));
		Installer.uninstall(app, s -> {});
		assertEquals(before, AppFolders.snapshot(real));
	}

	// -- Never delete a file install did not put there --

	@Test
	void aTextFileNamedLikeThePluginIsLeftAlone() throws IOException {
		final Path fiji = fiji();
		final Path notes = Files.writeString(fiji.resolve("plugins/CNN_Classifier-notes.jar"),
			"my notes");
		install(fiji);
		assertEquals("my notes", Files.readString(notes));
		Installer.uninstall(AppFolder.of(fiji), s -> {});
		assertEquals("my notes", Files.readString(notes));
	}

	@Test
	void anotherPluginsJarNamedLikeOursIsLeftAlone() throws IOException {
		final Path fiji = fiji();
		final Path fork = fiji.resolve("jars/CNN_Classifier_fork-1.0.jar");
		InstallerTest.jar(fork, "org.example/CNN_Classifier_fork");
		install(fiji);
		assertTrue(Files.isRegularFile(fork));
	}

	@Test
	void anEarlierPluginJarIsMovedAsideAndUninstallPutsItBack() throws IOException {
		final Path fiji = fiji();
		final Path old = AppFolders.pluginJar(fiji.resolve("plugins/CNN_Classifier-0.1.0.jar"));
		final Path backup = AppFolders.pluginJar(Files.createDirectories(fiji.resolve(
			"plugins/old")).resolve("CNN_Classifier-0.0.9-backup.jar"));
		final Map<String, Long> before = AppFolders.snapshot(fiji);
		final byte[] bytes = Files.readAllBytes(old);
		final List<String> out = install(fiji);
		assertFalse(Files.exists(old));
		assertFalse(Files.exists(backup));
		final List<String> moved = out.stream().filter(l -> l.startsWith("Moved ")).toList();
		assertEquals(2, moved.size(), out.toString());
		assertTrue(Files.readString(fiji.resolve(Manifest.NAME)).contains("backup\tplugins/" +
			"CNN_Classifier-0.1.0.jar\tcnn-classifier-backup/"));
		Installer.uninstall(AppFolder.of(fiji), s -> {});
		assertEquals(before, AppFolders.snapshot(fiji));
		assertTrue(java.util.Arrays.equals(bytes, Files.readAllBytes(old)));
	}

	@Test
	void anInstallStoppedMidwayLeavesARecordThatPutsTheEarlierPluginJarBack() throws IOException {
		final Path fiji = fiji();
		final Path old = AppFolders.pluginJar(fiji.resolve("plugins/CNN_Classifier-0.1.0.jar"));
		final Map<String, Long> before = AppFolders.snapshot(fiji);
		// NB: as if killed right after the first move: no undo, nothing after it.
		assertThrows(Stopped.class, () -> Installer.install(AppFolder.of(fiji), AppFolders
			.small(tmp), EnumSet.of(Platform.LINUX64), line -> {
				if (line.startsWith("Moved ")) throw new Stopped();
			}));
		assertFalse(Files.exists(old));
		assertTrue(Files.readString(fiji.resolve(Manifest.NAME)).contains("Incomplete"));
		Installer.uninstall(AppFolder.of(fiji), s -> {});
		assertEquals(before, AppFolders.snapshot(fiji));
	}

	/** An install stopped from outside, as by kill -9. */
	private static final class Stopped extends RuntimeException {

		private static final long serialVersionUID = 1L;
	}

	@Test
	void aFileNamedLikeOurPluginJarIsNotOverwritten() throws IOException {
		final Path fiji = fiji();
		final Path mine = Files.writeString(fiji.resolve("plugins/CNN_Classifier-9.9.9.jar"),
			"mine");
		final Map<String, Long> before = AppFolders.snapshot(fiji);
		final InstallException e = assertThrows(InstallException.class, () -> install(fiji));
		assertEquals("Install failed, nothing was changed: plugins/CNN_Classifier-9.9.9.jar is " +
			"in the way: remove or rename it and install again.", e.getMessage());
		assertEquals("mine", Files.readString(mine));
		assertEquals(before, AppFolders.snapshot(fiji));
	}

	// -- One install or uninstall at a time --

	@Test
	void anInstallWhileAnotherRunsIsRefusedAndChangesNothing() throws IOException {
		final Path fiji = fiji();
		Files.writeString(fiji.resolve(FolderLock.NAME), ProcessHandle.current().pid() + " " +
			InetAddress.getLocalHost().getHostName() + "\n");
		final Map<String, Long> before = AppFolders.snapshot(fiji);
		final InstallException e = assertThrows(InstallException.class, () -> install(fiji));
		assertEquals("Another install or uninstall is changing " + fiji + " (process " +
			ProcessHandle.current().pid() + " on " + InetAddress.getLocalHost().getHostName() +
			"): wait until it ends and try again (its lock is " + FolderLock.NAME + ").", e
				.getMessage());
		assertEquals(before, AppFolders.snapshot(fiji));
	}

	@Test
	void anUninstallWhileAnInstallRunsIsRefusedAndThePluginStays() throws IOException {
		final Path fiji = fiji();
		install(fiji);
		final Path lock = Files.writeString(fiji.resolve(FolderLock.NAME), ProcessHandle
			.current().pid() + " " + InetAddress.getLocalHost().getHostName() + "\n");
		final Map<String, Long> before = AppFolders.snapshot(fiji);
		assertThrows(InstallException.class, () -> Installer.uninstall(AppFolder.of(fiji),
			s -> {}));
		assertEquals(before, AppFolders.snapshot(fiji));
		Files.delete(lock);
		Installer.uninstall(AppFolder.of(fiji), s -> {});
	}

	@Test
	void aLockLeftByAStoppedInstallIsNamedWithWhatToDo() throws Exception {
		final Path fiji = fiji();
		final Process gone = new ProcessBuilder("true").start();
		gone.waitFor();
		Files.writeString(fiji.resolve(FolderLock.NAME), gone.pid() + " " + InetAddress
			.getLocalHost().getHostName() + "\n");
		final InstallException e = assertThrows(InstallException.class, () -> install(fiji));
		assertEquals(fiji.resolve(FolderLock.NAME) + " was left by process " + gone.pid() +
			", which is no longer running (an install or uninstall stopped midway): remove that " +
			"file and try again.", e.getMessage());
	}

	@Test
	void aLinkPlantedAtTheLocksNameIsNotFollowed() throws Exception {
		final Path fiji = fiji();
		final Path fifo = tmp.resolve("fifo");
		assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0,
			"no mkfifo here");
		Files.createSymbolicLink(fiji.resolve(FolderLock.NAME), fifo);
		final Map<String, Long> before = AppFolders.snapshot(fiji);
		final InstallException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
			() -> assertThrows(InstallException.class, () -> install(fiji)));
		assertEquals("Another install or uninstall is changing " + fiji + ": wait until it ends " +
			"and try again (its lock is " + FolderLock.NAME + ").", e.getMessage());
		assertEquals(before, AppFolders.snapshot(fiji));
	}

	@Test
	void twoInstallsAtOnceLeaveOneWholeInstallation() throws Exception {
		final Path fiji = fiji();
		final Bundle bundle = AppFolders.small(tmp);
		final List<Throwable> refused = new ArrayList<>();
		final List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			threads.add(new Thread(() -> {
				try {
					Installer.install(AppFolder.of(fiji), bundle, EnumSet.of(Platform.LINUX64),
						s -> {});
				}
				catch (final InstallException e) {
					synchronized (refused) {
						refused.add(e);
					}
				}
			}));
		}
		threads.forEach(Thread::start);
		for (final Thread t : threads) t.join();
		for (final Throwable e : refused) {
			assertTrue(e.getMessage().startsWith("Another install or uninstall is changing"), e
				.getMessage());
		}
		assertTrue(refused.size() < 2);
		assertTrue(Files.isRegularFile(fiji.resolve("plugins/CNN_Classifier-9.9.9.jar")));
		assertFalse(Files.exists(fiji.resolve(FolderLock.NAME)));
		Installer.uninstall(AppFolder.of(fiji), s -> {});
	}

	// -- Linked configuration files stay links --

	@Test
	void aLinkedFijiTomlStaysALinkAndUninstallRestoresIt() throws IOException {
		final Path fiji = fiji();
		final Path toml = fiji.resolve("config/jaunch/fiji.toml");
		final Path kept = Files.move(toml, Files.createDirectories(tmp.resolve("dotfiles"))
			.resolve("fiji.toml"));
		final String text = Files.readString(kept);
		Files.createSymbolicLink(toml, kept);
		install(fiji);
		assertTrue(Files.isSymbolicLink(toml));
		assertTrue(Files.readString(kept).contains("'extra*.toml'"), Files.readString(kept));
		Installer.uninstall(AppFolder.of(fiji), s -> {});
		assertTrue(Files.isSymbolicLink(toml));
		assertEquals(text, Files.readString(kept));
	}

	@Test
	void aLinkedImageJCfgStaysALinkAndUninstallRestoresIt() throws IOException {
		final Path dir = AppFolders.imagej(tmp.resolve("ImageJ"));
		final Path release = Files.createDirectories(dir.resolve("jre"));
		Files.writeString(release.resolve("release"), "JAVA_VERSION=\"21.0.5\"\n");
		final String text = "# ImageJ startup properties\nmaxheap.mb = 4000\n";
		final Path kept = Files.writeString(tmp.resolve("ImageJ.cfg"), text);
		final Path cfg = Files.createSymbolicLink(dir.resolve("ImageJ.cfg"), kept);
		Installer.install(AppFolder.of(dir), AppFolders.small(tmp), EnumSet.of(Platform.LINUX64),
			s -> {});
		assertTrue(Files.isSymbolicLink(cfg));
		assertTrue(Files.readString(kept).endsWith("\njvmargs = --add-modules=jdk.incubator." +
			"vector\n"), Files.readString(kept));
		Installer.uninstall(AppFolder.of(dir), s -> {});
		assertTrue(Files.isSymbolicLink(cfg));
		assertEquals(text, Files.readString(kept));
	}

	@Test
	void aLinkAtTheNameOfOurJaunchFileIsNotWrittenThrough() throws IOException {
		final Path fiji = fiji();
		final Path victim = Files.writeString(tmp.resolve("victim.toml"), "victim");
		final Path link = Files.createSymbolicLink(fiji.resolve("config/jaunch/" + VectorOption
			.JAUNCH_FILE), victim);
		final Map<String, Long> before = AppFolders.snapshot(fiji);
		final InstallException e = assertThrows(InstallException.class, () -> install(fiji));
		assertEquals("Install failed, nothing was changed: config/jaunch/" + VectorOption
			.JAUNCH_FILE + " is in the way: remove or rename it and install again.", e
				.getMessage());
		assertEquals("victim", Files.readString(victim));
		assertTrue(Files.isSymbolicLink(link));
		assertEquals(before, AppFolders.snapshot(fiji));
	}

	private Path fiji() throws IOException {
		return AppFolders.fiji(tmp.resolve("Fiji.app"));
	}

	private List<String> install(final Path fiji) throws IOException {
		final List<String> out = new ArrayList<>();
		Installer.install(AppFolder.of(fiji), AppFolders.small(tmp), EnumSet.of(Platform.LINUX64),
			out::add);
		return out;
	}

	/** Adds {@code line} to the record of an installation: uninstall refuses, changing nothing. */
	private void assertRefused(final String line, final String message) throws IOException {
		assertRefused(fiji(), line, message);
	}

	private void assertRefused(final Path fiji, final String line, final String message)
		throws IOException
	{
		if (!Files.exists(fiji.resolve(Manifest.NAME))) install(fiji);
		final Path record = fiji.resolve(Manifest.NAME);
		Files.writeString(record, Files.readString(record) + line + "\n");
		final Map<String, Long> before = AppFolders.snapshot(fiji);
		final long n = Files.readAllLines(record).size();
		final InstallException e = assertThrows(InstallException.class, () -> Installer
			.uninstall(AppFolder.of(fiji), s -> {}));
		assertTrue(e.getMessage().startsWith("Refused " + record + " line " + n + ": " + message +
			" "), e.getMessage());
		assertTrue(e.getMessage().endsWith("; nothing was removed. Restore the record, or " +
			"remove the plugin's files by hand."), e.getMessage());
		assertFalse(e.getMessage().contains("\n"));
		assertEquals(before, AppFolders.snapshot(fiji));
		Files.writeString(record, Files.readString(record).replace(line + "\n", ""));
	}
}
