package io.github.cnnclassifier.cli;

import io.github.cnnclassifier.data.DataException;
import io.github.cnnclassifier.install.AppFolder;
import io.github.cnnclassifier.install.Bundle;
import io.github.cnnclassifier.install.InstallException;
import io.github.cnnclassifier.install.Installer;
import io.github.cnnclassifier.install.Platform;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code cnn-classifier install [--platform=P] FOLDER} and
 * {@code cnn-classifier uninstall FOLDER}: the plugin into (or out of) a
 * Fiji or ImageJ 1.x folder. Exit status 0, 1 on an error (one line), 2 on a
 * usage error.
 */
final class Install {

	static final String USAGE = String.join("\n",
		"       cnn-classifier install [--platform=P] /path/to/Fiji.app   (or an ImageJ 1.x folder)",
		"       cnn-classifier uninstall /path/to/Fiji.app",
		"  --platform: whose ND4J natives to install: this machine's (default), all (a Fiji",
		"  shared by several systems), or a comma-separated list of linux64, linux-arm64,",
		"  macos64, macos-arm64, win64.");

	private Install() {}

	/** Runs {@code install} or {@code uninstall} ({@code verb}) with {@code args}. */
	static int run(final String verb, final List<String> args) {
		final List<String> rest = new ArrayList<>(args);
		String platforms = null;
		for (final String a : List.copyOf(rest)) {
			if (a.startsWith("--platform=") && verb.equals("install")) {
				platforms = a.substring("--platform=".length());
				rest.remove(a);
			}
		}
		if (rest.size() != 1 || rest.get(0).startsWith("-")) {
			System.err.println("Usage:\n" + USAGE);
			return 2;
		}
		try {
			final AppFolder app = AppFolder.of(Paths.get(rest.get(0)));
			if (verb.equals("uninstall")) {
				Installer.uninstall(app, System.out::println);
				return 0;
			}
			final Set<Platform> chosen = platforms == null ? current() : Platform.parse(platforms);
			System.out.println("Installing CNN Classifier into " + app.kind() + " at " + app
				.root() + ", ND4J natives for " + chosen + ":");
			Installer.install(app, Bundle.ofThisJvm(), chosen, System.out::println);
			return 0;
		}
		catch (final InstallException | DataException e) {
			System.err.println("Error: " + e.getMessage());
			return 1;
		}
	}

	private static Set<Platform> current() {
		final Platform here = Platform.current();
		if (here == null) {
			throw new InstallException("ND4J has no natives for " + System.getProperty(
				"os.name") + " on " + System.getProperty("os.arch") + ": give --platform= for " +
				"the machines that will run this Fiji.");
		}
		return EnumSet.of(here);
	}
}
