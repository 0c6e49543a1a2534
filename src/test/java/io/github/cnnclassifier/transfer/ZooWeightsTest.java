package io.github.cnnclassifier.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.tensor.InputShape;
import io.github.cnnclassifier.train.TrainingMonitor;
import io.github.cnnclassifier.train.TrainingOptions;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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
