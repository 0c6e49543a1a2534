package io.github.cnnclassifier.command;

import ij.IJ;
import ij.text.TextWindow;
import io.github.cnnclassifier.install.SystemInfo;

import java.awt.GraphicsEnvironment;
import java.util.List;

import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Logs what this machine offers the plugin (Java, CPU features, Vector API,
 * the engine training would use, ND4J's backend and GPUs, off-heap limits),
 * one {@code key: value} line each, and shows the same text in a window in
 * the GUI: the text to paste into a bug report.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>CNN Classifier System Info")
public final class SystemInfoCommand extends ContextCommand {

	@Parameter
	private LogService log;

	@Override
	public void run() {
		final List<String> lines = SystemInfo.lines();
		lines.forEach(log::info);
		if (!GraphicsEnvironment.isHeadless() && IJ.getInstance() != null) {
			new TextWindow("CNN Classifier System Info", String.join("\n", lines), 640, 520);
		}
	}
}
