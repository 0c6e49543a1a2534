package io.github.cnnclassifier.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.output.KilledWrites;
import io.github.cnnclassifier.tensor.InputShape;
import io.github.cnnclassifier.train.TrainingMonitor;
import io.github.cnnclassifier.train.TrainingOptions;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.Adler32;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The zoo's weights: where DL4J keeps them, checked by DL4J's checksums,
 * downloaded only when asked, read without Java deserialisation.
 */
class ZooWeightsTest {

	@TempDir
	Path tmp;

	private ZooWeights weights() {
		return new ZooWeights(tmp.resolve("dl4j"), tmp.resolve("site").toUri().toString());
	}

	@Test
	void missingImageNetWeightsSayWhereToPutThem() {
		final ZooWeights w = weights();
		final Path expected = tmp.resolve("dl4j/models/vgg16/vgg16_dl4j_inference.zip");
		assertEquals(expected, w.cached(ZooArchitecture.VGG16));
		final ModelException e = assertThrows(ModelException.class, () -> w.open(
			ZooArchitecture.VGG16, "", false, 1, null, s -> {}));
		assertEquals("The ImageNet weights of vgg16 are not at " + expected + ": download " + tmp
			.resolve("site").toUri() + "models/vgg16_dl4j_inference.zip into that folder, give " +
			"the file as base_weights, or set download_weights=true.", e.getMessage());
		final ModelException none = assertThrows(ModelException.class, () -> w.open(
			ZooArchitecture.ALEXNET, "", false, 1, null, s -> {}));
		assertTrue(none.getMessage().startsWith("Deeplearning4j publishes no pretrained weights " +
			"for alexnet"), none.getMessage());
	}

	@Test
	void corruptWeightsAreRefusedByTheirChecksum() throws IOException {
		final Path file = Files.write(tmp.resolve("resnet50.zip"), new byte[] { 'P', 'K', 3, 4,
			1, 2, 3 });
		final ModelException e = assertThrows(ModelException.class, () -> weights().open(
			ZooArchitecture.RESNET50, file.toString(), false, 1, null, s -> {}));
		assertTrue(e.getMessage().startsWith(file + " is not Deeplearning4j's ImageNet weights of " +
			"resnet50 (Adler-32 checksum ") && e.getMessage().contains("expected 3914447815)"), e
				.getMessage());
	}

	@Test
	void aDownloadIsCheckedBeforeItIsKept() throws IOException {
		final Path site = Files.createDirectories(tmp.resolve("site/models"));
		Files.write(site.resolve("squeezenet_dl4j_inference.v2.zip"), new byte[1000]);
		final List<String> log = new ArrayList<>();
		final ModelException e = assertThrows(ModelException.class, () -> weights().open(
			ZooArchitecture.SQUEEZENET, "", true, 1, null, log::add));
		assertTrue(e.getMessage().contains("is not Deeplearning4j's ImageNet weights of " +
			"squeezenet"), e.getMessage());
		assertTrue(log.get(0).startsWith("Downloading the ImageNet weights of squeezenet from " +
			site.toUri()), log.toString());
		try (Stream<Path> left = Files.list(tmp.resolve("dl4j/models/squeezenet"))) {
			assertEquals(List.of(), left.toList(), "nothing half-checked stays in the cache");
		}
	}

	@Test
	void squeezenetWeightsInTheCacheAreSizedAndCheckedWithoutACrash() throws IOException {
		final Path file = weights().cached(ZooArchitecture.SQUEEZENET);
		Files.createDirectories(file.getParent());
		Files.write(file, new byte[1000]);
		final ModelException e = assertThrows(ModelException.class, () -> weights().open(
			ZooArchitecture.SQUEEZENET, "", false, 1, null, s -> {}));
		assertTrue(e.getMessage().startsWith(file + " is not Deeplearning4j's ImageNet weights " +
			"of squeezenet"), e.getMessage());
		final long max = ZooArchitecture.SQUEEZENET.maxWeightsBytes();
		assertTrue(max > (16 << 20) + 3 * 4 * 1_000_000 && max < 100 << 20, "1.2 M parameters: " +
			max);
	}

