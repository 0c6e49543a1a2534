package io.github.cnnclassifier.install;

import io.github.cnnclassifier.engine.Runners;
import io.github.cnnclassifier.engine.VectorWidth;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import ij.IJ;
import io.github.cnnclassifier.model.Nd4jBackend;
import io.github.cnnclassifier.model.Versions;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What this machine and JVM offer the plugin, as ordered {@code key: value}
 * pairs for the log or a bug report: versions, CPU and its vector features,
 * the engine training would use, ND4J's backend with its devices, and
 * JavaCPP's off-heap limits.
 * <p>
 * Never throws for a broken backend: a part that cannot be read says why in
 * its value. The first call loads ND4J (seconds; for CUDA, the GPU libraries).
 * </p>
 */
public final class SystemInfo {

	/** CPU flags (from /proc/cpuinfo) that decide how fast the CPU engines run. */
	static final List<String> CPU_FEATURES = List.of("avx2", "avx512f", "fma");

	private static final String UNKNOWN = "unknown";

	private SystemInfo() {}

	/** All entries, in reading order. */
	public static Map<String, String> collect() {
		final Map<String, String> info = new LinkedHashMap<>();
		info.put("cnn_classifier", Versions.pomVersion(SystemInfo.class, "io.github.cnnclassifier",
			"CNN_Classifier"));
		info.put("deeplearning4j", Versions.pomVersion(MultiLayerNetwork.class, "org.deeplearning4j",
			"deeplearning4j-nn"));
		info.put("imagej", Versions.imagej());
		info.put("java.version", System.getProperty("java.version"));
		info.put("java.vendor", System.getProperty("java.vendor"));
		info.put("java.vm", System.getProperty("java.vm.name") + " " + System.getProperty(
			"java.vm.version"));
		info.put("java.max_heap", bytes(Runtime.getRuntime().maxMemory()));
		info.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") +
			" (" + System.getProperty("os.arch") + ")");
		final Platform platform = Platform.current();
		info.put("platform", platform == null ? "none of ND4J's (no natives for it)" : platform +
			" (ND4J natives " + platform.classifier() + ")");
		info.put("os.memory", physicalMemory());
		final String cpuinfo = procCpuinfo();
		info.put("cpu.model", cpuModel(cpuinfo));
		info.put("cpu.processors", Integer.toString(Runtime.getRuntime()
			.availableProcessors()));
		info.put("cpu.features", cpuFeatures(cpuinfo));
		final boolean vector = Runners.vectorAvailable();
		info.put("vector_api", vectorApi(vector));
		if (vector) {
			final int floats = VectorWidth.floats();
			info.put("vector_api.width", floats + " floats (" + floats * Float.SIZE + " bits)");
		}
		cudaRuntime(info);
		final String backend = nd4j(info);
		info.put("engine", engine(vector, backend));
		javacpp(info);
		return info;
	}

	/** {@link #collect()} as {@code key: value} lines. */
	public static List<String> lines() {
		final List<String> lines = new ArrayList<>();
		collect().forEach((k, v) -> lines.add(k + ": " + v));
		return lines;
	}

	/**
	 * Whether {@code --add-modules=jdk.incubator.vector} took effect in this
	 * JVM and, if not, where this launcher takes it.
	 */
	static String vectorApi(final boolean vector) {
		final String option = "--add-modules=" + Runners.VECTOR_MODULE;
		if (vector) return "yes (" + option + " took effect)";
		final String how;
		if (System.getProperty("scijava.app.directory") != null) {
			how = "run 'cnn-classifier install' on this Fiji again, which adds it to the " +
				"launcher's config/ TOML";
		}
		else if (System.getProperty("fiji.dir") != null) how = "add it to Fiji's ImageJ.cfg";
		else how = "e.g. JDK_JAVA_OPTIONS=" + option;
		return "no: Java was started without " + option + " (" + how +
			"); DL4J's layers compute, about 30x slower";
	}

	/**
	 * Which engine {@code Runners.training} picks for a network of the lecture
	 * CNN's kind (conv-BN-ReLU blocks and a softmax output), by its rules and
	 * the {@code cnnclassifier.engine} and {@code cnnclassifier.threads}
	 * properties; {@code backend} is ND4J's backend class name, or null when
	 * ND4J did not load.
	 * <p>
	 * NB: mirrors Runners' test on the backend's simple class name, so that
	 * this says what training will really do; keep the two in step (ND4J's
	 * CUDA backend is {@code org.nd4j.linalg.jcublas.JCublasBackend}).
	 * </p>
	 */
	static String engine(final boolean vector, final String backend) {
		return backend == null ? "none: ND4J did not load (see nd4j)" : Runners.choice(vector,
			backend);
	}

	/**
	 * ND4J's backend and environment entries, flattened into {@code info};
	 * returns the backend's class name, or null when ND4J does not load.
	 */
	private static String nd4j(final Map<String, String> info) {
		try {
			Nd4jBackend.load();
			final String backend = Nd4j.getBackend().getClass().getName();
			info.put("nd4j.backend_class", backend);
			info.putAll(environment(Nd4j.getExecutioner().getEnvironmentInformation()));
			// NB: which native build was loaded (e.g. -avx2, -cudnn) shows in its path.
			new TreeMap<>(Loader.getLoadedLibraries()).forEach((name, path) -> {
				if (name.contains("nd4j")) info.put("nd4j.library." + name, path);
			});
			return backend;
		}
		catch (final RuntimeException | LinkageError e) {
			info.put("nd4j", "did not load: " + reason(e));
			return null;
		}
	}

	/**
	 * Where the CUDA runtime is on the class path (a CUDA build), whether it
	 * links.
	 * <p>
	 * NB: ND4J only logs why its CUDA backend cannot run (e.g. no NVIDIA driver:
	 * libcuda.so.1 missing) and then throws "no backend"; loading the runtime
	 * first, here, keeps the missing piece for the report (a second attempt
	 * only says the class could not be initialised).
	 * </p>
	 */
	private static void cudaRuntime(final Map<String, String> info) {
		final Class<?> cudart;
		try {
			// NB: not initialised: ND4J's failed attempt may have left it unusable.
			cudart = Class.forName("org.bytedeco.cuda.global.cudart", false, SystemInfo.class
				.getClassLoader());
		}
		catch (final ClassNotFoundException | LinkageError e) {
			return;
		}
		try {
			Loader.load(cudart);
			info.put("cuda.runtime", "loads");
		}
		catch (final RuntimeException | LinkageError e) {
			info.put("cuda.runtime", "does not load: " + reason(e));
		}
	}

	/**
	 * ND4J's environment information as sorted {@code nd4j.*} entries: lists
	 * and maps flattened (a CUDA backend lists its devices), memory sizes also
	 * in GiB, and one {@code gpu.N} summary line per CUDA device.
	 */
	static Map<String, String> environment(final Properties env) {
		final Map<String, Object> sorted = new TreeMap<>();
		env.forEach((k, v) -> sorted.put(String.valueOf(k), v));
		// NB: per-device copy counters, all zero unless ND4J's bandwidth tracking is on.
		sorted.remove("memoryBandwidth");
		final Map<String, String> out = new LinkedHashMap<>();
		sorted.forEach((k, v) -> flatten("nd4j." + k, v, out));
		if (sorted.get("cuda.devicesInformation") instanceof List) {
			final List<?> devices = (List<?>) sorted.get("cuda.devicesInformation");
			for (int i = 0; i < devices.size(); i++) {
				if (devices.get(i) instanceof Map) out.put("gpu." + i, gpu((Map<?, ?>) devices.get(
					i)));
			}
		}
		return out;
	}

	private static void flatten(final String key, final Object value,
		final Map<String, String> out)
	{
		if (value instanceof Map) {
			final Map<String, Object> sorted = new TreeMap<>();
			((Map<?, ?>) value).forEach((k, v) -> sorted.put(String.valueOf(k), v));
			sorted.forEach((k, v) -> flatten(key + "." + k, v, out));
		}
		else if (value instanceof List) {
			final List<?> list = (List<?>) value;
			for (int i = 0; i < list.size(); i++) {
				flatten(key + "[" + i + "]", list.get(i), out);
			}
		}
		else if (value instanceof Number && isMemory(key)) {
			out.put(key, bytes(((Number) value).longValue()));
		}
		else out.put(key, String.valueOf(value));
	}

	/** One CUDA device from ND4J's {@code cuda.devicesInformation}. */
	private static String gpu(final Map<?, ?> d) {
		final StringBuilder s = new StringBuilder(String.valueOf(d.get("cuda.deviceName")));
		if (d.get("cuda.deviceMajor") != null) {
			s.append(", compute capability ").append(d.get("cuda.deviceMajor")).append('.')
				.append(d.get("cuda.deviceMinor"));
		}
		if (d.get("cuda.totalMemory") instanceof Number) {
			s.append(", ").append(gib(((Number) d.get("cuda.totalMemory")).longValue())).append(
				" memory");
		}
		if (d.get("cuda.freeMemory") instanceof Number) {
			s.append(", ").append(gib(((Number) d.get("cuda.freeMemory")).longValue())).append(
				" free");
		}
		return s.toString();
	}

	private static boolean isMemory(final String key) {
		final String k = key.toLowerCase(Locale.ROOT);
		return k.contains("memory") || k.contains("bytes");
	}

	/** JavaCPP's off-heap accounting: ND4J's arrays live there, not on the Java heap. */
	private static void javacpp(final Map<String, String> info) {
		info.put("javacpp.max_bytes", bytes(Pointer.maxBytes()));
		info.put("javacpp.max_physical_bytes", bytes(Pointer.maxPhysicalBytes()));
		info.put("javacpp.total_bytes", bytes(Pointer.totalBytes()));
		try {
			info.put("javacpp.physical_bytes", bytes(Pointer.physicalBytes()));
		}
		catch (final LinkageError e) {
			info.put("javacpp.physical_bytes", UNKNOWN + " (" + reason(e) + ")");
		}
	}

	/** A byte count with its GiB, e.g. {@code 4.0 GiB (4294967296 bytes)}. */
	static String bytes(final long n) {
		return gib(n) + " (" + n + " bytes)";
	}

	private static String gib(final long n) {
		return String.format(Locale.ROOT, "%.1f GiB", n / (double) (1L << 30));
	}

	private static String physicalMemory() {
		final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.OperatingSystemMXBean) {
			return bytes(((com.sun.management.OperatingSystemMXBean) os).getTotalMemorySize());
		}
		return UNKNOWN;
	}

	/** The text of /proc/cpuinfo, or null where there is none (not Linux). */
	private static String procCpuinfo() {
		final Path p = Paths.get("/proc/cpuinfo");
		try {
			return Files.isReadable(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
		}
		catch (final IOException | RuntimeException e) {
			return null;
		}
	}

	static String cpuModel(final String cpuinfo) {
		final String model = field(cpuinfo, "model name");
		if (model != null) return model;
		final String windows = System.getenv("PROCESSOR_IDENTIFIER");
		return windows != null && !windows.isBlank() ? windows.trim() : UNKNOWN;
	}

	/** {@code avx2=yes avx512f=no fma=yes} from the first CPU's flags; unknown without them. */
	static String cpuFeatures(final String cpuinfo) {
		final String flags = field(cpuinfo, "flags");
		if (flags == null) return UNKNOWN;
		final List<String> have = List.of(flags.split("\\s+"));
		final List<String> parts = new ArrayList<>();
		for (final String f : CPU_FEATURES) {
			parts.add(f + "=" + (have.contains(f) ? "yes" : "no"));
		}
		return String.join(" ", parts);
	}

	/** The value of the first {@code name : value} line of /proc/cpuinfo text. */
	private static String field(final String cpuinfo, final String name) {
		if (cpuinfo == null) return null;
		for (final String line : cpuinfo.split("\n")) {
			final int colon = line.indexOf(':');
			if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
				return line.substring(colon + 1).trim();
			}
		}
		return null;
	}

	/** The innermost cause: the one that names the missing library or backend. */
	private static String reason(final Throwable e) {
		Throwable root = e;
		while (root.getCause() != null && root.getCause() != root) root = root.getCause();
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}
}
