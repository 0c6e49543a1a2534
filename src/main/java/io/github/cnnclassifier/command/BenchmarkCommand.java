package io.github.cnnclassifier.command;

import ij.IJ;
import io.github.cnnclassifier.benchmark.Benchmark;

import java.awt.GraphicsEnvironment;
import java.io.File;

import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Times training and inference of a network (the lecture CNN unless
 * {@code layers} says) on a labelled folder as the PyTorch peer benchmark
 * does, and prints one closing line ({@code engine=... train_img_per_s=...
 * infer_img_per_s=... val_acc=... train_gflops=... infer_gflops=...}).
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>CNN Classifier>Benchmark CNN")
public final class BenchmarkCommand extends ContextCommand {

	@Parameter
	private LogService log;

	@Parameter(style = FileWidget.DIRECTORY_STYLE, persist = false,
		description = "Folder with one sub-folder of images per class")
	private File data;

	@Parameter(persist = false, description = "The network: lecture-cnn, vgg-small, " +
		"resnet-small, or layers such as 'conv3x3x16 bn relu maxpool2'")
	private String layers = "lecture-cnn";

	@Parameter(min = "1", persist = false)
	private int max_epochs = 4;

	@Parameter(min = "1", persist = false)
	private int mini_batch_size = 64;

	@Parameter(persist = false)
	private double initial_learn_rate = 0.01;

	@Parameter(persist = false)
	private long seed = 42;

	@Override
	public void run() {
		Commands.run(this, log, () -> {
			final String line = Benchmark.run(data.toPath(), layers, max_epochs, mini_batch_size,
				initial_learn_rate, seed, log::info).line();
			// NB: the closing line goes to standard output (like the peer's), and to the Log window.
			if (GraphicsEnvironment.isHeadless() || IJ.getInstance() == null) {
				Commands.printToStandardOutput(line + System.lineSeparator(), "benchmark line");
			}
			else IJ.log(line);
		});
	}
}
