package io.github.cnnclassifier.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import io.github.cnnclassifier.data.Messages;
import ij.plugin.Zoom;
import ij.plugin.frame.Recorder;
import io.github.cnnclassifier.inspect.NetworkSummary;
import io.github.cnnclassifier.model.ModelIO;
import io.github.cnnclassifier.predict.LoadedModel;
import io.github.cnnclassifier.predict.ModelService;
import io.github.cnnclassifier.tensor.InputFit;

import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.TextField;
import java.io.File;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogListener;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.module.process.CheckInputsPreprocessor;
import org.scijava.module.process.DefaultValuePreprocessor;
import org.scijava.module.process.InitPreprocessor;
import org.scijava.module.process.LoggerPreprocessor;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.module.process.ServicePreprocessor;
import org.scijava.module.process.ValidityPreprocessor;
import org.scijava.plugin.PluginService;
import org.scijava.service.Service;
import org.scijava.util.Types;
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
 * NB: the labels given to the dialog are the parameter names, because ImageJ
 * 1.x macros and the recorder key options by the label's first word; the GUI
 * shows plain labels instead ({@link DialogLayout}), and splits the long
 * training dialogs into basic and advanced fields. ImagePlus inputs take the
 * current image.
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

	/**
	 * The module preprocessors a command run from here needs, made once: the
	 * context's, less those of persisted values (a dialog here remembers its
	 * own values, and a macro gets the command's defaults), of a UI or display
	 * and of debug logging; no postprocessor (this class shows the images).
	 * <p>
	 * NB: {@code ModuleService.run(module, true, ...)} made a new instance of
	 * each of the context's 16 processors for every run: a macro's short call
	 * paid more for them than for classifying. They keep no state but a
	 * preprocessor's cancel reason, so the list is dropped when one cancels
	 * and the next run makes new ones ({@link #runHere}).
	 * </p>
	 */
	private static List<PreprocessorPlugin> preprocessors;

	/** The preprocessors kept: see {@link #preprocessors}. */
	private static final Set<Class<?>> NEEDED = Set.of(ValidityPreprocessor.class,
		ServicePreprocessor.class, LoggerPreprocessor.class, DefaultValuePreprocessor.class,
		InitPreprocessor.class, CheckInputsPreprocessor.class);

	/** The commands by class name, looked up once. */
	private static final Map<String, CommandInfo> COMMANDS = new ConcurrentHashMap<>();

	private LegacyCommandRunner() {}

	private static synchronized Context context() {
		if (context == null) context = new Context(CommandService.class, ModelService.class);
		return context;
	}

	/**
	 * Makes the context on a thread of its own, so that a macro's first
	 * command finds it made (or waits for the rest).
	 */
	static void prepareInBackground() {
		final Thread t = new Thread(() -> {
			// NB: as in run(): SciJava finds plugins through the context class loader.
			Thread.currentThread().setContextClassLoader(LegacyCommandRunner.class
				.getClassLoader());
			ModelIO.prepareInBackground();
			context();
		}, "cnn-classifier-context");
		t.setDaemon(true);
		t.start();
	}

	private static synchronized List<PreprocessorPlugin> preprocessors(final Context context) {
		if (preprocessors == null) {
			preprocessors = context.service(PluginService.class).createInstancesOfType(
				PreprocessorPlugin.class).stream().filter(p -> NEEDED.contains(p.getClass()))
				.toList();
		}
		return preprocessors;
	}

	static void run(final String commandClass) {
		// NB: SciJava finds plugins through the context class loader, which in
		// ImageJ 1.x (and ij1-patcher's headless mode) does not see this jar.
		final Thread thread = Thread.currentThread();
		final ClassLoader saved = thread.getContextClassLoader();
		thread.setContextClassLoader(LegacyCommandRunner.class.getClassLoader());
		try {
			final Context context = context();
			final CommandInfo info = COMMANDS.computeIfAbsent(commandClass, c -> context.service(
				CommandService.class).getCommand(c));
			if (info == null) {
				IJ.error("CNN Classifier", "No command " + commandClass + " in this plugin.");
				return;
			}
			final Module module = context.service(ModuleService.class).createModule(info);
			final Map<String, Object> inputs = ask(info, module);
			if (inputs == null) return;
			final LogService log = context.service(LogService.class);
			final LogListener toLogWindow = message -> {
				if (message.level() <= LogLevel.INFO) IJ.log(Messages.escaped(message.text()));
			};
			// NB: in the GUI, "Computing with ..." and summaries belong in the Log window.
			if (IJ.getInstance() != null) log.addLogListener(toLogWindow);
			try {
				final String cancelled = runHere(context, module, inputs);
				if (cancelled == null) showImages(info, module);
				else if (!cancelled.isEmpty()) IJ.error(info.getTitle(), cancelled);
			}
			catch (final RuntimeException | LinkageError e) {
				// NB: a macro aborted (also by IJ.error in it): ImageJ ends the macro quietly.
				if (Macro.MACRO_CANCELED.equals(e.getMessage())) throw e;
				if (e instanceof LinkageError || e.getCause() instanceof LinkageError) {
					LegacyCommandBridge.report(e);
				}
				// NB: in a macro, IJ.error stops the macro with the message.
				else if (IJ.isMacro()) IJ.error("CNN Classifier", Messages.escaped(e.toString()));
				else IJ.handleException(e);
			}
			finally {
				log.removeLogListener(toLogWindow);
			}
		}
		finally {
			thread.setContextClassLoader(saved);
		}
	}

	/**
	 * Runs {@code module} on this thread: its inputs set to the dialog's
	 * values, the preprocessors it needs, then the command.
	 * <p>
	 * NB: not through {@code ModuleService.run}, which hands the module to a
	 * thread of its own, passes each value through the ConvertService (a search
	 * among dozens of converters) and publishes an event at every step: 0.3 ms
	 * of every call of a macro's loop (measured), for listeners
	 * that plain ImageJ 1.x does not have. The values have their inputs' types
	 * already; the ConvertService is asked only where one has not.
	 * </p>
	 *
	 * @return null if the command ran to its end, else why it was cancelled
	 *         (empty if no reason was given)
	 */
	private static String runHere(final Context context, final Module module,
		final Map<String, Object> inputs)
	{
		for (final Map.Entry<String, Object> e : inputs.entrySet()) {
			final Class<?> type = Types.box(module.getInfo().getInput(e.getKey()).getType());
			final Object value = e.getValue();
			module.setInput(e.getKey(), value == null || type.isInstance(value) ? value : context
				.service(ConvertService.class).convert(value, type));
			module.resolveInput(e.getKey());
		}
		// NB: one command at a time, as ImageJ 1.x runs commands and macros on threads of
		// their own: a preprocessor that cancels keeps its reason, so its list is dropped
		// before another command could run it.
		synchronized (LegacyCommandRunner.class) {
			for (final PreprocessorPlugin p : preprocessors(context)) {
				p.process(module);
				if (p.isCanceled()) {
					preprocessors = null;
					return p.getCancelReason() == null ? "" : p.getCancelReason();
				}
			}
		}
		module.run();
		final Cancelable command = (Cancelable) module;
		if (!command.isCanceled()) return null;
		return command.getCancelReason() == null ? "" : command.getCancelReason();
	}

	/** Shows the images a command returns (Fiji's display service does this there). */
	private static void showImages(final CommandInfo info, final Module module) {
		for (final ModuleItem<?> item : info.outputs()) {
			final Object value = module.getOutput(item.getName());
			if (value instanceof ImagePlus) {
				((ImagePlus) value).show();
				zoomToReadable((ImagePlus) value);
			}
		}
	}

	/** Largest side a small result is zoomed up to. */
	private static final int READABLE = 360;

	/** Zooms a small picture (3x3 filters, 14x14 maps) in its window until it is readable. */
	static void zoomToReadable(final ImagePlus imp) {
		if (imp.getWindow() == null) return;
		final int side = Math.max(imp.getWidth(), imp.getHeight());
		int zoom = 1;
		for (final int z : new int[] { 2, 3, 4, 6, 8, 12, 16, 24, 32 }) {
			if (side * z <= READABLE) zoom = z;
		}
		if (zoom > 1) Zoom.set(imp, zoom);
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
		final String problem = Macro.getOptions() == null ? null : MacroOptions.problem(info
			.getTitle(), Macro.getOptions(), fields.stream().map(ModuleItem::getName).toList());
		if (problem != null) {
			IJ.error(info.getTitle(), problem); // NB: in a macro, this stops it
			return null;
		}
		// NB: a macro's options leave out keys meaning "the default": never a remembered value.
		final boolean remember = Macro.getOptions() == null && !GraphicsEnvironment.isHeadless();
		// NB: a macro's dialog is never shown; its help took a quarter of a macro call.
		final String help = Macro.getOptions() == null ? DialogHelp.html(info, fields, module)
			: null;
		final Map<String, List<ModuleItem<?>>> advanced = DialogLayout.advanced(fields);
		final List<ModuleItem<?>> rest = advanced.values().stream().flatMap(List::stream)
			.toList();
		final Dialog first = new Dialog(info.getTitle(), remember);
		for (final ModuleItem<?> item : DialogLayout.basic(fields)) {
			first.add(item, initial(info, module, item, remember), layerChoices(info, module,
				item, remember));
		}
		// NB: only where the dialog is shown; a macro reads every key from its options.
		if (!rest.isEmpty() && remember) {
			first.gd.addMessage(changed(info, module, rest), null, Color.DARK_GRAY);
			first.gd.enableYesNoCancel("OK", "Advanced...");
		}
		first.followModel(info);
		if (help != null) first.gd.addHelp(help);
		first.gd.showDialog();
		if (first.gd.wasCanceled()) return null;
		first.readInto(inputs);
		if (!rest.isEmpty()) {
			if (remember && first.gd.wasOKed()) {
				// NB: OK without Advanced: the advanced fields as last confirmed, recorded
				// where they differ from the defaults, so that the recorded macro does the same.
				for (final ModuleItem<?> item : rest) {
					final Object value = valueOf(item, initial(info, module, item, true));
					inputs.put(item.getName(), value);
					record(item, value, module);
				}
			}
			else {
				// NB: in a macro not shown: it reads the keys from the same options.
				final Dialog second = new Dialog(info.getTitle() + ": advanced options", remember);
				for (final Map.Entry<String, List<ModuleItem<?>>> group : advanced.entrySet()) {
					if (remember) second.gd.addMessage(group.getKey(), BOLD);
					for (final ModuleItem<?> item : group.getValue()) {
						second.add(item, initial(info, module, item, remember), null);
					}
				}
				if (help != null) second.gd.addHelp(help);
				second.gd.showDialog();
				if (second.gd.wasCanceled()) return null;
				second.readInto(inputs);
			}
		}
		if (remember) {
			for (final ModuleItem<?> item : fields) {
				final String value = text(inputs.get(item.getName()));
				Prefs.set(key(info, item), value);
				if (isModelFile(item) && value.toLowerCase(Locale.ROOT).endsWith(".zip")) {
					Prefs.set(LAST_MODEL, value);
				}
			}
		}
		return inputs;
	}

	/** The preference key of the model file last given in any of our dialogs. */
	static final String LAST_MODEL = PREFS + ".lastModel";

	private static final Font BOLD = new Font(Font.SANS_SERIF, Font.BOLD, 12);

	/** Where a field starts: the command's default, or in the GUI the value last confirmed. */
	private static String initial(final CommandInfo info, final Module module,
		final ModuleItem<?> item, final boolean remember)
	{
		final String standard = text(item.getValue(module));
		String last = remember ? Prefs.get(key(info, item), standard) : standard;
		// NB: the model trained or used last, so that it is not typed again in every dialog.
		if (remember && isModelFile(item) && FileWidget.OPEN_STYLE.equals(item.getWidgetStyle())) {
			last = Prefs.get(LAST_MODEL, last);
		}
		return isNumber(item.getType()) && !isNumeric(last) ? standard : last;
	}

	/** A model file field: model (to read or write) or output_model. */
	private static boolean isModelFile(final ModuleItem<?> item) {
		return File.class.equals(item.getType()) && (item.getName().equals("model") || item
			.getName().equals("output_model"));
	}

	/**
	 * The layers of the model the dialog starts with, for a {@code layer}
	 * field in the GUI; null (a text field) where the model is not known.
	 */
	private static String[] layerChoices(final CommandInfo info, final Module module,
		final ModuleItem<?> item, final boolean remember)
	{
		if (!remember || !item.getName().equals("layer") || !String.class.equals(item
			.getType())) return null;
		final ModuleItem<?> model = info.getInput("model");
		return model == null ? null : layerNames(info, item, initial(info, module, model, true));
	}

	/** The layers of the model at {@code path} a {@code layer} field may name; null if none is read. */
	private static String[] layerNames(final CommandInfo info, final ModuleItem<?> item,
		final String path)
	{
		if (path.isEmpty() || !path.toLowerCase(Locale.ROOT).endsWith(".zip") || !new File(path)
			.isFile()) return null;
		try (LoadedModel loaded = context().service(ModelService.class).borrow(Paths.get(path))) {
			final boolean filters = info.getDelegateClassName().endsWith("ShowFiltersCommand");
			final List<String> names = new ArrayList<>();
			if (!item.isRequired()) names.add("");
			for (final NetworkSummary.Row r : NetworkSummary.of(loaded.model()).rows()) {
				if (!filters || r.type().equals("Convolution")) names.add(r.name());
			}
			return names.toArray(String[]::new);
		}
		catch (final RuntimeException e) {
			return null; // NB: the command names what is wrong with the model
		}
	}

	/** One line under the basic fields: the advanced options that differ from the defaults. */
	private static String changed(final CommandInfo info, final Module module,
		final List<ModuleItem<?>> rest)
	{
		final List<String> changed = new ArrayList<>();
		for (final ModuleItem<?> item : rest) {
			final String value = initial(info, module, item, true);
			if (!value.equals(text(item.getValue(module)))) changed.add(item.getName() + "=" + value);
		}
		return changed.isEmpty() ? "Advanced options: all at their defaults."
			: "Advanced options changed: " + String.join(", ", changed);
	}

	/** Records a field the user did not see, where it differs from the command's default. */
	private static void record(final ModuleItem<?> item, final Object value,
		final Module module)
	{
		if (!Recorder.record || text(value).equals(text(item.getValue(module)))) return;
		if (value instanceof Boolean) {
			if ((Boolean) value) Recorder.recordOption(item.getName());
		}
		else Recorder.recordOption(item.getName(), text(value));
	}

	/** A field's value from its text, as the dialog would read it. */
	private static Object valueOf(final ModuleItem<?> item, final String text) {
		final Class<?> type = item.getType();
		if (File.class.equals(type)) return text.trim().isEmpty() ? null : new File(text.trim());
		if (type == boolean.class || type == Boolean.class) return Boolean.parseBoolean(text);
		if (isNumber(type)) {
			final double v = text.isEmpty() ? 0 : Double.parseDouble(text);
			if (type == int.class || type == Integer.class) return (int) Math.round(v);
			if (type == long.class || type == Long.class) return Math.round(v);
			return v;
		}
		return text;
	}

	/** A GenericDialog of some of a command's fields, with plain labels in the GUI. */
	private static final class Dialog {

		final GenericDialog gd;
		private final boolean gui;
		private final List<ModuleItem<?>> items = new ArrayList<>();
		private final Set<String> asChoice = new HashSet<>();
		private TextField modelField;
		private Choice layerChoice;

		Dialog(final String title, final boolean gui) {
			this.gd = new GenericDialog(title);
			this.gui = gui;
		}

		/** @param choices the values to choose from instead of a text field, or null */
		void add(final ModuleItem<?> item, final String value, final String[] choices) {
			items.add(item);
			if (choices != null) {
				asChoice.add(item.getName());
				gd.addChoice(item.getName(), choices, List.of(choices).contains(value) ? value
					: choices[0]);
			}
			else addField(gd, item, value);
			if (gui) relabel(item);
			if (gui && choices != null && item.getName().equals("layer")) {
				layerChoice = (Choice) gd.getChoices().lastElement();
			}
			if (gui && item.getName().equals("model") && gd.getStringFields() != null) {
				modelField = (TextField) gd.getStringFields().lastElement();
			}
		}

		/** NB: another model typed or browsed to in the dialog: its layers become the choices. */
		void followModel(final CommandInfo info) {
			if (layerChoice == null || modelField == null) return;
			final ModuleItem<?> layer = info.getInput("layer");
			gd.addDialogListener((dialog, e) -> {
				if (e == null || e.getSource() != modelField) return true;
				final String[] names = layerNames(info, layer, modelField.getText().trim());
				if (names == null) return true;
				final String selected = layerChoice.getSelectedItem();
				layerChoice.removeAll();
				for (final String name : names) layerChoice.add(name);
				if (List.of(names).contains(selected)) layerChoice.select(selected);
				return true;
			});
		}

		/**
		 * NB: the label given to GenericDialog is the macro key (the recorder and
		 * macros read it); only the text shown changes.
		 */
		private void relabel(final ModuleItem<?> item) {
			final String label = DialogLayout.label(item);
			final boolean checkbox = item.getType() == boolean.class || item
				.getType() == Boolean.class;
			if (checkbox && gd.getCheckboxes() != null) {
				((Checkbox) gd.getCheckboxes().lastElement()).setLabel(label);
			}
			else if (!checkbox && gd.getLabel() != null) gd.getLabel().setText(label);
		}

		void readInto(final Map<String, Object> inputs) {
			for (final ModuleItem<?> item : items) {
				inputs.put(item.getName(), asChoice.contains(item.getName()) ? gd.getNextChoice()
					: readField(gd, item));
			}
		}
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

	/**
	 * The inputs the user gives in the dialog, in dialog order: not services,
	 * the context or the current image.
	 */
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
		return DialogLayout.ordered(fields);
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
