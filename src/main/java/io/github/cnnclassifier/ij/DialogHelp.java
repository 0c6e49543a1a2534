package io.github.cnnclassifier.ij;

import java.io.File;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.scijava.command.CommandInfo;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.widget.FileWidget;

/**
 * The text behind a command dialog's Help button: what each field means
 * (the parameter's description), its default and allowed values, and the
 * macro and headless calls with the same keys.
 */
final class DialogHelp {

	private DialogHelp() {}

	/** HTML for ImageJ's {@code GenericDialog.addHelp}. */
	static String html(final CommandInfo info, final List<ModuleItem<?>> fields,
		final Module module)
	{
		final StringBuilder s = new StringBuilder("<html><h2>").append(escape(info.getTitle()))
			.append("</h2>");
		if (info.getDescription() != null && !info.getDescription().isBlank()) {
			s.append("<p>").append(escape(info.getDescription())).append("</p>");
		}
		s.append("<table>");
		for (final ModuleItem<?> item : fields) {
			s.append("<tr><td valign=top><b>").append(escape(DialogLayout.label(item))).append(
				"</b><br><tt>").append(item.getName()).append("</tt></td><td>").append(escape(explain(
					item, item.getValue(module)))).append("</td></tr>");
		}
		s.append("</table>");
		if (DialogLayout.split(fields)) {
			s.append("<p>OK keeps the advanced options as last set (the line under the fields " +
				"names those that differ from the defaults); Advanced... shows them.</p>");
		}
		s.append("<p>In a macro, the keys are the names under the labels (keys left out take " +
			"the defaults):<br><tt>run(\"")
			.append(escape(info.getTitle())).append("\", \"").append(escape(fields.stream().map(
				i -> i.getName() + "=" + example(i, i.getValue(module))).collect(Collectors.joining(
					" ")))).append("\");</tt></p><p>Headless: <tt>./cnn-classifier --headless " +
						"--run \"").append(escape(info.getTitle())).append("\" \"")
			.append(escape(fields.stream().filter(i -> File.class.equals(i.getType())).map(
				i -> i.getName() + "='...'").collect(Collectors.joining(",")))).append(
					"\"</tt></p><p>Plugins &gt; Macros &gt; Record... records the dialog as a " +
						"macro line.</p></html>");
		return s.toString();
	}

	/** One field: its description, then what it takes and its default. */
	static String explain(final ModuleItem<?> item, final Object value) {
		final List<String> parts = new ArrayList<>();
		final String description = withoutKey(item);
		if (!description.isEmpty()) parts.add(description);
		if (File.class.equals(item.getType())) {
			parts.add(FileWidget.DIRECTORY_STYLE.equals(item.getWidgetStyle()) ? "a folder"
				: FileWidget.SAVE_STYLE.equals(item.getWidgetStyle()) ? "a file to write"
					: "a file to read");
			if (!item.isRequired()) parts.add("may be left empty");
		}
		else if (LegacyCommandRunner.hasChoices(item)) {
			parts.add("one of " + item.getChoices().stream().map(String::valueOf).collect(
				Collectors.joining(", ")));
		}
		else if (LegacyCommandRunner.isNumber(item.getType())) {
			if (item.getMinimumValue() != null) parts.add("at least " + plain(item
				.getMinimumValue()));
			if (item.getMaximumValue() != null) parts.add("at most " + plain(item
				.getMaximumValue()));
		}
		if (value != null && !(value instanceof File)) {
			parts.add(value.toString().isEmpty() ? "default: empty" : "default " + plain(value));
		}
		return String.join("; ", parts);
	}

	/**
	 * The description without its closing "Macro key: name" (for Fiji's
	 * tooltips): this help shows the key under the label.
	 */
	private static String withoutKey(final ModuleItem<?> item) {
		final String description = item.getDescription() == null ? "" : item.getDescription()
			.trim();
		final String key = "Macro key: " + item.getName();
		if (!description.endsWith(key)) return description;
		return description.substring(0, description.length() - key.length()).replaceAll(
			"\\.?\\s*$", "");
	}

	/** 1.0E-4 as 0.0001, 0.75 as 0.75, 4 as 4. */
	private static String plain(final Object value) {
		return value instanceof Double || value instanceof Float ? BigDecimal.valueOf(((Number) value)
			.doubleValue()).stripTrailingZeros().toPlainString() : String.valueOf(value);
	}

	private static String example(final ModuleItem<?> item, final Object value) {
		if (File.class.equals(item.getType())) return "[/path/" + (FileWidget.DIRECTORY_STYLE
			.equals(item.getWidgetStyle()) ? "folder" : "file") + "]";
		return plain(value);
	}

	private static String escape(final String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}
}
