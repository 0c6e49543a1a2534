package io.github.cnnclassifier.ij;

import io.github.cnnclassifier.api.CnnModel;
import io.github.cnnclassifier.api.Progress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import ij.process.ByteProcessor;
import io.github.cnnclassifier.TestModels;
import io.github.cnnclassifier.model.Architectures;
import io.github.cnnclassifier.model.Nd4jBackend;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelMetadata;
import io.github.cnnclassifier.model.Normalization;
import io.github.cnnclassifier.model.SgdMomentum;
import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.predict.Prediction;
import io.github.cnnclassifier.tensor.ImageSamples;
import io.github.cnnclassifier.tensor.InputShape;
import io.github.cnnclassifier.tensor.Tensors;

import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

class ImageClassificationTest {

	@Test
	void classifiesTheShippedStackSliceBySliceKeepingItsLabels() {
		final ImagePlus stack = IJ.openImage(TestModels.DIGITS_STACK.toString());
		final String[] truth = new String[stack.getStackSize()];
		for (int i = 0; i < truth.length; i++) {
			truth[i] = stack.getStack().getSliceLabel(i + 1);
		}
		final ImageClassification c = ImageClassification.run(stack, CnnModel.of(TestModels
			.digits()), 16, Progress.NONE);
		c.showClasses();
		final ij.gui.Roi[] texts = stack.getOverlay().toArray();
		assertEquals(truth.length, texts.length);
		int correct = 0;
		for (int i = 0; i < truth.length; i++) {
			final Prediction p = c.predictions().get(i);
			assertEquals(truth[i], stack.getStack().getSliceLabel(i + 1), "the true label stays");
			assertEquals(p.label(), ((ij.gui.TextRoi) texts[i]).getText().trim());
			assertEquals(i + 1, texts[i].getPosition(), "shown on its own slice");
			if (p.label().equals(truth[i])) correct++;
			float sum = 0;
			for (int k = 0; k < 10; k++) sum += p.probability(k);
			assertEquals(1, sum, 1e-4);
		}
		assertTrue(correct >= 36, correct + " of 40 right");
	}

	@Test
	void theResultsTableHasOneRowPerSliceWithProbabilities() {
		final ImagePlus stack = IJ.openImage(TestModels.DIGITS_STACK.toString());
		final ImageClassification c = ImageClassification.run(stack, CnnModel.of(TestModels
			.digits()), 128,
			Progress.NONE);
		final ResultsTable table = new ResultsTable();
		c.fill(table);
		assertEquals(40, table.size());
		assertEquals("Label,Slice,Class,Confidence,P_0,P_1,P_2,P_3,P_4,P_5,P_6,P_7,P_8,P_9",
			String.join(",", table.getHeadings()));
		assertEquals(stack.getStack().getSliceLabel(7), table.getLabel(6), "the true label " +
			"beside the class");
		assertEquals(7, (int) table.getValue("Slice", 6));
		final Prediction p = c.predictions().get(6);
		assertEquals(p.label(), table.getStringValue("Class", 6));
		assertEquals(p.confidence(), table.getValue("Confidence", 6), 1e-6);
		assertEquals(p.confidence(), table.getValue("P_" + p.label(), 6), 1e-6);
		final String[] csv = c.csv().split("\n");
		assertEquals(41, csv.length);
		assertEquals("7," + p.label() + "," + p.confidence(), csv[7].substring(0, csv[7]
			.indexOf(',', csv[7].indexOf(',', 2) + 1)));
	}

	@Test
	void aSingleImageGetsOneRowAndItsClassOverIt() {
		final ImagePlus one = IJ.openImage(TestModels.DIGITS.resolve("3/digit_3_007.png")
			.toString());
		final ImageClassification c = ImageClassification.run(one, CnnModel.of(TestModels
			.digits()), 128, Progress.NONE);
		c.showClasses();
		c.showClasses();
		assertEquals(1, c.predictions().size());
		assertEquals("3", c.predictions().get(0).label());
		assertEquals(1, one.getOverlay().size(), "a second run replaces the text");
		assertEquals("3", ((ij.gui.TextRoi) one.getOverlay().get(0)).getText().trim());
		assertEquals(null, one.getProp("Slice_Label"));
	}

