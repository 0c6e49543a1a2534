package io.github.cnnclassifier.model;

import io.github.cnnclassifier.tensor.InputShape;

import java.util.List;
import java.util.function.Supplier;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A trained network with the metadata needed to use it: labels, input shape
 * and normalisation. A model read from a file holds the network's
 * configuration and parameter values, and builds the DL4J network (which
 * starts ND4J) only when something asks for it: classifying with the vector
 * engine needs neither. NB: the network is not thread-safe; use one bundle per thread.
 */
public final class ModelBundle {

	private final ModelMetadata metadata;
	private final ComputationGraphConfiguration configuration;
	/** Guarded by this; once built, the network is what holds the parameters. */
	private ComputationGraph network;
	/** Guarded by this; the file's values until the network is built, then null. */
	private FlatParams flat;
	/**
	 * Guarded by this; what builds the network, then null: it holds the file's
	 * values too, which the network has once built.
	 */
	private Supplier<ComputationGraph> build;

	/** A bundle of a network that exists. */
	public ModelBundle(final ComputationGraph network, final ModelMetadata metadata) {
		this.network = network;
		this.metadata = metadata;
		this.configuration = network.getConfiguration();
		this.flat = null;
		this.build = null;
	}

	/**
	 * A bundle whose network {@code build} makes from {@code params} (and
	 * their configuration) when {@link #network()} is first called.
	 */
	ModelBundle(final FlatParams params, final ModelMetadata metadata,
		final Supplier<ComputationGraph> build)
	{
		this.metadata = metadata;
		this.configuration = params.configuration();
		this.flat = params;
		this.build = build;
	}

	/** The DL4J network, built on the first call for a model read from a file. */
	public synchronized ComputationGraph network() {
		if (network == null) {
			network = build.get();
			flat = null;
			build = null;
		}
		return network;
	}

	/** The network's configuration; the same object as the network's. */
	public ComputationGraphConfiguration configuration() {
		return configuration;
	}

	/** The network's parameters: the file's values, or the network's once it is built (training changes those). */
	public synchronized ParamSource params() {
		return network == null ? flat : ParamSource.of(network);
	}

	/** The vertices in the order DL4J computes them and lays out their parameters. */
	public synchronized List<String> vertexOrder() {
		return network == null ? configuration.getTopologicalOrderStr() : Networks.order(network);
	}

	public ModelMetadata metadata() {
		return metadata;
	}

	public List<String> labels() {
		return metadata.labels();
	}

	public InputShape inputShape() {
		return metadata.input();
	}

	public Normalization normalization() {
		return metadata.normalization();
	}

	@Override
	public String toString() {
		return "ModelBundle[" + metadata.labels() + ", " + metadata.input() + "]";
	}
}
