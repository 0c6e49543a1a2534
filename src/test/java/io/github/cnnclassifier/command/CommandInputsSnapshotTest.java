package io.github.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cnnclassifier.predict.ModelService;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.service.Service;

/**
 * What every command shows its users, pinned: each input and output in the
 * order SciJava lists them (Fiji's dialog; the ImageJ 1.x dialog and the
 * launcher order them from it), with label, type, default, required, persist,
 * style, choices and help.
 */
class CommandInputsSnapshotTest {

	/** The expected listing; after a deliberate change, copy {@link #ACTUAL} over it. */
	private static final String EXPECTED = "command-inputs.txt";

	/** Where the test writes the listing it found. */
	private static final Path ACTUAL = Path.of("target", "command-inputs.txt");

	@Test
	void everyCommandShowsTheSameInputsInTheSameOrder() throws IOException {
		final String actual = listing();
		Files.createDirectories(ACTUAL.getParent());
		Files.writeString(ACTUAL, actual);
		assertEquals(expected(), actual, "inputs changed; see " + ACTUAL.toAbsolutePath());
	}

	private static String listing() {
		final StringBuilder s = new StringBuilder();
		try (Context context = new Context(CommandService.class, ModelService.class)) {
			final ModuleService modules = context.service(ModuleService.class);
			final List<CommandInfo> ours = context.service(CommandService.class).getCommands()
				.stream().filter(c -> c.getClassName().startsWith(
					CommandInputsSnapshotTest.class.getPackageName())).sorted(Comparator.comparing(
						CommandInfo::getClassName)).toList();
			for (final CommandInfo info : ours) {
				s.append(info.getClassName()).append(" | ").append(info.getTitle()).append('\n');
				final Module module = modules.createModule(info);
				for (final ModuleItem<?> item : info.inputs()) {
					if (Service.class.isAssignableFrom(item.getType()) || Context.class
						.isAssignableFrom(item.getType())) continue;
					line(s, "in", item, module.getInput(item.getName()));
				}
				for (final ModuleItem<?> item : info.outputs()) line(s, "out", item, null);
			}
		}
		catch (final Exception e) {
			throw new IllegalStateException(e);
		}
		return s.toString();
	}

	private static void line(final StringBuilder s, final String io, final ModuleItem<?> item,
		final Object initial)
	{
		s.append("  ").append(io).append(' ').append(item.getName()).append(" | label=").append(
			item.getLabel()).append(" | type=").append(item.getType().getSimpleName()).append(
				" | default=").append(initial).append(" | required=").append(item.isRequired())
			.append(" | persist=").append(item.isPersisted()).append(" | style=").append(item
				.getWidgetStyle()).append(" | choices=").append(item.getChoices()).append(
					" | min=").append(item.getMinimumValue()).append(" | max=").append(item
						.getMaximumValue()).append(" | help=").append(item.getDescription()).append(
							'\n');
	}

	private static String expected() throws IOException {
		try (InputStream in = CommandInputsSnapshotTest.class.getResourceAsStream(EXPECTED)) {
			return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}
}
