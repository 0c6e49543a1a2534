package io.github.cnnclassifier.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ij.IJ;
import ij.ImagePlus;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.train.FolderTrainer;
import io.github.cnnclassifier.train.TrainingMonitor;
import io.github.cnnclassifier.transfer.TransferOptions;
import io.github.cnnclassifier.transfer.TransferTrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import onnx.Onnx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our models exported to ONNX give, in ONNX Runtime, the probabilities they give here. */
class OnnxExportTest {

	@TempDir
	Path tmp;

	@Test
	void theDigitsModelInOnnxRuntimeGivesOurProbabilitiesOnTheStack() throws Exception {
		final ModelBundle model = TestModels.digits();
		final Path file = tmp.resolve("digits.onnx");
		OnnxExport.write(model, file);
		final ImagePlus stack = IJ.openImage(TestModels.DIGITS_STACK.toString());
		final double diff = RoundTrips.againstOnnxRuntime(model, Files.readAllBytes(file),
			RoundTrips.samples(stack, model.inputShape()), stack.getStackSize());
		System.out.println("digits stack: ONNX Runtime vs ours, max |dp| = " + diff);
		final Onnx.ModelProto proto = Onnx.ModelProto.parseFrom(Files.readAllBytes(file));
		assertEquals(13, proto.getOpsetImport(0).getVersion());
		assertEquals("batch", proto.getGraph().getInput(0).getType().getTensorType().getShape()
			.getDim(0).getDimParam());
		assertEquals("Softmax", proto.getGraph().getNode(proto.getGraph().getNodeCount() - 2)
			.getOpType());
	}

	@Test
	void aCellsModelOfSixteenBitImagesInOnnxRuntimeGivesOurProbabilities() throws Exception {
		final ModelBundle model = new FolderTrainer(TestModels.quick().maxEpochs(2).build(),
			TrainingMonitor.SILENT).train(TestModels.CELLS, null, null);
		final ImagePlus images = RoundTrips.folderStack(TestModels.CELLS, 10);
		final double diff = RoundTrips.againstOnnxRuntime(model, OnnxExport.toBytes(model),
			RoundTrips.samples(images, model.inputShape()), images.getStackSize());
		System.out.println("cells: ONNX Runtime vs ours, max |dp| = " + diff);
	}

	@Test
	void rgbVggSmallAndResnetSmallInOnnxRuntimeGiveOurProbabilities() throws Exception {
		for (final String arch : List.of("vgg-small", "resnet-small",
			"conv3x3x8s2 bn leakyrelu avgpool2 res[conv3x3x16s2 bn relu] gap fc12 dropout0.5"))
		{
			final ModelBundle model = RoundTrips.randomRgb(arch, 32, 40, 3);
			final float[] x = RoundTrips.noise(model.inputShape(), 6, 7);
			final double diff = RoundTrips.againstOnnxRuntime(model, OnnxExport.toBytes(model), x,
				6);
			System.out.println(arch + " (RGB): ONNX Runtime vs ours, max |dp| = " + diff);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sequential", "functional" })
	void aModelTransferredFromAChannelsLastKerasFileExportsAndGivesOurProbabilities(
		final String keras) throws Exception
	{
		final ModelBundle model = new TransferTrainer(TestModels.quick().maxEpochs(1).build(),
			TransferOptions.of(Path.of("src", "test", "resources", "keras", keras + ".h5")
				.toString()).normalizing("data"), TrainingMonitor.SILENT).train(TestModels.CELLS, null,
					null);
		final float[] x = RoundTrips.noise(model.inputShape(), 6, 7);
		final double diff = RoundTrips.againstOnnxRuntime(model, OnnxExport.toBytes(model), x, 6);
		System.out.println(keras + ".h5 transferred: ONNX Runtime vs ours, max |dp| = " + diff);
	}
}
