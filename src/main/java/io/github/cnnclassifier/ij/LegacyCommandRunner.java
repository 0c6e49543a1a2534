package io.github.cnnclassifier.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import io.github.cnnclassifier.predict.ModelService;
import io.github.cnnclassifier.tensor.InputFit;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogListener;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.service.Service;
import org.scijava.widget.FileWidget;

/**
 * Runs a SciJava command in plain ImageJ 1.x: its inputs become a
 * GenericDialog, so the command is in the menus, recorded by the macro
 * recorder, and takes {@code key=value} macro options.
 * <p>
 * In the GUI the dialog starts from the values last confirmed in it and has
 * a Help button that explains the fields, and the command's messages go to
 * the Log window; a macro gets the command's own defaults for the keys it
 * leaves out, so that it does the same every time.
 * </p>
 * <p>
 * NB: dialog labels are the parameter names, because ImageJ 1.x macros key
 * options by the label's first word; ImagePlus inputs take the current image.
 * </p>
 */
final class LegacyCommandRunner {

	/** ImageJ preference keys of remembered dialog values: prefix.CommandClass.input. */
	static final String PREFS = "cnnclassifier";

	/**
	 * NB: one context for as long as ImageJ runs, as Fiji has one: its
	 * services (the loaded models of ModelService above all) outlive a
	 * command, so a macro that runs a command image after image does not pay
	 * for a new context and a model read each time.
	 */
	private static Context context;

	private LegacyCommandRunner() {}

	private static synchronized Context context() {
		if (context == null) context = new Context(CommandService.class, ModelService.class);
		return context;
	}