	@Test
	void aKilledDownloadsLeftoverIsSweptByTheNextDownload() throws IOException {
		final Path site = Files.createDirectories(tmp.resolve("site/models"));
		Files.write(site.resolve("squeezenet_dl4j_inference.v2.zip"), new byte[1000]);
		final Path cache = Files.createDirectories(tmp.resolve("dl4j/models/squeezenet"));
		KilledWrites.leftover(cache.resolve(".squeezenet_dl4j_inference.v2.zip.1234567890.tmp"),
			new byte[500]);
		Files.writeString(cache.resolve("notes.txt"), "the user's");
		assertThrows(ModelException.class, () -> weights().open(ZooArchitecture.SQUEEZENET, "",
			true, 1, null, s -> {}));
		assertEquals(List.of("notes.txt"), names(cache), "half a download is not kept");
	}

	@Test
	void weightsThatAppearedDuringTheDownloadAreNeverReplaced() throws IOException {
		final Path file = weights().cached(ZooArchitecture.SQUEEZENET);
		final byte[] genuine = withAdler32(ZooArchitecture.SQUEEZENET.weightsChecksum());
		final HttpServer server = serve(exchange -> {
			Files.writeString(file, "another download's");
			exchange.sendResponseHeaders(200, genuine.length);
			exchange.getResponseBody().write(genuine);
		});
		final ModelException e;
		try {
			e = assertThrows(ModelException.class, () -> weights(server).open(
				ZooArchitecture.SQUEEZENET, "", true, 1, null, s -> {}));
		}
		finally {
			server.stop(0);
		}
		assertEquals("another download's", new String(Files.readAllBytes(file),
			StandardCharsets.ISO_8859_1));
		assertTrue(e.getMessage().startsWith(file + " is not Deeplearning4j's ImageNet weights"),
			e.getMessage());
		assertEquals(List.of(file.getFileName().toString()), names(file.getParent()));
	}

	@Test
	void aDownloadCutShortLeavesNothingUnderTheFinalName() throws IOException {
		final Path file = weights().cached(ZooArchitecture.SQUEEZENET);
		final HttpServer server = serve(exchange -> {
			exchange.sendResponseHeaders(200, 100_000);
			exchange.getResponseBody().write(new byte[1000]);
			// NB: closing the exchange before the declared length ends the connection.
		});
		final ModelException e;
		try {
			e = assertThrows(ModelException.class, () -> weights(server).open(
				ZooArchitecture.SQUEEZENET, "", true, 1, null, s -> {}));
		}
		finally {
			server.stop(0);
		}
		assertTrue(e.getMessage().startsWith("Cannot download the ImageNet weights of " +
			"squeezenet from "), e.getMessage());
		assertFalse(e.getMessage().contains("\n"), e.getMessage());
		assertEquals(List.of(), names(file.getParent()));
	}

	/** Weights from a site served by {@code server}. */
	private ZooWeights weights(final HttpServer server) {
		return new ZooWeights(tmp.resolve("dl4j"), "http://127.0.0.1:" + server.getAddress()
			.getPort() + "/");
	}

