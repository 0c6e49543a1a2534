package io.github.cnnclassifier.interop;


import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.ModelException;
import io.github.cnnclassifier.model.Normalization;
import io.github.cnnclassifier.tensor.InputShape;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.nd4j.shade.yaml.snakeyaml.LoaderOptions;
import org.nd4j.shade.yaml.snakeyaml.Yaml;
import org.nd4j.shade.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Opens a bioimage.io model package (a zip with {@code rdf.yaml} of format
 * 0.5.x and ONNX weights): labels from the output's {@code channel_names}
 * (or the original names we keep in {@code config}), normalisation from its
 * preprocessing, the network through {@link OnnxImport}.
 */
public final class BioimageioImport {

	private static final long RDF_LIMIT = 1 << 20;

	private BioimageioImport() {}

	/** The description every bioimage.io package holds. */
	public static final String RDF = "rdf.yaml";

	/** Whether {@code file} is a zip holding {@value #RDF}. */
	public static boolean isPackage(final Path file) {
		if (!Files.isRegularFile(file)) return false;
		try (ZipFile z = new ZipFile(file.toFile())) {
			return z.getEntry(RDF) != null;
		}
		catch (final IOException e) {
			return false;
		}
	}

	/**
	 * The classifier in the package {@code file}.
	 *
	 * @throws ModelException in one line naming the file and what is wrong
	 */
	public static ModelBundle read(final Path file) {
		try (ZipFile z = new ZipFile(file.toFile())) {
			final Map<?, ?> rdf = rdf(file, z);
			if (!"model".equals(rdf.get("type")) || !String.valueOf(rdf.get("format_version"))
				.startsWith("0.5.")) throw fail(file, "is not a bioimage.io model of format 0.5.x " +
					"(type " + rdf.get("type") + ", format_version " + rdf.get("format_version") + ")");
			final Map<?, ?> weights = map(rdf.get("weights"));
			final Map<?, ?> onnx = weights == null ? null : map(weights.get("onnx"));
			if (onnx == null) throw fail(file, "has no ONNX weights; only ONNX weights open here " +
				"(weights: " + (weights == null ? "none" : weights.keySet()) + ")");
			final String source = String.valueOf(onnx.get("source"));
			// NB: only a file inside the package: no paths out of it, no URLs.
			if (!source.matches("[A-Za-z0-9_.-]+") || source.startsWith(".")) throw fail(file,
				"names weights '" + source + "' outside the package; only a file in the zip opens");
			final ZipEntry entry = z.getEntry(source);
			if (entry == null) throw fail(file, "lacks its weights file " + source);
			final byte[] bytes;
			try (InputStream in = z.getInputStream(entry)) {
				bytes = in.readNBytes((int) OnnxImport.MAX_FILE + 1);
			}
			if (bytes.length > OnnxImport.MAX_FILE) throw fail(file, "holds weights larger than " +
				OnnxImport.MAX_FILE + " bytes");
			return OnnxImport.read(bytes, file + " (" + source + ")", labels(rdf),
				shape -> normalization(file, rdf, shape));
		}
		catch (final IOException e) {
			throw fail(file, "cannot be read as a bioimage.io package: " + e.getMessage());
		}
	}

	private static Map<?, ?> rdf(final Path file, final ZipFile z) throws IOException {
		final ZipEntry e = z.getEntry(RDF);
		if (e == null) throw fail(file, "has no " + RDF);
		try (InputStream in = z.getInputStream(e)) {
			final byte[] bytes = in.readNBytes((int) RDF_LIMIT + 1);
			if (bytes.length > RDF_LIMIT) throw fail(file, "has an rdf.yaml over 1 MB");
			final LoaderOptions options = new LoaderOptions();
			options.setMaxAliasesForCollections(20);
			final Object rdf = new Yaml(new SafeConstructor(options)).load(new String(bytes,
				StandardCharsets.UTF_8));
			if (!(rdf instanceof Map<?, ?> m)) throw fail(file, "has an rdf.yaml that is not a " +
				"mapping");
			return m;
		}
		catch (final RuntimeException x) {
			if (x instanceof ModelException m) throw m;
			throw fail(file, "has an unreadable rdf.yaml (" + x.getMessage().split("\n")[0] + ")");
		}
	}

