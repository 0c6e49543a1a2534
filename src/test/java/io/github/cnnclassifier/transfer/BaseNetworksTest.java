package io.github.cnnclassifier.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.cnnclassifier.TestModels;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** What base_model opens: what is known of a base network's normalisation. */
class BaseNetworksTest {

	@Test
	void aBareOnnxBaseSaysNothingOfItsNormalisationAndOurModelBringsItsOwn() {
		final Path onnx = Path.of("src", "test", "resources", "fixtures", "pytorch-lecture-cnn.onnx");
		// NB: so normalization=auto or base takes the training images' mean and std, not 0/1.
		assertNull(open(onnx).normalization());
		assertEquals(TestModels.digits().normalization().toString(), open(TestModels
			.digitsFile()).normalization().toString());
	}

	private static BaseNetwork open(final Path file) {
		return BaseNetworks.open(TransferOptions.of(file.toString()), () -> null, 1, null, m -> {});
	}
}
