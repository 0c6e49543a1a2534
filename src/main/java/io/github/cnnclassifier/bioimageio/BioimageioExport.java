package io.github.cnnclassifier.bioimageio;

import io.github.cnnclassifier.interop.Npy;

import io.github.cnnclassifier.output.SafeFiles;
import io.github.cnnclassifier.inspect.Filters;
import io.github.cnnclassifier.interop.BioimageioImport;
import io.github.cnnclassifier.interop.OnnxExport;
import io.github.cnnclassifier.model.EpochRecord;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.Networks;
import io.github.cnnclassifier.model.Normalization;
import io.github.cnnclassifier.predict.Classifier;
import io.github.cnnclassifier.tensor.InputShape;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Writes a model as a bioimage.io model package (a zip with {@code rdf.yaml}
 * of format {@value #FORMAT_VERSION}, ONNX weights, test tensors, a cover and
 * a README) that deepImageJ and the bioimage.io tools run.
 */
public final class BioimageioExport {

	/** The rdf.yaml format written. */
	public static final String FORMAT_VERSION = "0.5.4";
	/** File names inside the package. */
	static final String RDF = BioimageioImport.RDF, WEIGHTS = "weights.onnx", TEST_INPUT = "test_input.npy",
		TEST_OUTPUT = "test_output.npy", COVER = "cover.png", README = "README.md";

	/** A model name bioimage.io takes. */
	private static final String NAME = "[A-Za-z0-9_+\\- ()]{5,128}";
	private static final int MAX_DESCRIPTION = 1024;
	private static final String LICENSE = "CC-BY-4.0";

	/** What a user may say about the model; blank values get sensible defaults. */
	public record Description(String name, String description, String authors, String license,
		String cite)
	{}

	private BioimageioExport() {}

	/** Writes the package of {@code model} to {@code zip} through a temporary file. */
	public static void write(final ModelBundle model, final Description about, final Path zip) {
		check(about);
		for (final double std : meanStd(model.normalization(), model.inputShape().channels())[1]) {
			if (std < 1e-6) throw new IllegalArgumentException("The model normalises with a " +
				"standard deviation of " + std + "; bioimage.io takes 1e-6 or more.");
		}
		final Map<String, byte[]> files = files(model, about);
		SafeFiles.write(zip, "bioimage.io package", tmp -> {
			try (OutputStream out = SafeFiles.openTemporary(tmp); ZipOutputStream z =
				new ZipOutputStream(out))
			{
				for (final Map.Entry<String, byte[]> f : files.entrySet()) {
					z.putNextEntry(new ZipEntry(f.getKey()));
					z.write(f.getValue());
					z.closeEntry();
				}
			}
		});
	}

	/**
	 * Refuses what the 0.5 spec would: a name of other characters or length, a
	 * description over 1024 characters, an author's name with a slash, a
	 * license that is not an SPDX identifier.
	 *
	 * @throws IllegalArgumentException naming the option and the rule
	 */
	static void check(final Description about) {
		final String name = or(about.name(), "");
		if (!name.isEmpty() && !name.matches(NAME)) throw new IllegalArgumentException("name '" +
			name + "' is not a bioimage.io model name: 5 to 128 letters, digits, spaces and _ + - ( ).");
		if (or(about.description(), "").length() > MAX_DESCRIPTION) {
			throw new IllegalArgumentException("description has " + about.description().trim()
				.length() + " characters; bioimage.io takes at most " + MAX_DESCRIPTION + ".");
		}
		for (final String a : authors(about)) {
			if (a.contains("/") || a.contains("\\")) throw new IllegalArgumentException("author '" +
				a + "' has a slash, which bioimage.io does not allow in a name.");
		}
		if (!or(about.license(), LICENSE).matches("[A-Za-z0-9.+-]+")) {
			throw new IllegalArgumentException("license '" + about.license().trim() + "' is not " +
				"an SPDX identifier (e.g. CC-BY-4.0, MIT, BSD-3-Clause).");
		}
	}

	/** The files of the package by name, {@value #RDF} first. */
	static Map<String, byte[]> files(final ModelBundle model, final Description about) {
		final InputShape shape = model.inputShape();
		final float[] input = testInput(model);
		final float[] output;
		try (Classifier c = new Classifier(model)) {
			output = c.probabilities(input.clone(), 1);
		}
		final Map<String, byte[]> files = new LinkedHashMap<>();
		files.put(WEIGHTS, OnnxExport.toBytes(model));
		files.put(TEST_INPUT, Npy.write(input, 1, shape.channels(), shape.height(), shape
			.width()));
		files.put(TEST_OUTPUT, Npy.write(output, 1, output.length));
		files.put(COVER, cover(model));
		files.put(README, readme(model, about).getBytes(StandardCharsets.UTF_8));
		final Map<String, byte[]> all = new LinkedHashMap<>();
		all.put(RDF, rdf(model, about, files).getBytes(StandardCharsets.UTF_8));
		all.putAll(files);
		return all;
	}

	/**
	 * A raw test image: each channel's normalisation mean plus its standard
	 * deviation times Gaussian noise (fixed seed), values as the model takes them.
	 */
	static float[] testInput(final ModelBundle model) {
		final InputShape s = model.inputShape();
		final double[][] ms = meanStd(model.normalization(), s.channels());
		final Random r = new Random(19);
		final float[] x = new float[s.size()];
		final int plane = s.height() * s.width();
		for (int i = 0; i < x.length; i++) {
			final int c = i / plane;
			x[i] = (float) (ms[0][c] + ms[1][c] * r.nextGaussian());
		}
		return x;
	}

	/** Mean and standard deviation of each channel. */
	static double[][] meanStd(final Normalization n, final int channels) {
		final double[][] ms = new double[2][channels];
		for (int c = 0; c < channels; c++) {
			ms[0][c] = n.channelMean() == null ? n.mean() : n.channelMean()[c];
			ms[1][c] = n.channelStd() == null ? n.std() : n.channelStd()[c];
		}
		return ms;
	}

	private static String rdf(final ModelBundle model, final Description about,
		final Map<String, byte[]> files)
	{
		final InputShape s = model.inputShape();
		final double[][] ms = meanStd(model.normalization(), s.channels());
		final boolean perChannel = model.normalization().channelMean() != null;
		final StringBuilder y = new StringBuilder();
		y.append("# bioimage.io model description, written by CNN Classifier\n");
		y.append("format_version: ").append(FORMAT_VERSION).append('\n');
		y.append("type: model\n");
		y.append("name: ").append(q(name(model, about))).append('\n');
		y.append("description: ").append(q(or(about.description(), description(model.labels()))))
			.append('\n');
		y.append("authors:\n");
		for (final String a : authors(about)) {
			y.append("  - name: ").append(q(a)).append('\n');
		}
		y.append("cite:\n  - text: ").append(q(or(about.cite(), "CNN Classifier for Fiji")))
			.append("\n    url: ").append(q("https://github.com/cnnclassifier/CNN_Classifier"))
			.append('\n');
		y.append("license: ").append(q(or(about.license(), LICENSE))).append('\n');
		y.append("documentation: ").append(README).append('\n');
		y.append("covers: [").append(COVER).append("]\n");
		y.append("tags: [classification, cnn-classifier, 2d]\n");
		y.append("inputs:\n");
		y.append("  - id: input\n");
		y.append("    description: ").append(q("one image of " + s.height() + " x " + s.width() +
			" pixels, " + s.channels() + " channel(s), raw pixel values")).append('\n');
		y.append("    axes:\n      - type: batch\n      - type: channel\n        channel_names: ")
			.append(list(channelNames(s.channels()))).append('\n');
		y.append("      - type: space\n        id: y\n        size: ").append(s.height()).append(
			'\n');
		y.append("      - type: space\n        id: x\n        size: ").append(s.width()).append(
			'\n');
		y.append("    test_tensor:\n").append(file(TEST_INPUT, files, "      "));
		y.append("    data:\n      type: float32\n");
		y.append("    preprocessing:\n      - id: fixed_zero_mean_unit_variance\n        kwargs:\n");
		if (perChannel) {
			y.append("          axis: channel\n          mean: ").append(numbers(ms[0])).append(
				"\n          std: ").append(numbers(ms[1])).append('\n');
		}
		else {
			y.append("          mean: ").append(ms[0][0]).append("\n          std: ").append(
				ms[1][0]).append('\n');
		}
		y.append("outputs:\n");
		y.append("  - id: ").append(OnnxExport.OUTPUT).append('\n');
		y.append("    description: ").append(q("class probabilities (softmax inside the " +
			"network, so no postprocessing)")).append('\n');
		y.append("    axes:\n      - type: batch\n      - type: channel\n        channel_names: ")
			.append(list(identifiers(model.labels()))).append('\n');
		y.append("    test_tensor:\n").append(file(TEST_OUTPUT, files, "      "));
		y.append("    data:\n      type: float32\n");
		y.append("weights:\n  onnx:\n").append(file(WEIGHTS, files, "    "));
		y.append("    opset_version: 13\n");
		y.append("config:\n  deepimagej:\n    allow_tiling: false\n");
		y.append("  cnn_classifier:\n    labels: ").append(list(model.labels())).append('\n');
		y.append("    softmax: ").append(q("inside the network; outputs are probabilities"))
			.append('\n');
		y.append("    architecture: ").append(q(model.metadata().architecture())).append('\n');
		return y.toString();
	}

	private static String file(final String name, final Map<String, byte[]> files,
		final String indent)
	{
		return indent + "source: " + name + "\n" + indent + "sha256: " + sha256(files.get(name)) +
			"\n";
	}

	/**
	 * The labels as bioimage.io identifiers (Python's, keywords excluded): other
	 * characters become {@code _}, a keyword gets a trailing {@code _}, repeats get a number.
	 */
	static List<String> identifiers(final List<String> labels) {
		final List<String> ids = new ArrayList<>();
		final Set<String> seen = new HashSet<>();
		for (final String l : labels) {
			String id = l.replaceAll("[^A-Za-z0-9_]", "_");
			if (id.isEmpty() || !Character.isLetter(id.charAt(0)) && id.charAt(0) != '_') id = "_" +
				id;
			if (PYTHON_KEYWORDS.contains(id)) id += "_";
			String unique = id;
			for (int i = 2; !seen.add(unique); i++) unique = id + "_" + i;
			ids.add(unique);
		}
		return ids;
	}

	/** NB: the spec's channel names are Python identifiers that are not keywords ("None" is one). */
	private static final Set<String> PYTHON_KEYWORDS = Set.of("False", "None", "True", "and",
		"as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
		"else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
		"lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with",
		"yield");

	private static List<String> authors(final Description about) {
		return List.of(or(about.authors(), "CNN Classifier user").split("\\s*;\\s*"));
	}

	/** What the model classifies, naming as many classes as fit in the spec's 1024 characters. */
	static String description(final List<String> labels) {
		final String end = "), trained with CNN Classifier for Fiji.";
		final StringBuilder b = new StringBuilder("Image classifier into " + labels.size() +
			" classes (");
		for (int i = 0; i < labels.size(); i++) {
			final String more = " and " + (labels.size() - i) + " more";
			final String next = (i == 0 ? "" : ", ") + labels.get(i);
			if (b.length() + next.length() + more.length() + end.length() > MAX_DESCRIPTION) {
				b.append(more);
				break;
			}
			b.append(next);
		}
		return b.append(end).toString();
	}

	private static List<String> channelNames(final int channels) {
		if (channels == 1) return List.of("gray");
		if (channels == 3) return List.of("red", "green", "blue");
		final List<String> n = new ArrayList<>();
		for (int c = 0; c < channels; c++) n.add("channel" + c);
		return n;
	}

	private static String name(final ModelBundle model, final Description about) {
		// NB: the architecture's name may hold characters a bioimage.io name may not.
		final String architecture = model.metadata().architecture().replaceAll(
			"[^A-Za-z0-9_+\\- ()]", "-");
		final String name = "CNN Classifier " + architecture + " (" + model.labels().size() +
			" classes)";
		return or(about.name(), name.length() > 128 ? name.substring(0, 128) : name);
	}

	private static String readme(final ModelBundle model, final Description about) {
		final InputShape s = model.inputShape();
		return "# " + name(model, about) + "\n\n" + or(about.description(), "An image classifier " +
			"trained with CNN Classifier for Fiji.") + "\n\n" + "- Input: one image of " + s
				.height() + " x " + s.width() + " pixels, " + s.channels() + " channel(s); the " +
			"package normalises it (fixed_zero_mean_unit_variance, the model's own mean and " +
			"standard deviation).\n" + "- Output: " + model.labels().size() + " class " +
			"probabilities in this order: " + String.join(", ", model.labels()) + ". The softmax " +
			"is inside the network. deepImageJ shows them as a 1 x 1 image with one channel per " +
			"class.\n" + "- The model classifies whole images of this size: do not tile it.\n\n" +
			"## Validation\n\n" + "Classify images the model has not seen, with known classes " +
			"(a folder with one sub-folder per class), and compare: CNN Classifier's Evaluate CNN " +
			"gives the confusion matrix, per-class precision and recall and their confidence " +
			"intervals. " + validation(model) + "\n";
	}

	/** What the model's own history says of its validation, if anything. */
	private static String validation(final ModelBundle model) {
		final List<EpochRecord> h = model.metadata().history();
		if (h.isEmpty() || Double.isNaN(h.get(h.size() - 1).validationAccuracy())) {
			return "This package records no validation of its own.";
		}
		return String.format(Locale.ROOT, "At its last training epoch (%d) the model " +
			"classified %.1f %% of its validation images correctly.", h.size(), 100 * h.get(h
				.size() - 1).validationAccuracy());
	}

	/** The first convolution's filters (first input channel) as a grey montage, 2:1. */
	private static byte[] cover(final ModelBundle model) {
		final ComputationGraph net = model.network();
		String conv = null;
		for (final int i : net.topologicalSortOrder()) {
			final String n = net.getVertices()[i].getVertexName();
			final var v = net.getConfiguration().getVertices().get(n);
			if (v != null && Networks.layer(v) instanceof ConvolutionLayer) {
				conv = n;
				break;
			}
		}
		final int cell = 24;
		final BufferedImage img = new BufferedImage(cell * 16, cell * 8,
			BufferedImage.TYPE_BYTE_GRAY);
		if (conv != null) {
			final Filters f = Filters.of(model, conv);
			final int cols = 16, k = Math.max(f.height(), f.width());
			final int px = Math.max(1, (cell - 2) / k);
			for (int i = 0; i < Math.min(f.filters(), cols * 8); i++) {
				final float[] w = f.kernel(i, 0);
				float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
				for (final float v : w) {
					lo = Math.min(lo, v);
					hi = Math.max(hi, v);
				}
				for (int yy = 0; yy < f.height(); yy++) {
					for (int xx = 0; xx < f.width(); xx++) {
						final int g = hi > lo ? (int) (255 * (w[yy * f.width() + xx] - lo) / (hi - lo))
							: 128;
						for (int dy = 0; dy < px; dy++) {
							for (int dx = 0; dx < px; dx++) {
								img.getRaster().setSample(i % cols * cell + 1 + xx * px + dx, i / cols * cell +
									1 + yy * px + dy, 0, g);
							}
						}
					}
				}
			}
		}
		final ByteArrayOutputStream png = new ByteArrayOutputStream();
		try {
			ImageIO.write(img, "png", png);
		}
		catch (final IOException e) {
			throw new IllegalStateException(e);
		}
		return png.toByteArray();
	}

	private static String sha256(final byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String or(final String v, final String otherwise) {
		return v == null || v.isBlank() ? otherwise : v.trim();
	}

	private static String numbers(final double[] v) {
		final StringBuilder b = new StringBuilder("[");
		for (int i = 0; i < v.length; i++) b.append(i == 0 ? "" : ", ").append(v[i]);
		return b.append(']').toString();
	}

	private static String list(final List<String> items) {
		final StringBuilder b = new StringBuilder("[");
		for (int i = 0; i < items.size(); i++) b.append(i == 0 ? "" : ", ").append(q(items.get(i)));
		return b.append(']').toString();
	}

	/** A YAML double-quoted string (JSON's escapes are YAML's). */
	static String q(final String s) {
		final StringBuilder b = new StringBuilder("\"");
		for (final char c : s.toCharArray()) {
			if (c == '"' || c == '\\') b.append('\\').append(c);
			else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
			else b.append(c);
		}
		return b.append('"').toString();
	}
}