	static void run(final String commandClass) {
		// NB: SciJava finds plugins through the context class loader, which in
		// ImageJ 1.x (and ij1-patcher's headless mode) does not see this jar.
		final Thread thread = Thread.currentThread();
		final ClassLoader saved = thread.getContextClassLoader();
		thread.setContextClassLoader(LegacyCommandRunner.class.getClassLoader());
		try {
			final Context context = context();
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
			final LogService log = context.service(LogService.class);
			final LogListener toLogWindow = message -> {
				if (message.level() <= LogLevel.INFO) IJ.log(message.text());
			};
			// NB: in the GUI, "Computing with ..." and summaries belong in the Log window.
			if (IJ.getInstance() != null) log.addLogListener(toLogWindow);
			try {
				final Cancelable done = (Cancelable) modules.run(module, true, inputs).get();
				if (done.isCanceled() && done.getCancelReason() != null) {
					IJ.error(info.getTitle(), done.getCancelReason());
				}
				// NB: shown on the caller's thread, so that a macro gets the picture as its
				// current image (a batch-mode image when there is no ImageJ window).
				else if (!done.isCanceled()) showImages(info, module);
			}
			finally {
				log.removeLogListener(toLogWindow);
			}
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		catch (final ExecutionException e) {
			final Throwable cause = e.getCause() == null ? e : e.getCause();
			if (Macro.MACRO_CANCELED.equals(cause.getMessage())) return;
			if (cause instanceof LinkageError || cause.getCause() instanceof LinkageError) {
				LegacyCommandBridge.report(cause);
			}
			// NB: in a macro, IJ.error stops the macro with the message.
			else if (IJ.isMacro()) IJ.error("CNN Classifier", cause.toString());
			else IJ.handleException(cause);
		}
		finally {
			thread.setContextClassLoader(saved);
		}
	}

	/** Shows the images a command returns (Fiji's display service does this there). */
	private static void showImages(final CommandInfo info, final Module module) {
		for (final ModuleItem<?> item : info.outputs()) {
			final Object value = module.getOutput(item.getName());
			if (value instanceof ImagePlus) ((ImagePlus) value).show();
		}
	}

	/**
	 * Builds the dialog from the command's inputs, shows it (in a macro it
	 * reads the options instead), and returns the values by input name; null if cancelled.
	 */
	static Map<String, Object> ask(final CommandInfo info, final Module module) {
		final Map<String, Object> inputs = new HashMap<>();
		for (final ModuleItem<?> item : info.inputs()) {
			if (!ImagePlus.class.isAssignableFrom(item.getType())) continue;
			final ImagePlus current = WindowManager.getCurrentImage();
			if (current == null) {
				IJ.error(info.getTitle(), "Open an image first: \"" + info.getTitle() +
					"\" works on the current image.");
				return null;
			}
			if (!usePicture(info, current)) return null;
			inputs.put(item.getName(), current);
		}
		final List<ModuleItem<?>> fields = fields(info);
		// NB: a command without fields (e.g. System Info) needs no dialog, which
		// headless could not even be made outside a macro.
		if (fields.isEmpty()) return inputs;
		// NB: a macro's options leave out keys meaning "the default": never a remembered value.
		final boolean remember = Macro.getOptions() == null && !GraphicsEnvironment.isHeadless();
		final GenericDialog gd = new GenericDialog(info.getTitle());
		for (final ModuleItem<?> item : fields) {
			final String standard = text(item.getValue(module));
			final String last = remember ? Prefs.get(key(info, item), standard) : standard;
			addField(gd, item, isNumber(item.getType()) && !isNumeric(last) ? standard : last);
		}
		gd.addHelp(DialogHelp.html(info, fields, module));
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		for (final ModuleItem<?> item : fields) {
			final Object value = readField(gd, item);
			inputs.put(item.getName(), value);
			if (remember) Prefs.set(key(info, item), text(value));
		}
		return inputs;
	}

	/**
	 * Whether to work on {@code image}: yes unless it is a picture this plugin
	 * made and the user, asked in the GUI, says no. NB: a yes removes its mark,
	 * because the user has said it is an image to work on; a macro is refused
	 * by the command itself ({@link InputFit#requireNotPicture}).
	 */
	private static boolean usePicture(final CommandInfo info, final ImagePlus image) {
		final String picture = image.getProp(InputFit.PICTURE);
		if (picture == null || picture.isEmpty() || Macro.getOptions() != null || IJ
			.getInstance() == null) return true;
		final boolean yes = IJ.showMessageWithCancel(info.getTitle(), "\"" + image.getTitle() +
			"\" is a picture made by CNN Classifier (" + picture + "),\nnot an image to " +
			"classify. Work on it anyway?\n \nCancel, then click the window of the image you " +
			"mean, to work on that one.");
		if (yes) image.setProp(InputFit.PICTURE, "");
		return yes;
	}

	/** The inputs the user gives in the dialog: not services, the context or the current image. */
	static List<ModuleItem<?>> fields(final CommandInfo info) {
		final List<ModuleItem<?>> fields = new ArrayList<>();
		for (final ModuleItem<?> item : info.inputs()) {
			final Class<?> type = item.getType();
			if (!Service.class.isAssignableFrom(type) && !Context.class.isAssignableFrom(type) &&
				!ImagePlus.class.isAssignableFrom(type))
			{
				fields.add(item);
			}
		}
		return fields;
	}

	private static String key(final CommandInfo info, final ModuleItem<?> item) {
		final String name = info.getDelegateClassName();
		return PREFS + "." + name.substring(name.lastIndexOf('.') + 1) + "." + item.getName();
	}

	private static String text(final Object value) {
		return value == null ? "" : value instanceof File ? ((File) value).getPath() : value
			.toString();
	}

	private static void addField(final GenericDialog gd, final ModuleItem<?> item,
		final String value)
	{
		final String name = item.getName();
		final Class<?> type = item.getType();
		if (File.class.equals(type)) {
			// NB: ij1-patcher's headless dialog ignores file and directory fields.
			if (GraphicsEnvironment.isHeadless()) gd.addStringField(name, value, 40);
			else if (FileWidget.DIRECTORY_STYLE.equals(item.getWidgetStyle())) {
				gd.addDirectoryField(name, value, 40);
			}
			else gd.addFileField(name, value, 40);
		}
		else if (hasChoices(item)) {
			final String[] choices = item.getChoices().stream().map(String::valueOf)
				.toArray(String[]::new);
			gd.addChoice(name, choices, value);
		}
		else if (type == boolean.class || type == Boolean.class) {
			gd.addCheckbox(name, Boolean.parseBoolean(value));
		}
		else if (isNumber(type)) {
			final double v = value.isEmpty() ? 0 : Double.parseDouble(value);
			gd.addNumericField(name, v, isWhole(type) ? 0 : decimals(v));
		}
		else gd.addStringField(name, value, 20);
	}

	private static Object readField(final GenericDialog gd, final ModuleItem<?> item) {
		final Class<?> type = item.getType();
		if (File.class.equals(type)) {
			final String path = gd.getNextString().trim();
			return path.isEmpty() ? null : new File(path);
		}
		if (hasChoices(item)) return gd.getNextChoice();
		if (type == boolean.class || type == Boolean.class) {
			// NB: a macro may also write key=true or key=false, as Fiji's macros and --run do.
			final boolean checked = gd.getNextBoolean();
			final String v = Macro.getOptions() == null ? null : Macro.getValue(Macro
				.getOptions(), item.getName(), null);
			return v == null ? checked : Boolean.parseBoolean(v.trim());
		}
		if (isNumber(type)) {
			final double v = gd.getNextNumber();
			if (type == int.class || type == Integer.class) return (int) Math.round(v);
			if (type == long.class || type == Long.class) return Math.round(v);
			return v;
		}
		return gd.getNextString();
	}

	static boolean hasChoices(final ModuleItem<?> item) {
		return item.getChoices() != null && !item.getChoices().isEmpty();
	}

	static boolean isNumber(final Class<?> type) {
		return type == int.class || type == long.class || type == double.class ||
			type == float.class || Number.class.isAssignableFrom(type);
	}

	private static boolean isNumeric(final String s) {
		try {
			Double.parseDouble(s);
			return true;
		}
		catch (final NumberFormatException e) {
			return false;
		}
	}

	private static boolean isWhole(final Class<?> type) {
		return type == int.class || type == Integer.class || type == long.class ||
			type == Long.class;
	}

	/** Enough decimals to show small defaults such as 0.0001 exactly. */
	private static int decimals(final double v) {
		if (v == 0 || v >= 1) return 2;
		return Math.min(9, Math.max(2, (int) Math.ceil(-Math.log10(Math.abs(v))) + 1));
	}
}
