package io.github.cnnclassifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.folder.Folders;

import com.sun.net.httpserver.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sorted copies and zoo downloads through ./cnn-classifier --headless are
 * written like every output: what a killed run left is swept, nothing
 * partial stays.
 */
class SafeWritesIT {

	@TempDir
	Path tmp;

	@Test
	void aKilledSortsLeftoversAreSweptByTheNextHeadlessRun() throws Exception {
		final Path folder = Files.createDirectories(tmp.resolve("images"));
		final List<String> names = new java.util.ArrayList<>();
		for (int d = 0; d < 10; d++) {
			for (final Path f : Folders.digitFiles(d, 2)) {
				Files.copy(f, folder.resolve(f.getFileName()));
				names.add(f.getFileName().toString());
			}
		}
		// NB: a run killed while copying each image into each class folder.
		final Path sortTo = tmp.resolve("sorted");
		for (int d = 0; d < 10; d++) {
			final Path cls = Files.createDirectories(sortTo.resolve(String.valueOf(d)));
			for (final String n : names) Files.writeString(cls.resolve("." + n + ".77.tmp"), "half");
		}
		final Launcher r = Launcher.run("--headless", "--run", "Classify Folder with CNN",
			"folder='" + folder + "',model='" + TestModels.digitsFile() + "',results='" + tmp
				.resolve("r.csv") + "',sort_to='" + sortTo + "'");
		assertEquals(0, r.exit, r.toString());
		final List<String> sorted = Folders.files(sortTo).stream().filter(f -> !Path.of(f)
			.getFileName().toString().startsWith(".")).toList();
		assertEquals(20, sorted.size(), sorted.toString());
		for (final String f : sorted) {
			final Path copy = sortTo.resolve(f);
			assertFalse(Files.exists(copy.resolveSibling("." + copy.getFileName() + ".77.tmp")), f);
		}
		try (Stream<Path> s = Files.walk(sortTo)) {
			assertEquals(9 * 20, s.filter(p -> p.toString().endsWith(".77.tmp")).count(),
				"the leftovers of files written elsewhere stay (another shard's may be under way)");
		}
	}

	@Test
	void aZooDownloadCutShortIsOneLineAndLeavesNothingInTheCache() throws Exception {
		final Path cache = Files.createDirectories(tmp.resolve("dl4j"));
		final Path models = Files.createDirectories(cache.resolve("models/squeezenet"));
		Files.write(models.resolve(".squeezenet_dl4j_inference.v2.zip.1234.tmp"), new byte[500]);
		final HttpServer site = HttpServer.create(new InetSocketAddress(InetAddress
			.getLoopbackAddress(), 0), 0);
		site.createContext("/", exchange -> {
			try (exchange) {
				exchange.sendResponseHeaders(200, 100_000);
				exchange.getResponseBody().write(new byte[1000]);
			}
		});
		site.start();
		final Launcher r;
		try {
			r = Launcher.runWith("-Dorg.deeplearning4j.resources.directory=" + cache +
				" -Dorg.deeplearning4j.resources.baseurl=http://127.0.0.1:" + site.getAddress()
					.getPort() + "/", null, "--headless", "--run", "Transfer Learn CNN",
				"data='test-images/cells',base_model='squeezenet',download_weights=true," +
					"output_model='" + tmp.resolve("never.zip") + "',max_epochs=1");
		}
		finally {
			site.stop(0);
		}
		assertEquals(1, r.exit, r.toString());
		assertEquals(1, r.errorLines().size(), r.toString());
		assertTrue(r.errorLines().get(0).contains("Cannot download the ImageNet weights of " +
			"squeezenet from http://127.0.0.1:") && r.errorLines().get(0).contains(
				"cut short after 1000 of its 100000 bytes"), r.toString());
		try (Stream<Path> s = Files.list(models)) {
			assertEquals(List.of(), s.toList());
		}
		assertFalse(Files.exists(tmp.resolve("never.zip")));
	}
}
