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

	@Parameter(label = "Folder of labelled images", style = FileWidget.DIRECTORY_STYLE,
		persist = false, description = "Folder with one sub-folder of images per class. " +
			"Macro key: data")
	private File data;

	@Parameter(label = "Network", persist = false, description = "The network: lecture-cnn, " +
		"vgg-small, resnet-small, or layers such as 'conv3x3x16 bn relu maxpool2'. " +
		"Macro key: layers")
	private String layers = "lecture-cnn";

	@Parameter(label = "Epochs", min = "1", persist = false, description = "Passes over the " +
		"training images. Macro key: max_epochs")
	private int max_epochs = 4;

	@Parameter(label = "Mini-batch size", min = "1", persist = false,
		description = "Images per iteration. Macro key: mini_batch_size")
	private int mini_batch_size = 64;

	@Parameter(label = "Learning rate", persist = false, description = "Step size of the solver " +
		"at the start. Macro key: initial_learn_rate")
	private double initial_learn_rate = 0.01;

	@Parameter(label = "Random seed", persist = false, description = "Same seed, same data: same " +
		"network. Macro key: seed")
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
