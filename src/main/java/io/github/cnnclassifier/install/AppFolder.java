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
	 * The Fiji or ImageJ folder at {@code dir}.
	 *
	 * @throws InstallException when {@code dir} is neither
	 */
	public static AppFolder of(final Path dir) {
		final Path root = dir.toAbsolutePath().normalize();
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
