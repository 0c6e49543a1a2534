// Classifies every image in a folder (and its sub-folders) into a CSV, one row per image
// or stack plane, and prints the number of images per class (the Results table, also
// saved beside the CSV as <name>-counts.csv). Run it again after a stop: it continues
// where it stopped. Set sort_to to also copy the images into one folder per class.
//
// Headless: ./cnn-classifier -batch macros/classify-folder.ijm
//           ./cnn-classifier -batch macros/classify-folder.ijm "folder=[/data/plates] model=[/data/cells.zip] results=[/data/plates.csv] sort_to=[/data/sorted]"
//           (in Fiji: ImageJ-linux64 --headless -batch macros/classify-folder.ijm "...")
// In Fiji:  Plugins > Macros > Run..., after setting the paths below to your own.
// The defaults classify the shipped test-images/digits with a model trained on them first
// (if the model file is not there yet).

folder = "test-images/digits";
model = getDirectory("temp") + "cnn-digits.zip";
results = getDirectory("temp") + "cnn-digits.csv";
pattern = "";      // e.g. *.tif; empty: all images
sort_to = "";      // e.g. /data/sorted; empty: do not sort
overwrite = "true";  // "false": continue a stopped run (and refuse to replace finished results)

arg = getArgument();
folder = call("ij.Macro.getValue", arg, "folder", folder);
model = call("ij.Macro.getValue", arg, "model", model);
results = call("ij.Macro.getValue", arg, "results", results);
pattern = call("ij.Macro.getValue", arg, "pattern", pattern);
sort_to = call("ij.Macro.getValue", arg, "sort_to", sort_to);
overwrite = call("ij.Macro.getValue", arg, "overwrite", overwrite);

setBatchMode(true);
if (!File.exists(model))
	run("Train CNN Classifier", "data=[test-images/digits] model=[" + model + "] max_epochs=3 mini_batch_size=32");
options = "folder=[" + folder + "] model=[" + model + "] results=[" + results + "]";
if (pattern != "") options = options + " pattern=[" + pattern + "]";
if (sort_to != "") options = options + " sort_to=[" + sort_to + "]";
if (overwrite == "true") options = options + " overwrite=true";
run("Classify Folder with CNN", options);
// The Results table now holds Class, Count and Percent.
total = 0;
for (i = 0; i < nResults; i++) total = total + getResult("Count", i);
for (i = 0; i < nResults; i++)
	print(getResultString("Class", i) + ": " + getResult("Count", i) + " (" + d2s(getResult("Percent", i), 1) + " %)");
print(total + " rows in " + results);
