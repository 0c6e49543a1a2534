package io.github.cnnclassifier.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cnnclassifier.model.ModelException;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What opening a model for classifying says of files it does not classify with. */
class ModelFilesTest {

	@ParameterizedTest
	@ValueSource(strings = { "keras3-sequential.keras", "keras3-sequential.h5", "sequential.h5" })
	void aKerasFileToClassifyWithIsOneLineSayingToTransferItFirst(final String name) {
		final Path file = Paths.get("src", "test", "resources", "keras", name);
		assertEquals(file + " is a Keras model, which classifies only as a model file of this " +
			"plugin: make one with Transfer Learn CNN (base_model=" + file + "), then use that file.",
			assertThrows(ModelException.class, () -> ModelFiles.load(file)).getMessage());
	}
}
