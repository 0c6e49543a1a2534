package io.github.cnnclassifier.install;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A platform Fiji runs on and ND4J ships natives for: JavaCPP's classifier of
 * the native jars and the folder under Fiji's {@code jars/} that holds them.
 * <p>
 * NB: the folder names are the ImageJ Updater's platforms (imagej-updater's
 * {@code Platforms}); Fiji's Jaunch configuration uses the same ones for
 * JavaFX's per-platform jars. Both launchers put every {@code jars/*}{@code /*.jar}
 * on the class path, whatever the platform, and JavaCPP loads only its own.
 * </p>
 */
public enum Platform {

	LINUX64("linux-x86_64", "linux64"),
	LINUX_ARM64("linux-arm64", "linux-arm64"),
	MACOS64("macosx-x86_64", "macos64"),
	MACOS_ARM64("macosx-arm64", "macos-arm64"),
	WIN64("windows-x86_64", "win64");

	private final String classifier;
	private final String folder;

	Platform(final String classifier, final String folder) {
		this.classifier = classifier;
		this.folder = folder;
	}

	/** JavaCPP's name, the classifier of ND4J's native jars, e.g. {@code windows-x86_64}. */
	public String classifier() {
		return classifier;
	}

	/** Fiji's name, the folder under {@code jars/}, e.g. {@code win64}. */
	public String folder() {
		return folder;
	}

	/** The platform with this JavaCPP classifier, or null. */
	static Platform ofClassifier(final String classifier) {
		return Stream.of(values()).filter(p -> p.classifier.equals(classifier)).findFirst()
			.orElse(null);
	}

	/** The platform of this JVM, or null where ND4J has no natives for it. */
	public static Platform current() {
		return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
	}

	/** The platform of Java's {@code os.name} and {@code os.arch}, or null. */
	static Platform of(final String osName, final String osArch) {
		final String os = osName.toLowerCase(Locale.ROOT);
		final String arch = osArch.toLowerCase(Locale.ROOT);
		final boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
		final boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
		if (os.startsWith("linux")) return x64 ? LINUX64 : arm64 ? LINUX_ARM64 : null;
		if (os.startsWith("mac")) return x64 ? MACOS64 : arm64 ? MACOS_ARM64 : null;
		if (os.startsWith("windows")) return x64 ? WIN64 : null;
		return null;
	}

	/**
	 * The platforms named in {@code names}: {@code all}, or a comma-separated
	 * list of Fiji's or JavaCPP's names ({@code win64} or {@code windows-x86_64}).
	 *
	 * @throws InstallException for a name that is none of these
	 */
	public static Set<Platform> parse(final String names) {
		final Set<Platform> platforms = EnumSet.noneOf(Platform.class);
		for (final String name : names.split(",")) {
			final String n = name.trim().toLowerCase(Locale.ROOT);
			if (n.equals("all")) return EnumSet.allOf(Platform.class);
			platforms.add(Stream.of(values()).filter(p -> p.folder.equals(n) || p.classifier
				.equals(n)).findFirst().orElseThrow(() -> new InstallException("Unknown platform '" +
					name.trim() + "': use all or " + Stream.of(values()).map(Platform::folder)
						.collect(Collectors.joining(", ")) + " (or ND4J's names, e.g. " +
					WIN64.classifier + ").")));
		}
		return platforms;
	}

	@Override
	public String toString() {
		return folder;
	}
}