	/** A local site whose every answer {@code handler} gives, the cache folder made. */
	private HttpServer serve(final HttpHandler handler) throws IOException {
		Files.createDirectories(weights().cached(ZooArchitecture.SQUEEZENET).getParent());
		final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress
			.getLoopbackAddress(), 0), 0);
		server.createContext("/", exchange -> {
			try (exchange) {
				handler.handle(exchange);
			}
		});
		server.start();
		return server;
	}

	/**
	 * Bytes whose Adler-32 checksum is {@code checksum}: its low half is one
	 * plus their sum, its high half the sum of those running sums (mod 65521).
	 */
	private static byte[] withAdler32(final long checksum) {
		final int mod = 65521, a = (int) (checksum & 0xffff), b = (int) (checksum >>> 16);
		final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		int sum = 1, sums = 0;
		// The low half first, 255 at a time; then zeros, each adding a to the high half.
		for (int left = Math.floorMod(a - sum, mod); left > 0; left -= Math.min(left, 255)) {
			out.write(Math.min(left, 255));
			sum = (sum + Math.min(left, 255)) % mod;
			sums = (sums + sum) % mod;
		}
		final long zeros = Math.floorMod((long) (b - sums) * BigInteger.valueOf(a).modInverse(
			BigInteger.valueOf(mod)).longValue(), mod);
		out.writeBytes(new byte[(int) zeros]);
		final Adler32 check = new Adler32();
		check.update(out.toByteArray());
		assertEquals(checksum, check.getValue());
		return out.toByteArray();
	}

	private static List<String> names(final Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	@Test
	void weightsOfAnArchitectureWithoutPublishedOnesComeFromAFileOfOurs() throws IOException {
		final BaseNetwork random = weights().open(ZooArchitecture.SIMPLECNN,
			TransferOptions.NO_WEIGHTS, false, 11, new InputShape(48, 48, 3), s -> {});
		final Path file = tmp.resolve("simplecnn.zip");
		ModelSerializer.writeModel(random.network(), file.toFile(), false);
		final BaseNetwork read = weights().open(ZooArchitecture.SIMPLECNN, file.toString(), false,
			0, null, s -> {});
		assertEquals(random.network().params(), read.network().params());
		assertEquals(new InputShape(48, 48, 3), read.input());
		assertEquals(BaseNetworks.sha256(file), read.sha256());
		// Transfer from it: RGB network, grey 16-bit cells replicated and resized.
		final ModelBundle m = new TransferTrainer(TrainingOptions.builder().maxEpochs(1)
			.miniBatchSize(32).build(), TransferOptions.of("simplecnn").weights(file.toString(),
				false).freezing("").pace(1, 0), TrainingMonitor.SILENT).weights(weights()).train(TestModels.CELLS, null,
					null);
		assertEquals(new InputShape(48, 48, 3), m.inputShape());
		assertEquals("zoo", m.metadata().transfer().source());
		assertEquals("simplecnn", m.metadata().architecture());
	}

	@Test
	void weightsHoldingAJavaObjectAreNotOpened() throws IOException {
		final BaseNetwork random = weights().open(ZooArchitecture.SIMPLECNN,
			TransferOptions.NO_WEIGHTS, false, 11, new InputShape(48, 48, 3), s -> {});
		final Path file = tmp.resolve("crafted.zip");
		ModelSerializer.writeModel(random.network(), file.toFile(), false);
		try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + file.toUri()), Map
			.of()); ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(zip
				.getPath("normalizer.bin"))))
		{
			out.writeObject(new ArrayList<>(List.of("anything")));
		}
		final ModelException e = assertThrows(ModelException.class, () -> weights().open(
			ZooArchitecture.SIMPLECNN, file.toString(), false, 0, null, s -> {}));
		assertTrue(e.getMessage().contains("'normalizer.bin'") && e.getMessage().contains(
			"serialised Java object"), e.getMessage());
		assertFalse(e.getMessage().contains("\n"));
	}

	@Test
	void imageNetWeightsTakeRgbOnceRedAndBlueAreSwapped() {
		final ComputationGraph net = weights().open(ZooArchitecture.SQUEEZENET,
			TransferOptions.NO_WEIGHTS, false, 2, null, s -> {}).network();
		final INDArray before = net.getLayer("conv1").getParam("W").dup();
		ZooWeights.swapRedAndBlue(net);
		final INDArray after = net.getLayer("conv1").getParam("W");
		for (final int[] pair : new int[][] { { 0, 2 }, { 1, 1 }, { 2, 0 } }) {
			assertEquals(before.slice(pair[0], 1), after.slice(pair[1], 1), "channel " + pair[0]);
		}
	}
}
