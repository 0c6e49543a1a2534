package io.github.cnnclassifier.transfer;

import io.github.cnnclassifier.model.Networks;
import io.github.cnnclassifier.model.Nd4jBackend;
import io.github.cnnclassifier.tensor.InputShape;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.zoo.PretrainedType;
import org.deeplearning4j.zoo.ZooModel;
import org.deeplearning4j.zoo.model.AlexNet;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.SimpleCNN;
import org.deeplearning4j.zoo.model.SqueezeNet;

/**
 * The Deeplearning4j zoo architectures a transfer can start from, by the
 * names users write, with where DL4J publishes their ImageNet weights.
 */
enum ZooArchitecture {

	SIMPLECNN, ALEXNET, VGG16, RESNET50, SQUEEZENET;

	/** ImageNet's mean of R, G and B (0-255), which Keras's ImageNet models (caffe mode) subtract. */
	static final double[] IMAGENET_MEAN = { 123.68, 116.779, 103.939 };

	/** The name users write, e.g. {@code vgg16}. */
	String word() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The architecture named {@code name} (ignoring case), or null. */
	static ZooArchitecture of(final String name) {
		for (final ZooArchitecture a : values()) {
			if (a.word().equalsIgnoreCase(name.trim())) return a;
		}
		return null;
	}

	static List<String> words() {
		return Arrays.stream(values()).map(ZooArchitecture::word).toList();
	}

	/** DL4J's model of this architecture for inputs of {@code shape} (null: its default) and {@code classes} outputs. */
	private ZooModel<?> zoo(final long seed, final InputShape shape, final int classes) {
		final ZooModel<?> model = switch (this) {
			case SIMPLECNN -> SimpleCNN.builder().seed(seed).numClasses(classes).build();
			case ALEXNET -> AlexNet.builder().seed(seed).numClasses(classes).build();
			case VGG16 -> org.deeplearning4j.zoo.model.VGG16.builder().seed(seed).numClasses(classes)
				.build();
			case RESNET50 -> ResNet50.builder().seed(seed).numClasses(classes).build();
			case SQUEEZENET -> SqueezeNet.builder().seed(seed).numClasses(classes).build();
		};
		if (shape != null) model.setInputShape(new int[][] { { shape.channels(), shape.height(),
			shape.width() } });
		return model;
	}

	/** The input DL4J's model takes by default (and its ImageNet weights were trained on). */
	InputShape defaultInput() {
		final int[] chw = zoo(0, null, 1).metaData().getInputShape()[0];
		return new InputShape(chw[1], chw[2], chw[0]);
	}

	/**
	 * The architecture with random weights (DL4J's initialisation, seeded) for
	 * inputs of {@code shape}; its classifier is replaced later, so the class
	 * count only has to be valid.
	 */
	ComputationGraph initialise(final long seed, final InputShape shape) {
		Nd4jBackend.load();
		final Model model = zoo(seed, shape, 1000).init();
		return model instanceof MultiLayerNetwork m ? Networks.toGraph(m) : (ComputationGraph) model;
	}

	/** The URL DL4J downloads the ImageNet weights from, or null where it publishes none. */
	String weightsUrl() {
		return zoo(0, null, 1000).pretrainedUrl(PretrainedType.IMAGENET);
	}

	/** DL4J's Adler-32 checksum of the ImageNet weights file (0 where none). */
	long weightsChecksum() {
		return zoo(0, null, 1000).pretrainedChecksum(PretrainedType.IMAGENET);
	}

	/**
	 * The most bytes a DL4J model file of this architecture (1,000 classes)
	 * can take: its parameters as floats, three times (the network and an
	 * updater's two copies, e.g. Adam's), and 16 MB for the rest.
	 * NB: counted from the configuration alone; nothing is allocated.
	 */
	long maxWeightsBytes() {
		final ZooModel<?> zoo = zoo(0, null, 1000);
		final Object conf = zoo instanceof SimpleCNN m ? m.conf() : zoo instanceof AlexNet m ? m
			.conf() : zoo instanceof org.deeplearning4j.zoo.model.VGG16 m ? m.conf()
				: zoo instanceof ResNet50 m ? m.graphBuilder().build() : squeezeNet((SqueezeNet) zoo);
		long params = 0;
		if (conf instanceof ComputationGraphConfiguration g) {
			for (final GraphVertex v : g.getVertices().values()) {
				if (v instanceof LayerVertex l) params += l.getLayerConf().getLayer().initializer()
					.numParams(l.getLayerConf());
			}
		}
		else {
			for (final NeuralNetConfiguration c : ((MultiLayerConfiguration) conf).getConfs()) {
				params += c.getLayer().initializer().numParams(c);
			}
		}
		return 3 * 4 * params + (16 << 20);
	}

	/** NB: SqueezeNet's builder leaves its input to {@code init()}, which allocates the weights. */
	private ComputationGraphConfiguration squeezeNet(final SqueezeNet zoo) {
		final InputShape in = defaultInput();
		return zoo.graphBuilder().addInputs("input").setInputTypes(InputType.convolutional(in
			.height(), in.width(), in.channels())).build();
	}

	/** The folder name under DL4J's model cache ({@code ~/.deeplearning4j/models/<name>}). */
	String cacheName() {
		return zoo(0, null, 1000).modelName();
	}
}
