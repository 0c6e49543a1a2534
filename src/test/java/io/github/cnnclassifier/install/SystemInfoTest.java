package io.github.cnnclassifier.install;

import io.github.cnnclassifier.engine.Runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.util.List;
import java.util.Map;
import java.util.Properties;


import jdk.incubator.vector.FloatVector;

import org.junit.jupiter.api.Test;

/** The system report tells the truth about this JVM and machine. */
class SystemInfoTest {

	private static final Map<String, String> INFO = SystemInfo.collect();

	@Test
	void reportsThisJavaAndItsProcessors() {
		assertEquals(System.getProperty("java.version"), INFO.get("java.version"));
		assertEquals(System.getProperty("java.vendor"), INFO.get("java.vendor"));
		assertEquals(Integer.toString(Runtime.getRuntime().availableProcessors()), INFO.get(
			"cpu.processors"));
		assertTrue(INFO.get("java.max_heap").endsWith("(" + Runtime.getRuntime().maxMemory() +
			" bytes)"), INFO.get("java.max_heap"));
	}

	@Test
	void vectorFlagAndWidthMatchTheModule() {
		// NB: the tests run with --add-modules=jdk.incubator.vector.
		assertTrue(Runners.vectorAvailable());
		assertEquals("yes (--add-modules=jdk.incubator.vector took effect)", INFO.get(
			"vector_api"));
		final int floats = FloatVector.SPECIES_PREFERRED.length();
		assertEquals(floats + " floats (" + 32 * floats + " bits)", INFO.get(
			"vector_api.width"));
	}

	@Test
	void theCpuBackendAndItsEnvironmentAreListed() {
		final String backend = INFO.get("nd4j.backend_class");
		assertTrue(backend.contains("Cpu") || backend.contains("CPU"), backend);
		assertEquals("CPU", INFO.get("nd4j.backend"));
		assertTrue(INFO.containsKey("nd4j.blas.vendor"), INFO.toString());
		assertTrue(INFO.containsKey("nd4j.omp.threads"), INFO.toString());
		assertTrue(INFO.keySet().stream().anyMatch(k -> k.startsWith("nd4j.library.")), INFO
			.toString());
		assertFalse(INFO.containsKey("nd4j"), "no load error: " + INFO.get("nd4j"));
		assertTrue(INFO.get("engine").startsWith("vector engine, " + Runners.threads()), INFO
			.get("engine"));
		assertTrue(INFO.get("javacpp.max_bytes").contains(" GiB ("), INFO.get(
			"javacpp.max_bytes"));
	}

	@Test
	void cpuFeaturesComeFromProcCpuinfoFlags() {
		final String cpuinfo = "processor\t: 0\nmodel name\t: Test CPU 3000\n" +
			"flags\t\t: fpu sse avx avx2 fma\n\nprocessor\t: 1\nflags\t\t: fpu\n";
		assertEquals("avx2=yes avx512f=no fma=yes", SystemInfo.cpuFeatures(cpuinfo));
		assertEquals("Test CPU 3000", SystemInfo.cpuModel(cpuinfo));
		assertEquals("unknown", SystemInfo.cpuFeatures(null));
		final String here = INFO.get("cpu.features");
		assertTrue(here.equals("unknown") || here.matches(
			"avx2=(yes|no) avx512f=(yes|no) fma=(yes|no)"), here);
	}

	@Test
	void theEngineFollowsTheRulesOfRunners() {
		final String saved = System.getProperty("cnnclassifier.engine");
		try {
			System.setProperty("cnnclassifier.engine", "dl4j");
			assertTrue(SystemInfo.engine(true, "CpuBackend").startsWith("DL4J layers"));
			System.setProperty("cnnclassifier.engine", "vector");
			assertTrue(SystemInfo.engine(true, "CpuBackend").startsWith("vector engine"));
			assertTrue(SystemInfo.engine(false, "CpuBackend").startsWith("none:"));
			System.clearProperty("cnnclassifier.engine");
			// NB: Runners' rule: a backend whose simple class name mentions CUDA.
			assertTrue(SystemInfo.engine(true, "org.example.CudaBackend").startsWith(
				"DL4J layers (ND4J runs on CUDA)"));
			assertTrue(SystemInfo.engine(false, "CpuBackend").startsWith("DL4J layers"));
			assertTrue(SystemInfo.engine(true, "CpuBackend").startsWith("vector engine"));
		}
		finally {
			if (saved == null) System.clearProperty("cnnclassifier.engine");
			else System.setProperty("cnnclassifier.engine", saved);
		}
	}

	/** The shape of ND4J's CUDA environment information (read from nd4j-cuda-11.6 M2.1). */
	@Test
	void cudaDevicesAreFlattenedAndSummarised() {
		final Properties env = new Properties();
		env.put("backend", "CUDA");
		env.put("blas.vendor", "CUBLAS");
		env.put("cuda.availableDevices", 1);
		env.put("memory.free", 3L << 30);
		env.put("memoryBandwidth", Map.of(0, Map.of("HOST_TO_DEVICE", 0L)));
		env.put("cuda.devicesInformation", List.of(Map.of("cuda.deviceName", "Tesla T4",
			"cuda.totalMemory", 16L << 30, "cuda.freeMemory", 15L << 30, "cuda.deviceMajor", 7L,
			"cuda.deviceMinor", 5L)));
		final Map<String, String> out = SystemInfo.environment(env);
		assertEquals("CUDA", out.get("nd4j.backend"));
		assertEquals("1", out.get("nd4j.cuda.availableDevices"));
		assertEquals("3.0 GiB (3221225472 bytes)", out.get("nd4j.memory.free"));
		assertEquals("Tesla T4", out.get("nd4j.cuda.devicesInformation[0].cuda.deviceName"));
		assertEquals("16.0 GiB (17179869184 bytes)", out.get(
			"nd4j.cuda.devicesInformation[0].cuda.totalMemory"));
		assertEquals("Tesla T4, compute capability 7.5, 16.0 GiB memory, 15.0 GiB free", out
			.get("gpu.0"));
		assertFalse(out.keySet().stream().anyMatch(k -> k.contains("memoryBandwidth")), out
			.toString());
	}

	@Test
	void imageJsReleaseIsNamedAsImageJNamesIt() {
		assertEquals(ij.IJ.getVersion(), INFO.get("imagej"));
	}

	@Test
	void withoutTheVectorModuleItSaysHowToAddIt() {
		assertEquals("no: Java was started without --add-modules=jdk.incubator.vector (e.g. " +
			"JDK_JAVA_OPTIONS=--add-modules=jdk.incubator.vector); DL4J's layers compute, about " +
			"30x slower", SystemInfo.vectorApi(false));
		System.setProperty("scijava.app.directory", "/opt/Fiji.app");
		try {
			assertTrue(SystemInfo.vectorApi(false).contains("run 'cnn-classifier install' on " +
				"this Fiji again"), SystemInfo.vectorApi(false));
		}
		finally {
			System.clearProperty("scijava.app.directory");
		}
	}

	@Test
	void thePlatformIsNamedAsFijiAndNd4jNameIt() {
		assertEquals(Platform.current() + " (ND4J natives " + Platform.current().classifier() +
			")", INFO.get("platform"));
	}

	@Test
	void linesAreKeyColonValue() {
		final List<String> lines = SystemInfo.lines();
		assertTrue(lines.size() > 15, lines.toString());
		assertTrue(lines.contains("java.version: " + System.getProperty("java.version")),
			lines.toString());
		for (final String line : lines) {
			assertTrue(line.matches("[a-z0-9_.\\[\\]A-Z]+: .*"), line);
		}
	}
}
