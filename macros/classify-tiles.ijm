// Classifies a large image tile by tile with "Classify Tiles with CNN": a window of the
// network's input size slides over the image at 'stride' pixels (0: half a tile), and
// overlapping probabilities are averaged. Saves the class map (8-bit, pixel value = 1 + the
// class's index in the model's labels, a colour per class) and the probability stack (one
// 32-bit plane per class) into a folder, and prints how much of the image each class covers.
// Memory stays bounded whatever the image size (give Java the heap: JAVA_OPTS=-Xmx2g).
//
// Headless: ./cnn-classifier -batch macros/classify-tiles.ijm
//           ./cnn-classifier -batch macros/classify-tiles.ijm "image=[/data/section.tif] model=[/data/tissue.zip] out=[/data/maps] stride=32"
//           (in Fiji: ImageJ-linux64 --headless -batch macros/classify-tiles.ijm "...")
// In Fiji:  Plugins > Macros > Run..., after setting the paths below to your own; in the
//           window the class map is also drawn over the image.
// The defaults classify a field built from the shipped test-images/digits-stack.tif (its 40
// digits in a montage) with a digits model (trained first if the model file is not there yet).

image = "";
model = getDirectory("temp") + "cnn-digits.zip";
out = getDirectory("temp") + "cnn-tiles";
stride = 0;

arg = getArgument();
image = call("ij.Macro.getValue", arg, "image", image);
model = call("ij.Macro.getValue", arg, "model", model);
out = call("ij.Macro.getValue", arg, "out", out);
stride = parseInt(call("ij.Macro.getValue", arg, "stride", "" + stride));

setBatchMode(true);
if (!File.exists(model))
	run("Train CNN Classifier", "data=[test-images/digits] model=[" + model + "] max_epochs=3 mini_batch_size=32");
if (image == "") {
	open("test-images/digits-stack.tif");
	run("Make Montage...", "columns=8 rows=5 scale=1 border=0");
	rename("digits-field");
} else {
	open(image);
}
title = getTitle();
File.makeDirectory(out);
run("Classify Tiles with CNN", "model=[" + model + "] stride=" + stride + " save_to=[" + out + "]");

// The class map's histogram: pixels per class; its Info says which value is which class.
stem = File.getNameWithoutExtension(title);
map = out + "/" + stem + "-class-map.tif";
open(map);
getHistogram(values, counts, 256);
total = getWidth() * getHeight();
info = split(getMetadata("Info"), "\n");
print("Class map of " + title + " saved to " + map);
for (j = 0; j < info.length; j++) {
	parts = split(info[j], "=");
	v = parseInt(String.trim(parts[0]));
	if (parts.length == 2 && v > 0)
		print(String.trim(parts[1]) + ": " + d2s(100 * counts[v] / total, 1) + " % of the pixels");
}
