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
				assertTrue(html.contains("<tt>" + item.getName() + "</tt>"), item.getName());
			}
			assertFalse(html.contains("context"), html);
			assertTrue(html.contains("<b>Folder of labelled images</b><br><tt>data</tt></td><td>" +
				"Folder with one sub-folder of images per class; a folder</td>"), html);
			assertTrue(html.contains("<b>Solver</b><br><tt>solver</tt></td><td>sgdm: stochastic " +
				"gradient descent with momentum; one of sgdm, adam, rmsprop; default sgdm</td>"),
				html);
			assertTrue(html.contains("<b>Weight decay (L2)</b><br><tt>l2_regularization</tt></td>" +
				"<td>L2 regularization of the weights; default 0.0001</td>"), html);
			assertTrue(html.contains("<tt>training_fraction</tt></td><td>Fraction of each class " +
				"used for training; the rest validates; at least 0.01; at most 1; default 0.75"),
				html);
			assertFalse(html.matches("(?s).*default (;|<).*"), "no dangling default: " + html);
			assertTrue(html.contains("<tt>augment_rotation</tt></td><td>Random rotation in " +
				"degrees, e.g. -180,180; empty: none; default: empty</td>"), html);
			assertTrue(html.contains("0: the most common image height in the folder (images " +
				"more than twice or less than half the input size are named in a warning)"), html);
			assertTrue(html.contains("run(\"Train CNN Classifier\", \"data=[/path/folder] " +
				"model=[/path/file] "), html);
			assertTrue(html.contains(" max_epochs=4 "), html);
			assertFalse(html.contains("Macro key"), "the key shows under the label: " + html);
		}
	}

	@Test
	void theLongTrainingDialogsShowTheBasicFieldsFirstAndGroupTheRest() {
		try (Context context = new Context(CommandService.class)) {
			final CommandService commands = context.service(CommandService.class);
			final List<ModuleItem<?>> train = LegacyCommandRunner.fields(commands.getCommand(
				TrainCommand.class));
			assertEquals(List.of("data", "model", "validation_folder", "layers", "solver",
				"initial_learn_rate", "max_epochs", "mini_batch_size"), DialogLayout.basic(train)
					.stream().map(ModuleItem::getName).toList());
			final java.util.Map<String, List<ModuleItem<?>>> advanced = DialogLayout.advanced(
				train);
			assertEquals(List.of("Data", "Solver", "Validation", "Augmentation", "Files"), List
				.copyOf(advanced.keySet()));
			assertEquals(train.size(), DialogLayout.basic(train).size() + advanced.values()
				.stream().mapToInt(List::size).sum(), "every field in one of the dialogs");
			final List<ModuleItem<?>> transfer = LegacyCommandRunner.fields(commands.getCommand(
				io.github.cnnclassifier.command.TransferCommand.class));
			assertEquals(List.of("data", "base_model", "output_model", "base_weights", "freeze",
				"validation_folder", "solver", "initial_learn_rate", "max_epochs",
				"mini_batch_size"), DialogLayout.basic(transfer).stream().map(ModuleItem::getName)
					.toList());
			assertEquals(transfer, DialogLayout.ordered(transfer), "the Help lists them so too");
			assertFalse(DialogLayout.advanced(transfer).containsKey("Other"), DialogLayout
				.advanced(transfer).toString());
			final List<ModuleItem<?>> classify = LegacyCommandRunner.fields(commands.getCommand(
				io.github.cnnclassifier.command.ClassifyCommand.class));
			assertEquals(classify, DialogLayout.basic(classify), "short dialogs stay whole");
			assertTrue(DialogLayout.advanced(classify).isEmpty());
			assertEquals("Weight decay (L2)", DialogLayout.label(train.stream().filter(i -> i
				.getName().equals("l2_regularization")).findFirst().orElseThrow()));
		}
	}
}
