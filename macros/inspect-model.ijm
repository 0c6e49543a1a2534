// Saves what a trained model has learned and computes, as pictures and data:
// the network summary (CSV and layer graph), the filters of every convolution layer
// (a montage PNG and the weights as a 32-bit TIFF), and the feature maps of an image
// for each of those layers (a montage PNG and the activations as a 32-bit TIFF).
// Headless:  ./cnn-classifier -batch macros/inspect-model.ijm "model=/tmp/digits.zip image=test-images/digits/7/digit_7_001.png out=/tmp/inspect-model"
// (a path with spaces goes in brackets: model=[/my models/cells.zip])
// In ImageJ/Fiji: Plugins > Macros > Run..., or runMacro(path, argument) with the same argument.
// Every key is optional: the model defaults to the one macros/train-and-classify.ijm writes.

arg = getArgument();
model = value(arg, "model", getDirectory("temp") + "digits.zip");
image = value(arg, "image", "test-images/digits/7/digit_7_001.png");
out = value(arg, "out", getDirectory("temp") + "inspect-model");
if (!File.exists(model))
	exit("No model " + model + ": train one first, e.g. with macros/train-and-classify.ijm");

setBatchMode(true);
File.makeDirectory(out);
run("CNN Network Summary", "model=[" + model + "] save_to=[" + out + "/summary.csv]");
saveAs("PNG", out + "/layer-graph.png");
close();

// The convolution layers, from the summary's Results table.
layers = newArray(0);
for (i = 0; i < nResults; i++) {
	if (getResultString("Type", i) == "Convolution")
		layers = Array.concat(layers, getResultString("Name", i));
}

open(image);
input = getImageID();
for (i = 0; i < layers.length; i++) {
	layer = layers[i];
	run("Show CNN Filters", "model=[" + model + "] layer=" + layer + " montage=true");
	saveAs("PNG", out + "/" + layer + "-filters.png");
	close();
	run("Show CNN Filters", "model=[" + model + "] layer=" + layer);
	saveAs("Tiff", out + "/" + layer + "-filters.tif");
	close();
	selectImage(input);
	run("Show CNN Feature Maps", "model=[" + model + "] layer=" + layer + " montage=true");
	saveAs("PNG", out + "/" + layer + "-feature-maps.png");
	close();
	selectImage(input);
	run("Show CNN Feature Maps", "model=[" + model + "] layer=" + layer);
	saveAs("Tiff", out + "/" + layer + "-feature-maps.tif");
	close();
}
print("Saved the summary, filters and feature maps of " + layers.length +
	" convolution layers of " + model + " to " + out);

// Returns the value of key in "key=value key2=[value with spaces]", or the default.
function value(text, key, default) {
	return call("ij.Macro.getValue", text + " ", key, default);
}
