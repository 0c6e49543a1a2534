package io.github.cnnclassifier.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.data.BadFiles;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

class TrainingOptionsTest {

	@Test
	void defaultsAreMatlabs() {
		final TrainingOptions o = TrainingOptions.builder().build();
		assertEquals(Solver.SGDM, o.solver());
		assertEquals(0.01, o.initialLearnRate());
		assertEquals(0.9, o.momentum());
		assertEquals(4, o.maxEpochs());
		assertEquals(0, o.miniBatchSize(), "automatic");
		assertEquals(30, o.validationFrequency());
		assertEquals(Shuffle.EVERY_EPOCH, o.shuffle());
		assertEquals(1e-4, o.l2Regularization());
		assertEquals(0.75, o.trainingFraction());
		assertEquals(BadFiles.SKIP, o.badFiles());
	}

	@Test
	void anAutomaticMiniBatchIsATenthOfTheTrainingImagesFrom8To32() {
		final TrainingOptions auto = TrainingOptions.builder().build();
		assertEquals(9, auto.miniBatchSizeFor(90), "the cells: 90 training images");
		assertEquals(32, auto.miniBatchSizeFor(900), "the digits: 900 training images");
		assertEquals(25, auto.miniBatchSizeFor(250));
		assertEquals(8, auto.miniBatchSizeFor(30));
		assertEquals(5, auto.miniBatchSizeFor(5), "never more than the images");
		assertEquals(32, auto.miniBatchSizeFor(60_000));
		final TrainingOptions given = TrainingOptions.builder().miniBatchSize(32).build();
		assertEquals(32, given.miniBatchSizeFor(90));
		assertEquals(20, given.miniBatchSizeFor(20));
		assertEquals(90, auto.toMap(90).get("mini_batch_size"));
		assertEquals(true, auto.toMap(90).get("mini_batch_size_automatic"));
		assertEquals(null, given.toMap(32).get("mini_batch_size_automatic"));
	}

	@Test
	void badValuesAreNamedInTheError() {
		assertNamed("initial_learn_rate", b -> b.initialLearnRate(0));
		assertNamed("initial_learn_rate", b -> b.initialLearnRate(Double.NaN));
		assertNamed("momentum", b -> b.momentum(1));
		assertNamed("max_epochs", b -> b.maxEpochs(0));
		assertNamed("mini_batch_size", b -> b.miniBatchSize(-1));
		assertNamed("validation_frequency", b -> b.validationFrequency(0));
		assertNamed("l2_regularization", b -> b.l2Regularization(-1));
		assertNamed("training_fraction", b -> b.trainingFraction(0));
		assertNamed("input_height", b -> b.inputSize(28, 0, 1));
		assertNamed("layers", b -> b.layers("alex-net"));
		assertNamed("layers", b -> b.layers("conv3x3x8 bnn relu"));
		assertNamed("validation_patience", b -> b.validationPatience(-1));
	}

	@Test
	void wordsParseAsUsersWriteThem() {
		assertEquals(Solver.ADAM, Solver.of("Adam"));
		assertEquals(Shuffle.ONCE, Shuffle.of("once"));
		assertEquals(BadFiles.STOP, BadFiles.of("stop"));
		assertTrue(assertThrows(TrainingException.class, () -> Solver.of("sgd")).getMessage()
			.contains("sgdm, adam or rmsprop"));
		assertEquals(ClassWeights.BALANCED, ClassWeights.of("Balanced"));
		assertArrayEquals(new double[] { 0.75, 1.5 }, ClassWeights.BALANCED.weights(new int[] { 4,
			2 }), 1e-12);
		assertNull(ClassWeights.NONE.weights(new int[] { 4, 2 }));
	}

	@Test
	void onDuplicateAndGroupByAreRecordedAndAWrongWordIsNamed() {
		final TrainingOptions o = TrainingOptions.builder().onDuplicate("drop").groupBy(
			" folder ").build();
		assertTrue(o.dropDuplicates());
		assertEquals("folder", o.groupBy());
		assertEquals("drop", o.toMap().get("on_duplicate"));
		assertEquals("folder", o.toMap().get("group_by"));
		assertEquals("keep", TrainingOptions.builder().build().toMap().get("on_duplicate"));
		final TrainingException e = assertThrows(TrainingException.class, () -> TrainingOptions
			.builder().onDuplicate("remove"));
		assertEquals("on_duplicate must be 'keep' or 'drop', got 'remove'.", e.getMessage());
	}

	@Test
	void theMapUsesTheUserFacingNames() {
		final TrainingOptions o = TrainingOptions.builder().maxEpochs(7).build();
		assertEquals(7, o.toMap().get("max_epochs"));
		assertEquals("every-epoch", o.toMap().get("shuffle"));
		assertEquals("conv3x3x8 bn relu maxpool2 conv3x3x16 bn relu maxpool2 conv3x3x32 bn relu",
			o.toMap().get("layers"));
		assertEquals("none", o.toMap().get("class_weights"));
		assertEquals(o.toMap(), o.toBuilder().build().toMap());
	}

	private static void assertNamed(final String name,
		final Consumer<TrainingOptions.Builder> change)
	{
		final TrainingOptions.Builder b = TrainingOptions.builder();
		change.accept(b);
		final TrainingException e = assertThrows(TrainingException.class, b::build);
		assertTrue(e.getMessage().startsWith(name), e.getMessage());
	}
}
