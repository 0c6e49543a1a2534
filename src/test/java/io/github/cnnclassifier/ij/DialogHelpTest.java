package io.github.cnnclassifier.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cnnclassifier.command.TrainCommand;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;

/** The Help button of an ImageJ 1.x dialog explains every field of the command. */
class DialogHelpTest {

	@Test
	void everyFieldIsExplainedWithItsDefaultAndTheMacroCall() {
		try (Context context = new Context(CommandService.class)) {
			final CommandInfo info = context.service(CommandService.class).getCommand(
				TrainCommand.class);
			final Module module = context.service(ModuleService.class).createModule(info);
			final List<ModuleItem<?>> fields = LegacyCommandRunner.fields(info);
			final String html = DialogHelp.html(info, fields, module);
			assertEquals(List.of("data", "model"), fields.stream().limit(2).map(
				ModuleItem::getName).toList());
			assertTrue(fields.stream().noneMatch(i -> i.getName().equals("log")), fields
				.toString());
			for (final ModuleItem<?> item : fields) {
				assertTrue(html.contains("<b>" + item.getName() + "</b>"), item.getName());
			}
			assertFalse(html.contains("context"), html);
			assertTrue(html.contains("<b>data</b></td><td>Folder with one sub-folder of images " +
				"per class; a folder</td>"), html);
			assertTrue(html.contains("<b>solver</b></td><td>one of sgdm, adam, rmsprop; default " +
				"sgdm</td>"), html);
			assertTrue(html.contains("<b>l2_regularization</b></td><td>default 0.0001</td>"), html);
			assertTrue(html.contains("<b>training_fraction</b></td><td>Fraction of each class " +
				"used for training; the rest validates; at least 0.01; at most 1; default 0.75"),
				html);
			assertTrue(html.contains("run(\"Train CNN Classifier\", \"data=[/path/folder] " +
				"model=[/path/file] "), html);
			assertTrue(html.contains(" max_epochs=4 "), html);
		}
	}
}
