package io.github.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;

/** The system info command runs through a SciJava context and logs its lines. */
class SystemInfoCommandTest {

	@Test
	void logsOneKeyValueLinePerEntry() throws Exception {
		try (Context context = new Context(CommandService.class)) {
			final List<String> logged = new CopyOnWriteArrayList<>();
			context.service(LogService.class).addLogListener(message -> {
				if (message.level() == LogLevel.INFO) logged.add(message.text());
			});
			final Cancelable m = (Cancelable) context.service(CommandService.class).run(
				SystemInfoCommand.class, true).get();
			assertFalse(m.isCanceled(), m.getCancelReason());
			assertTrue(logged.contains("java.version: " + System.getProperty("java.version")),
				logged.toString());
			assertTrue(logged.contains("cpu.processors: " + Runtime.getRuntime()
				.availableProcessors()), logged.toString());
			assertTrue(logged.stream().anyMatch(l -> l.startsWith("nd4j.backend_class: ") && l
				.contains("Cpu")), logged.toString());
			assertTrue(logged.stream().anyMatch(l -> l.startsWith("engine: ")), logged
				.toString());
			assertTrue(logged.stream().anyMatch(l -> l.startsWith("javacpp.max_bytes: ")), logged
				.toString());
		}
	}
}