	/** Our original names where we wrote the package, else the output's channel names. */
	private static List<String> labels(final Map<?, ?> rdf) {
		final Map<?, ?> config = map(rdf.get("config"));
		final Map<?, ?> ours = config == null ? null : map(config.get("cnn_classifier"));
		if (ours != null && ours.get("labels") instanceof List<?> l) return strings(l);
		if (rdf.get("outputs") instanceof List<?> outs && !outs.isEmpty() && map(outs.get(
			0)) != null && map(outs.get(0)).get("axes") instanceof List<?> axes)
		{
			for (final Object a : axes) {
				final Map<?, ?> axis = map(a);
				if (axis != null && "channel".equals(axis.get("type")) && axis.get(
					"channel_names") instanceof List<?> names) return strings(names);
			}
		}
		return null;
	}

	/** The input's preprocessing as our normalisation; null for none. */
	private static Normalization normalization(final Path file, final Map<?, ?> rdf,
		final InputShape shape)
	{
		if (!(rdf.get("inputs") instanceof List<?> ins) || ins.size() != 1) throw fail(file,
			"has not exactly one input; a classifier takes one image");
		final Object pre = map(ins.get(0)).get("preprocessing");
		if (!(pre instanceof List<?> steps)) return null;
		Normalization n = null;
		for (final Object s : steps) {
			final Map<?, ?> step = map(s);
			final String id = step == null ? "" : String.valueOf(step.get("id"));
			final Map<?, ?> kw = step == null ? null : map(step.get("kwargs"));
			switch (id) {
				case "ensure_dtype" -> {}
				case "fixed_zero_mean_unit_variance" -> n = of(file, doubles(kw.get("mean")), doubles(kw
					.get("std")), shape);
				case "scale_linear" -> {
					final double[] gain = kw.get("gain") == null ? new double[] { 1 } : doubles(kw.get(
						"gain"));
					final double[] offset = kw.get("offset") == null ? new double[] { 0 } : doubles(kw
						.get("offset"));
					// NB: x * gain + offset = (x - mean) / std with std = 1/gain, mean = -offset/gain.
					final double[] mean = new double[Math.max(gain.length, offset.length)];
					final double[] std = new double[mean.length];
					for (int i = 0; i < mean.length; i++) {
						final double g = gain[Math.min(i, gain.length - 1)];
						mean[i] = -offset[Math.min(i, offset.length - 1)] / g;
						std[i] = 1 / g;
					}
					n = of(file, mean, std, shape);
				}
				default -> throw fail(file, "preprocesses its input with '" + id + "', which " +
					"depends on each image or is unknown; fixed_zero_mean_unit_variance and " +
					"scale_linear open (import the .onnx with a normalization instead)");
			}
		}
		return n;
	}

	private static Normalization of(final Path file, final double[] mean, final double[] std,
		final InputShape shape)
	{
		try {
			return Normalization.of(mean, std, shape);
		}
		catch (final ModelException e) {
			throw fail(file, "declares an unusable normalisation: " + e.getMessage());
		}
	}

	private static double[] doubles(final Object v) {
		if (v instanceof Number n) return new double[] { n.doubleValue() };
		if (v instanceof List<?> l) return l.stream().mapToDouble(x -> ((Number) x).doubleValue())
			.toArray();
		throw new ModelException("not a number or list of numbers: " + v);
	}

	private static List<String> strings(final List<?> l) {
		final List<String> s = new ArrayList<>();
		for (final Object o : l) s.add(String.valueOf(o));
		return s;
	}

	private static Map<?, ?> map(final Object o) {
		return o instanceof Map<?, ?> m ? m : null;
	}

	private static ModelException fail(final Path file, final String what) {
		return new ModelException(file + " " + what + ".");
	}
}
