package io.github.cnnclassifier.transfer;

import io.github.cnnclassifier.model.EpochRecord;
import io.github.cnnclassifier.model.Normalization;
import io.github.cnnclassifier.tensor.InputShape;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A network a transfer starts from, with the input it takes and what is known
 * of where it came from.
 *
 * @param normalization how its inputs were normalised, or null where nothing says
 * @param source {@code model}, {@code keras} or {@code zoo}
 * @param file the file its network was read from, or null
 * @param sha256 that file's SHA-256 (hex), or null
 * @param labels its classes, where known (else empty)
 * @param training its own training options, where known (else empty)
 * @param history its own training epochs, where known (else empty)
 * @param layers its layer spec, where it has one (else empty)
 */
record BaseNetwork(ComputationGraph network, InputShape input, Normalization normalization,
	String architecture, String source, Path file, String sha256, List<String> labels,
	Map<String, Object> training, List<EpochRecord> history, String layers)
{}
