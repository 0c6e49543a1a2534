package io.github.cnnclassifier.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.service.Service;
import org.scijava.widget.FileWidget;

/**
 * Runs one of our SciJava commands as a plain ImageJ 1.x plugin (named in
 * {@code plugins.config}, the command's class name as argument): its inputs
 * become a GenericDialog, so the command works in ImageJ 1.x menus, is
 * recorded by the macro recorder, and takes {@code key=value} macro options.
 * In Fiji the SciJava command replaces this menu item (same label).
 * <p>
 * NB: dialog labels are the parameter names, because ImageJ 1.x macros key
 * options by the label's first word; ImagePlus inputs take the current image.
 * </p>
 */
public final class LegacyCommandBridge implements PlugIn {

	@Override
	public void run(final String commandClass) {
		// NB: SciJava finds plugins through the context class loader, which in
		// ImageJ 1.x (and ij1-patcher's headless mode) does not see this jar.
		final Thread thread = Thread.currentThread();
		final ClassLoader saved = thread.getContextClassLoader();
		thread.setContextClassLoader(getClass().getClassLoader());
		try (Context context = new Context(CommandService.class)) {
			final CommandInfo info = context.service(CommandService.class).getCommand(
				commandClass);
			if (info == null) {
				IJ.error("CNN Classifier", "No command " + commandClass + " in this plugin.");
				return;
			}
			final ModuleService modules = context.service(ModuleService.class);
			final Module module = modules.createModule(info);
			final Map<String, Object> inputs = ask(info, module);
			if (inputs == null) return;
			final Cancelable done = (Cancelable) modules.run(module, true, inputs).get();
			if (done.isCanceled() && done.getCancelReason() != null) {
				IJ.error(info.getTitle(), done.getCancelReason());
			}
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		catch (final java.util.concurrent.ExecutionException e) {
			final Throwable cause = e.getCause() == null ? e : e.getCause();
			if (Macro.MACRO_CANCELED.equals(cause.getMessage())) return;
			// NB: in a macro, IJ.error stops the macro with the message.
			if (IJ.isMacro()) IJ.error("CNN Classifier", cause.toString());
			else IJ.handleException(cause);
		}
		finally {
			thread.setContextClassLoader(saved);
		}
	}

	/**
	 * Builds the dialog from the command's inputs, shows it (in a macro it
	 * reads the options instead), and returns the values by input name; null if cancelled.
	 */
	static Map<String, Object> ask(final CommandInfo info, final Module module) {
		final List<ModuleItem<?>> fields = new ArrayList<>();
		final Map<String, Object> inputs = new HashMap<>();
		for (final ModuleItem<?> item : info.inputs()) {
			final Class<?> type = item.getType();
			if (Service.class.isAssignableFrom(type) || Context.class.isAssignableFrom(type)) {
				continue;
			}
			if (ImagePlus.class.isAssignableFrom(type)) {
				final ImagePlus current = WindowManager.getCurrentImage();
				if (current == null) {
					IJ.error(info.getTitle(), "Open an image first: \"" + info.getTitle() +
						"\" works on the current image.");
					return null;
				}
				inputs.put(item.getName(), current);
				continue;
			}
			fields.add(item);
		}
		// NB: a command without fields (e.g. System Info) needs no dialog, which
		// headless could not even be made outside a macro.
		if (fields.isEmpty()) return inputs;
		final GenericDialog gd = new GenericDialog(info.getTitle());
		for (final ModuleItem<?> item : fields) addField(gd, item, item.getValue(module));
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		for (final ModuleItem<?> item : fields) {
			inputs.put(item.getName(), readField(gd, item));
		}
		return inputs;
	}

	private static void addField(final GenericDialog gd, final ModuleItem<?> item,
		final Object value)
	{
		final String name = item.getName();
		final Class<?> type = item.getType();
		if (File.class.equals(type)) {
			final String path = value == null ? "" : value.toString();
			// NB: ij1-patcher's headless dialog ignores file and directory fields.
			if (GraphicsEnvironment.isHeadless()) gd.addStringField(name, path, 40);
			else if (FileWidget.DIRECTORY_STYLE.equals(item.getWidgetStyle())) {
				gd.addDirectoryField(name, path, 40);
			}
			else gd.addFileField(name, path, 40);
		}
		else if (hasChoices(item)) {
			final String[] choices = item.getChoices().stream().map(String::valueOf)
				.toArray(String[]::new);
			gd.addChoice(name, choices, String.valueOf(value));
		}
		else if (type == boolean.class || type == Boolean.class) {
			gd.addCheckbox(name, Boolean.TRUE.equals(value));
		}
		else if (isNumber(type)) {
			final double v = value == null ? 0 : ((Number) value).doubleValue();
			final boolean whole = type == int.class || type == Integer.class ||
				type == long.class || type == Long.class;
			gd.addNumericField(name, v, whole ? 0 : decimals(v));
		}
		else gd.addStringField(name, value == null ? "" : value.toString(), 20);
	}

	private static Object readField(final GenericDialog gd, final ModuleItem<?> item) {
		final Class<?> type = item.getType();
		if (File.class.equals(type)) {
			final String path = gd.getNextString().trim();
			return path.isEmpty() ? null : new File(path);
		}
		if (hasChoices(item)) return gd.getNextChoice();
		if (type == boolean.class || type == Boolean.class) {
			// NB: an ImageJ macro checks a box by naming its key; "key=true" (Fiji's way) counts too.
			final String options = Macro.getOptions();
			return gd.getNextBoolean() || options != null && "true".equalsIgnoreCase(Macro
				.getValue(options, item.getName(), "false"));
		}
		if (isNumber(type)) {
			final double v = gd.getNextNumber();
			if (type == int.class || type == Integer.class) return (int) Math.round(v);
			if (type == long.class || type == Long.class) return Math.round(v);
			return v;
		}
		return gd.getNextString();
	}

	private static boolean hasChoices(final ModuleItem<?> item) {
		return item.getChoices() != null && !item.getChoices().isEmpty();
	}

	private static boolean isNumber(final Class<?> type) {
		return type == int.class || type == long.class || type == double.class ||
			type == float.class || Number.class.isAssignableFrom(type);
	}

	/** Enough decimals to show small defaults such as 0.0001 exactly. */
	private static int decimals(final double v) {
		if (v == 0 || v >= 1) return 2;
		return Math.min(9, Math.max(2, (int) Math.ceil(-Math.log10(Math.abs(v))) + 1));
	}
}
