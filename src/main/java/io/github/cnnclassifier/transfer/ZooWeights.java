package io.github.cnnclassifier.transfer;

import io.github.cnnclassifier.data.BoundedCopy;
import io.github.cnnclassifier.data.Memory;
import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.model.Normalization;
import io.github.cnnclassifier.output.SafeFiles;
import io.github.cnnclassifier.tensor.InputShape;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.Adler32;
import java.util.zip.CheckedInputStream;

import org.deeplearning4j.common.resources.DL4JResources;
import org.deeplearning4j.common.resources.ResourceType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The zoo's pretrained ImageNet weights, where DL4J's
 * {@code ZooModel.initPretrained} keeps them: a cache folder
 * ({@code ~/.deeplearning4j/models/<architecture>/}) filled from DL4J's
 * download site, each file checked against DL4J's Adler-32 checksum. Unlike
 * DL4J, the file is never handed to DL4J's reader (which deserialises Java
 * objects): {@link ModelIO#readNetwork} reads it by our model files' rules;
 * and nothing downloads unless asked.
 */
final class ZooWeights {

	/** NB: more than the largest zoo weights (VGG16's, about 530 MB) need. */
	static final long MAX_BYTES = 2L << 30;

	private final Path cache;
	private final String site;

	/**
	 * @param cache DL4J's resource folder (holding {@code models/})
	 * @param site DL4J's download site (ending in '/')
	 */
	ZooWeights(final Path cache, final String site) {
		this.cache = cache;
		this.site = site;
	}

	/** DL4J's cache and site, as its system properties set them. */
	static ZooWeights dl4j() {
		return new ZooWeights(DL4JResources.getBaseDirectory().toPath(), DL4JResources
			.getBaseDownloadURL());
	}

	/** Where DL4J keeps (or would keep) the ImageNet weights of {@code a}, or null where it publishes none. */
	Path cached(final ZooArchitecture a) {
		final String url = a.weightsUrl();
		return url == null ? null : cache.resolve(ResourceType.ZOO_MODEL.resourceName()).resolve(a
			.cacheName()).resolve(url.substring(url.lastIndexOf('/') + 1));
	}

	/** The URL of {@code a}'s ImageNet weights on this site, or null. */
	String url(final ZooArchitecture a) {
		final String url = a.weightsUrl();
		if (url == null) return null;
		final String dl4j = DL4JResources.getBaseDownloadURL();
		return url.startsWith(dl4j) ? site + url.substring(dl4j.length()) : url;
	}

	/**
	 * Architecture {@code a} with the weights {@code weights} names: empty for
	 * the ImageNet weights in the cache (downloaded first if {@code download}),
	 * a file, or {@link TransferOptions#NO_WEIGHTS} for random ones.
	 *
	 * @param input the input for random weights, or null for the architecture's default
	 * @throws ModelException saying where the weights must be, or what is wrong with them
	 */
	BaseNetwork open(final ZooArchitecture a, final String weights, final boolean download,
		final long seed, final InputShape input, final Consumer<String> log)
	{
		if (weights.equalsIgnoreCase(TransferOptions.NO_WEIGHTS)) {
			final InputShape shape = input != null ? input : a.defaultInput();
			log.accept("Base network: " + a.word() + " with random weights (seed " + seed +
				"), input " + shape);
			return new BaseNetwork(a.initialise(seed, shape), shape, null, a.word(), "zoo", null,
				null, List.of(), Map.of(), List.of(), "");
		}
		final Path file = weights.isEmpty() ? imagenet(a, download, log) : Paths.get(weights);
		if (!Files.isRegularFile(file)) {
			throw new ModelException("base_weights " + file + " not found: give a Deeplearning4j " +
				"model file of " + a.word() + ", leave base_weights empty for its ImageNet weights, " +
				"or write 'none' for random weights.");
		}
		requireSize(a, file);
		final long expected = a.weightsChecksum();
		final boolean imagenet = expected != 0;
		// NB: weights are hundreds of MB: the checksum and the digest in one read.
		final String sha256 = imagenet ? verify(a, file, expected) : BaseNetworks.sha256(file);
		final ComputationGraph net = ModelIO.readNetwork(file);
		final InputShape shape = a.defaultInput();
		// NB: DL4J's ImageNet weights came from Keras's models (caffe mode): BGR input minus
		// ImageNet's mean. Swapping the first convolution's input channels makes them take
		// RGB, as ImageJ gives it; the mean is then subtracted in RGB order.
		if (imagenet) swapRedAndBlue(net);
		log.accept("Base network: " + a.word() + (imagenet ? " with its ImageNet weights from "
			: " with the weights of ") + file + ", input " + shape);
		return new BaseNetwork(net, shape, imagenet ? Normalization.perChannel(
			ZooArchitecture.IMAGENET_MEAN, new double[] { 1 }, shape) : null, a.word(), "zoo", file,
			sha256, List.of(), Map.of(), List.of(), "");
	}

	/**
	 * Fails if {@code file} is larger than any weights of {@code a}, before a
	 * byte of it is read (its checksum would read all of it).
	 */
	private static void requireSize(final ZooArchitecture a, final Path file) {
		final long size, max = Math.min(MAX_BYTES, a.maxWeightsBytes());
		try {
			size = Files.size(file);
		}
		catch (final IOException e) {
			throw new ModelException("Cannot read " + file + ": " + e.getMessage(), e);
		}
		if (size > max) {
			throw new ModelException(file + " holds " + Memory.format(size) + ", more than any " +
				"weights of " + a.word() + " take (at most " + Memory.format(max) + "): it is " +
				"another file or damaged; it was not read. Give a model file of " + a.word() + " as " +
				"base_weights, or leave base_weights empty for its ImageNet weights.");
		}
	}

	/** The cached ImageNet weights of {@code a}, downloaded first if asked. */
	private Path imagenet(final ZooArchitecture a, final boolean download,
		final Consumer<String> log)
	{
		final Path file = cached(a);
		if (file == null) {
			throw new ModelException("Deeplearning4j publishes no pretrained weights for " + a
				.word() + ": give base_weights=FILE (a Deeplearning4j model file of it) or " +
				"base_weights=none for random weights.");
		}
		if (Files.isRegularFile(file)) return file;
		if (!download) {
			throw new ModelException("The ImageNet weights of " + a.word() + " are not at " + file +
				": download " + url(a) + " into that folder, give the file as base_weights, or " +
				"set download_weights=true.");
		}
		download(a, file, log);
		return file;
	}

	/**
	 * Downloads the ImageNet weights of {@code a} into {@code file} through
	 * {@link SafeFiles#create}, checked before they are kept; what a killed
	 * download left there goes first (hundreds of MB).
	 */
	private void download(final ZooArchitecture a, final Path file, final Consumer<String> log) {
		final String url = url(a);
		log.accept("Downloading the ImageNet weights of " + a.word() + " from " + url + " to " +
			file + " ...");
		try {
			Files.createDirectories(file.getParent());
			SafeFiles.removeLeftovers(file.getParent(), Set.of(file.getFileName().toString()));
		}
		catch (final IOException e) {
			throw cannotDownload(a, url, file, e);
		}
		if (!SafeFiles.create(file, "ImageNet weights of " + a.word(), tmp -> {
			try {
				fetch(a, url, tmp);
			}
			catch (final IOException e) {
				throw cannotDownload(a, url, file, e);
			}
		}))
		{
			log.accept(file + " appeared during the download (another one?): it is kept, and " +
				"checked.");
		}
	}

	/** Writes what {@code url} sends into {@code tmp}, all of it and of the right checksum. */
	private void fetch(final ZooArchitecture a, final String url, final Path tmp)
		throws IOException
	{
		final URLConnection connection = new URL(url).openConnection();
		connection.setConnectTimeout(30_000);
		connection.setReadTimeout(60_000);
		// NB: checked as it arrives; open() reads the kept file once more anyway.
		final long actual;
		try (CheckedInputStream in = new CheckedInputStream(connection.getInputStream(),
			new Adler32()); OutputStream out = SafeFiles.openTemporary(tmp))
		{
			if (!BoundedCopy.copy(in, out, MAX_BYTES)) {
				throw new ModelException(url + " sends more than " + (MAX_BYTES >> 20) + " MB, " +
					"more than any zoo weights; the download was stopped.");
			}
			actual = in.getChecksum().getValue();
		}
		// NB: a connection that ends early looks like the end of the file to the reader.
		final long length = connection.getContentLengthLong(), got = Files.size(tmp);
		if (length >= 0 && got != length) {
			throw new IOException("the download was cut short after " + got + " of its " +
				length + " bytes");
		}
		requireChecksum(a, url, actual, a.weightsChecksum());
	}

	/** The one line for a download that failed on {@code e}, saying what to do instead. */
	private ModelException cannotDownload(final ZooArchitecture a, final String url,
		final Path file, final IOException e)
	{
		return new ModelException("Cannot download the ImageNet weights of " + a.word() +
			" from " + url + ": " + SafeFiles.why(e) + " Or download them by hand into " + file +
			".", e);
	}

	/**
	 * Fails unless {@code file}'s Adler-32 checksum is {@code expected}, DL4J's
	 * for {@code a}'s ImageNet weights.
	 *
	 * @return the file's SHA-256 (hex), computed in the same read
	 * @throws ModelException naming the file, both checksums and what to do
	 */
	String verify(final ZooArchitecture a, final Path file, final long expected) {
		final CheckedInputStream checked;
		final MessageDigest digest;
		try (InputStream in = new DigestInputStream(checked = new CheckedInputStream(Files
			.newInputStream(file), new Adler32()), digest = MessageDigest.getInstance("SHA-256")))
		{
			final byte[] buffer = new byte[1 << 16];
			while (in.read(buffer) >= 0) {
				// NB: the checksum and the digest read along.
			}
		}
		catch (final IOException e) {
			throw new ModelException("Cannot read " + file + ": " + e.getMessage(), e);
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
		requireChecksum(a, file.toString(), checked.getChecksum().getValue(), expected);
		return HexFormat.of().formatHex(digest.digest());
	}

	/** @throws ModelException unless {@code actual} is {@code expected}, naming {@code source} */
	private void requireChecksum(final ZooArchitecture a, final String source, final long actual,
		final long expected)
	{
		if (actual != expected) {
			throw new ModelException(source + " is not Deeplearning4j's ImageNet weights of " + a
				.word() + " (Adler-32 checksum " + actual + ", expected " + expected + "): it is " +
				"damaged or another file. Download " + url(a) + " again.");
		}
	}

	/** Swaps the red and blue input channels of the convolution that takes the network's input. */
	static void swapRedAndBlue(final ComputationGraph net) {
		final String input = net.getConfiguration().getNetworkInputs().get(0);
		for (final var e : net.getConfiguration().getVertexInputs().entrySet()) {
			if (!e.getValue().contains(input) || net.getLayer(e.getKey()) == null) continue;
			final INDArray w = net.getLayer(e.getKey()).getParam("W");
			if (w == null || w.rank() != 4 || w.size(1) != 3) continue;
			final INDArray red = w.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all(),
				NDArrayIndex.all()).dup();
			w.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all())
				.assign(w.get(NDArrayIndex.all(), NDArrayIndex.point(2), NDArrayIndex.all(),
					NDArrayIndex.all()));
			w.get(NDArrayIndex.all(), NDArrayIndex.point(2), NDArrayIndex.all(), NDArrayIndex.all())
				.assign(red);
		}
	}
}
