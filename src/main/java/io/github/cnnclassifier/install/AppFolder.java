package io.github.cnnclassifier.install;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A Fiji or plain ImageJ 1.x folder to install into.
 * <p>
 * NB: ImageJ 1.x's plugin class loader reads {@code plugins/}, its direct
 * sub-folders and {@code jars/} (not {@code jars/}' sub-folders), so there
 * natives go straight into {@code jars/}; Fiji's launchers (Jaunch and the
 * older ImageJ launcher) read every sub-folder of {@code jars/}.
 * </p>
 *
 * @param root the folder, e.g. {@code Fiji.app}, {@code ImageJ} or Debian's {@code ~/.imagej}
 * @param fiji whether it is Fiji (jars/ij-*.jar) rather than ImageJ 1.x
 */
public record AppFolder(Path root, boolean fiji) {

	/**
	 * The Fiji or ImageJ folder at {@code dir}; Debian's {@code ~/.imagej}
	 * (see {@link #DEBIAN}) is made when missing or empty.
	 *
	 * @throws InstallException when {@code dir} is neither
	 */
	public static AppFolder of(final Path dir) {
		final Path root = dir.toAbsolutePath().normalize();
		if (isDebianFolderToMake(root)) {
			try {
				Files.createDirectories(root.resolve("plugins"));
				Files.createDirectories(root.resolve("macros"));
			}
			catch (final IOException e) {
				throw new InstallException("Cannot create " + dir + " for Debian's imagej: " + e
					.getMessage() + ". Run imagej once (it creates the folder), then install again.");
			}
		}
		if (!Files.isDirectory(root)) {
			throw new InstallException("No such folder: " + dir + ". Give the Fiji.app or " +
				"ImageJ folder to install into.");
		}
		if (isFiji(root)) return new AppFolder(root, true);
		// NB: Fiji since 2025 is a folder Fiji/ with jars/ and the macOS bundle Fiji/Fiji.app.
		if (root.getFileName().toString().endsWith(".app") && root.getParent() != null &&
			!Files.isDirectory(root.resolve("jars")) && isFiji(root.getParent()))
		{
			return new AppFolder(root.getParent(), true);
		}
		// NB: Debian's imagej runs with -ijpath ~/.imagej: plugins/ and macros/, no ij.jar.
		if (Files.isRegularFile(root.resolve("ij.jar")) || Files.isDirectory(root.resolve(
			"plugins")) && Files.isDirectory(root.resolve("macros")))
		{
			return new AppFolder(root, false);
		}
		throw new InstallException(dir + " is not a Fiji or ImageJ folder (no jars/ij-*.jar, " +
			"no ij.jar): give the folder that holds Fiji's jars/ and plugins/ (e.g. " +
			"Fiji.app), or ImageJ's ij.jar and plugins/.");
	}

	/**
	 * Debian's and Ubuntu's {@code imagej} package runs with {@code -ijpath
	 * ~/.imagej}, a folder its script makes on the first start.
	 */
	static final String DEBIAN = ".imagej";

	/** NB: only that name, and only where its parent exists: a typo must not make folders. */
	private static boolean isDebianFolderToMake(final Path root) {
		if (root.getFileName() == null || !root.getFileName().toString().equals(DEBIAN) || !Files
			.isDirectory(root.getParent())) return false;
		if (!Files.exists(root)) return true;
		try (Stream<Path> files = Files.list(root)) {
			return Files.isDirectory(root) && files.findAny().isEmpty();
		}
		catch (final IOException e) {
			return false;
		}
	}

	private static boolean isFiji(final Path dir) {
		return Files.isDirectory(dir.resolve("jars")) && jars(dir.resolve("jars"), false)
			.anyMatch(p -> p.getFileName().toString().matches("ij-\\d.*\\.jar"));
	}

	/** "Fiji" or "ImageJ", for messages. */
	public String kind() {
		return fiji ? "Fiji" : "ImageJ";
	}

	/** Where the plugin jar goes. */
	Path plugins() {
		return root.resolve("plugins");
	}

	/** Where the libraries go. */
	Path jars() {
		return root.resolve("jars");
	}

	/** Where the natives of {@code platform} go. */
	Path natives(final Platform platform) {
		return fiji ? jars().resolve(platform.folder()) : jars();
	}

	/**
	 * Every jar under {@code jars/} and {@code plugins/}: what this Fiji or
	 * ImageJ already has. NB: links are followed (a Fiji whose {@code jars/}
	 * is a link to a shared folder has its libraries there); the paths stay
	 * below {@link #root}.
	 */
	List<Path> installedJars() {
		return Stream.concat(jars(jars(), true), jars(plugins(), true)).toList();
	}

	private static Stream<Path> jars(final Path dir, final boolean deep) {
		if (!Files.isDirectory(dir)) return Stream.empty();
		final List<Path> found = new ArrayList<>();
		try {
			Files.walkFileTree(dir, Set.of(FileVisitOption.FOLLOW_LINKS), deep ? Integer.MAX_VALUE
				: 1, new SimpleFileVisitor<>() {

					@Override
					public FileVisitResult visitFile(final Path p, final BasicFileAttributes a) {
						if (a.isRegularFile() && p.getFileName().toString().endsWith(".jar")) {
							found.add(p);
						}
						return FileVisitResult.CONTINUE;
					}

					@Override
					public FileVisitResult visitFileFailed(final Path p, final IOException e)
						throws IOException
					{
						// NB: a link back up (a loop) or a broken link holds no jar to look at.
						if (e instanceof FileSystemLoopException || !Files.exists(p)) {
							return FileVisitResult.CONTINUE;
						}
						throw e;
					}
				});
		}
		catch (final IOException e) {
			throw new InstallException("Cannot list " + dir + ": " + e.getMessage());
		}
		return found.stream();
	}
}
