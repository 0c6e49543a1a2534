// Saves what a trained model has learned and what it computes, as pictures and as data:
// the network summary (a CSV table and a picture of the layer graph), the filters of every
// convolution layer (a montage PNG and the weights as a 32-bit TIFF), and the feature maps
// of an image in each of those layers (a montage PNG and the activations as a 32-bit TIFF).
//
// Headless: ./cnn-classifier -batch macros/inspect-model.ijm
//           ./cnn-classifier -batch macros/inspect-model.ijm "model=[/data/cells.zip] image=[/data/cell.tif] out=[/data/cells-inspected]"
//           (in Fiji: ImageJ-linux64 --headless -batch macros/inspect-model.ijm "...")
// In Fiji:  Plugins > Macros > Run..., after setting the paths below to your own.
// The defaults inspect the digits model of the other example macros (trained first on the
// shipped test-images/digits if the model file is not there yet) with a shipped 7, and write
// into the folder cnn-inspect of the temporary folder.

model = getDirectory("temp") + "cnn-digits.zip";
image = "test-images/digits/7/digit_7_001.png";
out = getDirectory("temp") + "cnn-inspect";

arg = getArgument();
model = call("ij.Macro.getValue", arg, "model", model);
image = call("ij.Macro.getValue", arg, "image", image);
out = call("ij.Macro.getValue", arg, "out", out);

setBatchMode(true);
if (!File.exists(model))
	run("Train CNN Classifier", "data=[test-images/digits] model=[" + model + "] max_epochs=3 mini_batch_size=32");
File.makeDirectory(out);
run("CNN Network Summary", "model=[" + model + "] save_to=[" + out + "/summary.csv] overwrite=true");
saveAs("PNG", out + "/layer-graph.png");
close();

// The convolution layers, from the summary's own table (the Results table
// when headless, where there are no windows).
summary = "CNN Network Summary";
if (!isOpen(summary)) summary = "Results";
layers = newArray(0);
for (i = 0; i < Table.size(summary); i++) {
	if (Table.getString("Type", i, summary) == "Convolution")
		layers = Array.concat(layers, Table.getString("Name", i, summary));
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
