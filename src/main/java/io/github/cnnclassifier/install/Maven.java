package io.github.cnnclassifier.install;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Downloads jars the build did not (other platforms' natives) into the local
 * Maven repository, with Maven itself, so that its settings (mirrors,
 * proxies, offline mode) apply.
 */
final class Maven {

	private Maven() {}

	/**
	 * Downloads {@code artifacts} with {@code mvn dependency:get}.
	 *
	 * @throws InstallException when Maven is missing or a download fails
	 */
	static void fetch(final List<Artifact> artifacts, final Consumer<String> out) {
		if (artifacts.isEmpty()) return;
		out.accept("Downloading " + artifacts.size() + " jars with Maven (ND4J's natives for " +
			artifacts.stream().map(a -> a.platform() == null ? a.classifier() : a.platform()
				.folder()).distinct().toList() + "; 40-120 MB per platform) ...");
		for (final Artifact a : artifacts) {
			final List<String> command = new ArrayList<>();
			// NB: on Windows, mvn is a .cmd script, which only cmd.exe runs.
			if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
				command.addAll(List.of("cmd", "/c"));
			}
			command.addAll(List.of("mvn", "-B", "-q", "-Dstyle.color=never", "dependency:get",
				"-Dtransitive=false", "-Dartifact=" + a.coordinates()));
			final int status;
			try {
				status = new ProcessBuilder(command).inheritIO().start().waitFor();
			}
			catch (final IOException e) {
				throw new InstallException("Cannot run Maven (mvn) to download " + a.fileName() +
					": " + e.getMessage() + ". Install Maven, or install only this machine's " +
					"platform.", e);
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new InstallException("Interrupted while downloading " + a.fileName() + ".");
			}
			if (status != 0) {
				throw new InstallException("Maven could not download " + a.coordinates() +
					" (status " + status + "): check the network, then install again.");
			}
		}
	}
}
