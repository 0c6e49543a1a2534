package io.github.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.InstantiableException;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.plugin.Parameter;
import org.scijava.service.Service;

/** The inputs of every command as Fiji's dialog, the macro recorder and the Help show them. */
class CommandInputsTest {

	/** The inputs Train and Transfer share, in the order Fiji's dialog shows them. */
	private static final List<String> SHARED = List.of("data", "validation_folder", "solver",
		"initial_learn_rate", "max_epochs", "mini_batch_size", "training_fraction", "on_bad_file",
		"input_height", "input_width", "input_channels", "cache_mb", "class_weights", "momentum",
		"l2_regularization", "shuffle", "seed", "validation_frequency", "validation_patience",
		"group_by", "on_duplicate", "augment_rotation", "augment_x_reflection",
		"augment_y_reflection", "augment_translation", "augment_scale", "checkpoint_folder",
		"overwrite");

	@Test
	void trainAndTransferDeclareEachSharedInputOnceInTheirBase() {
		final Set<String> train = declared(TrainCommand.class), transfer = declared(
			TransferCommand.class), base = declared(TrainingCommand.class);
		assertEquals(Set.of("model", "layers", "resume_from"), train);
		assertTrue(transfer.stream().noneMatch(train::contains), transfer.toString());
		assertTrue(transfer.stream().noneMatch(base::contains), transfer.toString());
		assertTrue(base.containsAll(SHARED), base.toString());
	}

	@Test
	void everyCommandThatAsksForTheModelFirstInheritsTheModelInputs() {
		assertEquals(Set.of("model", "labels", "normalization"), declared(ModelCommand.class));
		try (Context context = new Context(CommandService.class)) {
			for (final CommandInfo info : context.service(CommandService.class).getCommands()) {
				if (!info.getClassName().startsWith(getClass().getPackageName())) continue;
				final List<String> inputs = inputs(info);
				final boolean sharedFirst = inputs.size() >= 3 && inputs.subList(0, 3).equals(List
					.of("model", "labels", "normalization")) && ModelInputs.MODEL_HELP.equals(info
						.getInput("model").getDescription());
				final boolean inherits = ModelCommand.class.isAssignableFrom(info.loadClass());
				assertEquals(sharedFirst, inherits, info.getTitle());
			}
		}
		catch (final InstantiableException e) {
			throw new AssertionError(e);
		}
	}

	@Test
	void fijiShowsTheSharedInputsBasicFirstThenEachCommandsOwn() {
		try (Context context = new Context(CommandService.class)) {
			final CommandService commands = context.service(CommandService.class);
			final List<String> train = new ArrayList<>(SHARED);
			train.addAll(List.of("model", "layers", "resume_from"));
			assertEquals(train, inputs(commands.getCommand(TrainCommand.class)));
			final List<String> transfer = new ArrayList<>(SHARED);
			transfer.addAll(List.of("base_model", "output_model", "base_weights",
				"download_weights", "freeze", "unfreeze_after", "unfreeze_learn_rate",
				"head_learn_rate_factor", "min_iterations", "normalization"));
			assertEquals(transfer, inputs(commands.getCommand(TransferCommand.class)));
		}
	}

	@Test
	void trainAndTransferKeepTheirOwnDefaults() throws Exception {
		try (Context context = new Context(CommandService.class)) {
			final CommandService commands = context.service(CommandService.class);
			final ModuleService modules = context.service(ModuleService.class);
			final Module train = modules.createModule(commands.getCommand(TrainCommand.class));
			final Module transfer = modules.createModule(commands.getCommand(
				TransferCommand.class));
			assertEquals(List.of(0.01, 4, 0, 0.75), values(train, "initial_learn_rate",
				"max_epochs", "mini_batch_size", "training_fraction"));
			assertEquals(List.of(0.001, 30, 8, 0.75), values(transfer, "initial_learn_rate",
				"max_epochs", "mini_batch_size", "training_fraction"));
		}
	}

	@Test
	void everyCommandInputHasAPlainLabelAndAHelpThatNamesItsMacroKey() {
		try (Context context = new Context(CommandService.class)) {
			final List<CommandInfo> ours = context.service(CommandService.class).getCommands()
				.stream().filter(c -> c.getClassName().startsWith(getClass().getPackageName()))
				.toList();
			assertTrue(ours.size() >= 16, ours.toString());
			for (final CommandInfo info : ours) {
				for (final ModuleItem<?> item : items(info)) {
					final String where = info.getTitle() + ": " + item.getName();
					final String label = item.getLabel();
					assertTrue(label != null && !label.isBlank(), where + " has no label");
					assertFalse(label.contains("_"), where + " labelled with an identifier: " +
						label);
					assertTrue(Character.isUpperCase(label.charAt(0)), where + ": " + label);
					// NB: an image input is the current image; headless, a path.
					if (!item.isInput() || ImagePlus.class.isAssignableFrom(item.getType())) {
						continue;
					}
					final String help = item.getDescription();
					assertTrue(help != null && help.endsWith(". Macro key: " + item.getName()),
						where + " help does not end with its macro key: " + help);
					// NB: the Help adds each default itself; a description's own goes stale.
					assertFalse(help.toLowerCase(Locale.ROOT).contains("default"), where + ": " +
						help);
				}
			}
		}
	}

	/** The @Parameter fields a class itself declares, services left out. */
	private static Set<String> declared(final Class<?> c) {
		final Set<String> names = new HashSet<>();
		for (final Field f : c.getDeclaredFields()) {
			if (f.isAnnotationPresent(Parameter.class) && !Service.class.isAssignableFrom(f
				.getType())) names.add(f.getName());
		}
		return names;
	}

	/** The inputs and outputs a user sees: not services nor the context. */
	private static List<ModuleItem<?>> items(final CommandInfo info) {
		final List<ModuleItem<?>> items = new ArrayList<>();
		for (final ModuleItem<?> item : info.inputs()) {
			if (!Service.class.isAssignableFrom(item.getType()) && !Context.class.isAssignableFrom(
				item.getType())) items.add(item);
		}
		info.outputs().forEach(items::add);
		return items;
	}

	private static List<String> inputs(final CommandInfo info) {
		return items(info).stream().filter(ModuleItem::isInput).map(ModuleItem::getName).toList();
	}

	private static List<Object> values(final Module module, final String... names) {
		return Arrays.stream(names).map(module::getInput).toList();
	}

}
