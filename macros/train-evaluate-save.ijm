// Trains a CNN on a labelled folder (one sub-folder of images per class), evaluates it on a
// labelled test folder and saves the model and the evaluation.
//
// Headless: ./cnn-classifier -batch macros/train-evaluate-save.ijm
//           ./cnn-classifier -batch macros/train-evaluate-save.ijm "data=[/data/train] test=[/data/test] model=[/data/cells.zip] max_epochs=8"
//           (in Fiji: ImageJ-linux64 --headless -batch macros/train-evaluate-save.ijm "...")
// In Fiji:  Plugins > Macros > Run..., after setting the paths below to your own.
// The defaults train on the shipped test-images/digits and test on the same folder, which
// measures training accuracy only: give a separate labelled test folder for a real test.

data = "test-images/digits";
test = data;
model = getDirectory("temp") + "cnn-trained.zip";
evaluation = getDirectory("temp") + "cnn-trained-test.csv";
epochs = "3";
batch = "32";

arg = getArgument();
data = call("ij.Macro.getValue", arg, "data", data);
test = call("ij.Macro.getValue", arg, "test", test);
model = call("ij.Macro.getValue", arg, "model", model);
evaluation = call("ij.Macro.getValue", arg, "evaluation", evaluation);
epochs = call("ij.Macro.getValue", arg, "max_epochs", epochs);
batch = call("ij.Macro.getValue", arg, "mini_batch_size", batch);

setBatchMode(true);
// Train; the model file is written when training ends (or when Esc stops it in the GUI).
run("Train CNN Classifier", "data=[" + data + "] model=[" + model + "] max_epochs=" + epochs +
	" mini_batch_size=" + batch + " validation_frequency=30");

// ---- Evaluate ---------------------------------------------------------------------------
// TODO: "Evaluate CNN" does not exist yet. When it does, replace this block with e.g.
//   run("Evaluate CNN", "model=[" + model + "] data=[" + test + "] results=[" + evaluation + "]");
// Until then: classify the test folder and count the rows whose class is the name of the
// image's class folder (test/<class>/...).
run("Classify Folder with CNN", "folder=[" + test + "] model=[" + model + "] results=[" + evaluation + "] overwrite=true");
lines = split(File.openAsString(evaluation), "\n");
right = 0;
for (i = 1; i < lines.length; i++) {
	fields = split(lines[i], ",");
	if (startsWith(fields[0], fields[2] + "/")) right++;
}
accuracy = right / (lines.length - 1);
// ---- end of Evaluate --------------------------------------------------------------------

print("Test accuracy: " + d2s(100 * accuracy, 2) + " % (" + right + " of " + (lines.length - 1) + ")");
print("Model saved to " + model + "; classified test images in " + evaluation);
