// Segments the objects of an image by a threshold and Analyze Particles (as a count mask: a
// label image, every object one integer), then classifies each object with "Classify ROIs
// with CNN": the pattern for a field of cells segmented by anything (a threshold, StarDist,
// Cellpose) and classified by a CNN, one row per object. In Fiji's window the particles can
// go to the ROI Manager instead ("add"), and the command then takes its ROIs.
//
// Headless: ./cnn-classifier -batch macros/classify-rois.ijm
//           ./cnn-classifier -batch macros/classify-rois.ijm "image=[/data/field.tif] model=[/data/cells.zip] crop=32"
//           (in Fiji: ImageJ-linux64 --headless -batch macros/classify-rois.ijm "...")
// In Fiji:  Plugins > Macros > Run..., after setting the paths below to your own.
// The defaults build a field from the shipped test-images/digits-stack.tif (its 40 digits in
// a montage with gaps), classify its particles with a digits model (trained first if the
// model file is not there yet), and save the rows, the class counts and the classified ROIs.

image = "";
model = getDirectory("temp") + "cnn-digits.zip";
crop = 28;
out = getDirectory("temp") + "cnn-rois";

arg = getArgument();
image = call("ij.Macro.getValue", arg, "image", image);
model = call("ij.Macro.getValue", arg, "model", model);
crop = parseInt(call("ij.Macro.getValue", arg, "crop", "" + crop));

setBatchMode(true);
if (!File.exists(model))
	run("Train CNN Classifier", "data=[test-images/digits] model=[" + model + "] max_epochs=3 mini_batch_size=32");
if (image == "") {
	open("test-images/digits-stack.tif");
	run("Make Montage...", "columns=8 rows=5 scale=1 border=12");
	rename("digits-field");
	run("Canvas Size...", "width=" + (getWidth() + 24) + " height=" + (getHeight() + 24) + " position=Center zero");
} else {
	open(image);
}
title = getTitle();
setAutoThreshold("Default dark");
run("Analyze Particles...", "size=20-Infinity show=[Count Masks]");
masks = getTitle();
selectImage(title);
resetThreshold();
File.makeDirectory(out);
run("Classify ROIs with CNN", "labels=[" + masks + "] model=[" + model + "] crop=" + crop + " results=[" + out + "/objects.csv] classified_zip=[" + out + "/classified-rois.zip]");
print(nResults + " objects of " + title + " classified; rows in " + out + "/objects.csv");
counts = File.openAsString(out + "/objects-counts.csv");
print(counts);
