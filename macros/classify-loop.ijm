// Opens the images of a folder one by one, classifies each with "Classify with CNN" and
// prints its class: the pattern for macros that do more with each image (measure it,
// crop it...). The model is read once, not once per image.
//
// Headless: ./cnn-classifier -batch macros/classify-loop.ijm
//           ./cnn-classifier -batch macros/classify-loop.ijm "folder=[/data/cells] model=[/data/cells.zip] limit=1000"
//           (in Fiji: ImageJ-linux64 --headless -batch macros/classify-loop.ijm "...")
// In Fiji:  Plugins > Macros > Run..., after setting the paths below to your own.
// The defaults go through 300 of the shipped test-images/digits (30 per class folder) with
// a model trained on them first (if the model file is not there yet), and print the time
// per image.

folder = "test-images/digits";
model = getDirectory("temp") + "cnn-digits.zip";
limit = 300;

arg = getArgument();
folder = call("ij.Macro.getValue", arg, "folder", folder);
model = call("ij.Macro.getValue", arg, "model", model);
limit = parseInt(call("ij.Macro.getValue", arg, "limit", "" + limit));

setBatchMode(true);
if (!File.exists(model))
	run("Train CNN Classifier", "data=[test-images/digits] model=[" + model + "] max_epochs=3 mini_batch_size=32");
// The images of the folder and of its sub-folders (one level), as many of each as fit the limit.
paths = newArray(0);
entries = getFileList(folder);
for (i = 0; i < entries.length; i++) {
	if (endsWith(entries[i], "/")) {
		inner = getFileList(folder + "/" + entries[i]);
		for (j = 0; j < inner.length && j < limit / (entries.length); j++)
			paths = Array.concat(paths, folder + "/" + entries[i] + inner[j]);
	} else {
		paths = Array.concat(paths, folder + "/" + entries[i]);
	}
}
start = getTime();
n = 0;
for (i = 0; i < paths.length && n < limit; i++) {
	open(paths[i]);
	run("Classify with CNN", "model=[" + model + "]");
	print(getTitle() + ": " + getResultString("Class", 0) + " (confidence " + d2s(getResult("Confidence", 0), 3) + ")");
	close();
	n++;
}
print(n + " images classified, " + d2s((getTime() - start) / n, 1) + " ms per image");
