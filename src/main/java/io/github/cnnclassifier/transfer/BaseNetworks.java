package io.github.cnnclassifier.transfer;

import io.github.cnnclassifier.data.Fingerprint;
import io.github.cnnclassifier.interop.ModelFiles;
import io.github.cnnclassifier.interop.ModelRef;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.model.Nd4jBackend;
import io.github.cnnclassifier.model.Normalization;
import io.github.cnnclassifier.tensor.InputShape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Opens what {@code base_model} names: a model file of ours, a Keras file or a zoo architecture. */
final class BaseNetworks {

	private BaseNetworks() {}

	/**
	 * The base network {@code options} name.
	 *
	 * @param weights where a zoo architecture's weights are
	 * @param zooInput the input for a zoo architecture without weights, or null for its default
	 * @param log gets what happens, e.g. which weights were read
	 * @throws ModelException naming the file or name and what to do
	 */
	static BaseNetwork open(final TransferOptions options, final Supplier<ZooWeights> weights,
		final long seed, final InputShape zooInput, final Consumer<String> log)
	{
		final String name = options.baseModel();
		final ZooArchitecture zoo = ZooArchitecture.of(name);
		if (zoo != null) return weights.get().open(zoo, options.baseWeights(), options
			.downloadWeights(), seed, zooInput, log);
		final Path file = Paths.get(name);
		if (!Files.isRegularFile(file)) {
			throw new ModelException("base_model " + name + " is neither a file nor a zoo " +
				"architecture: give a model file (.zip), a Keras file (.keras, .h5) or one of " +
				ZooArchitecture.words() + ".");
		}
		final String lower = name.toLowerCase(Locale.ROOT);
		if (lower.endsWith(".h5") || lower.endsWith(".hdf5") || lower.endsWith(".keras")) {
			return KerasNetworks.open(file, log);
		}
		Nd4jBackend.loadInBackground(); // NB: the base network is built, while its file is read
		final ModelBundle model = ModelFiles.load(file);
		// NB: a bare ONNX file does not say how its inputs were normalised; normalization=MEAN/STD does.
		final Normalization own = ModelRef.of(file).bareOnnx() ? null : model.normalization();
		return new BaseNetwork(model.network(), model.inputShape(), own, model
			.metadata().architecture(), "model", file, sha256(file), model.labels(), model
				.metadata().training(), model.metadata().history(), model.metadata().layers());
	}

	/** The SHA-256 of {@code file}'s bytes, in hex. */
	static String sha256(final Path file) {
		try {
			return Fingerprint.sha256(file);
		}
		catch (final IOException e) {
			throw new ModelException("Cannot read " + file + ": " + e.getMessage(), e);
		}
	}
}
