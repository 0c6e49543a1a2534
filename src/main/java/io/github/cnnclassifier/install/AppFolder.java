package io.github.cnnclassifier.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

	/** Every jar under {@code jars/} and {@code plugins/}: what this Fiji or ImageJ already has. */
	List<Path> installedJars() {
		return Stream.concat(jars(jars(), true), jars(plugins(), true)).toList();
	}

	private static Stream<Path> jars(final Path dir, final boolean deep) {
		if (!Files.isDirectory(dir)) return Stream.empty();
		try (Stream<Path> files = deep ? Files.walk(dir) : Files.list(dir)) {
			return files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files
				.isRegularFile(p)).toList().stream();
		}
		catch (final IOException | UncheckedIOException e) {
			throw new InstallException("Cannot list " + dir + ": " + e.getMessage());
		}
	}
}