	@Test
	void eachChannelOfAHyperstackIsClassifiedByAGreyModel() {
		final ImagePlus stack = IJ.openImage(TestModels.DIGITS_STACK.toString());
		// 40 planes as 2 channels x 4 slices x 5 frames
		stack.setDimensions(2, 4, 5);
		stack.setOpenAsHyperStack(true);
		final ImageClassification c = ImageClassification.run(stack, CnnModel.of(TestModels
			.digits()), 128,
			Progress.NONE);
		final ResultsTable table = new ResultsTable();
		c.fill(table);
		assertEquals(40, table.size());
		assertEquals("Label,Slice,C,Z,T", String.join(",", List.of(table.getHeadings()).subList(
			0, 5)));
		c.showClasses();
		assertEquals(40, stack.getOverlay().size());
		assertEquals(2, stack.getOverlay().get(11).getCPosition(), "plane 12's text on c=2");
		assertEquals(2, stack.getOverlay().get(11).getTPosition());
		// plane 12 is c=2, z=2, t=2
		assertEquals(2, (int) table.getValue("C", 11));
		assertEquals(2, (int) table.getValue("Z", 11));
		assertEquals(2, (int) table.getValue("T", 11));
	}

	@Test
	void anImgLib2ImageIsClassifiedLikeTheSameImagePlus() {
		final ImagePlus stack = IJ.openImage(TestModels.DIGITS_STACK.toString());
		// NB: (X, Y, C=1, N=40), the axes the tensor bridge reads.
		final net.imglib2.img.Img<net.imglib2.type.numeric.real.FloatType> img = Tensors.toRai(
			Tensors.fromImagePlus(stack));
		final Classifier classifier = new Classifier(TestModels.digits());
		final List<Prediction> fromImg = classifier.classify(ImageSamples.of(img, classifier
			.model().inputShape(), "img"), 64, done -> {});
		final List<Prediction> fromImp = ImageClassification.run(stack, CnnModel.of(classifier
			.model()), 64, Progress.NONE)
			.predictions();
		assertEquals(40, fromImg.size());
		for (int i = 0; i < 40; i++) {
			assertEquals(fromImp.get(i).label(), fromImg.get(i).label());
			assertEquals(fromImp.get(i).confidence(), fromImg.get(i).confidence(), 1e-5);
		}
	}

	@Test
	void channelsThatDoNotFitTheModelAreRefusedWithTheCounts() {
		final ImageStack planes = new ImageStack(28, 28);
		for (int i = 0; i < 4; i++) planes.addSlice(new ByteProcessor(28, 28));
		final ImagePlus twoChannels = new ImagePlus("two.tif", planes);
		twoChannels.setDimensions(2, 2, 1);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ImageClassification.run(twoChannels, CnnModel.of(untrainedRgbModel()), 8,
			Progress.NONE));
		assertTrue(e.getMessage().contains("two.tif") && e.getMessage().contains(
			"2 channels") && e.getMessage().contains("expects 3"), e.getMessage());
	}

	private static ModelBundle untrainedRgbModel() {
		Nd4jBackend.load();
		final InputShape shape = new InputShape(28, 28, 3);
		final ComputationGraph net = new ComputationGraph(Architectures.build(Architectures.spec(
			Architectures.LECTURE_CNN), shape, 2, new SgdMomentum(), 0, 1, null));
		net.init();
		return new ModelBundle(net, new ModelMetadata(List.of("a", "b"), shape,
			new Normalization(0, 1), Architectures.LECTURE_CNN, 1));
	}
}
