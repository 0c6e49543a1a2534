// Trains the lecture CNN on a labelled folder, then classifies every slice of a stack
// and saves the Results table as CSV.
//
// Headless: ./cnn-classifier -batch macros/train-and-classify.ijm
//           ./cnn-classifier -batch macros/train-and-classify.ijm "data=[/my/folders] stack=[/my/stack.tif] model=[/tmp/m.zip] results=[/tmp/r.csv] max_epochs=4"
//           (in Fiji: ImageJ-linux64 --headless -batch macros/train-and-classify.ijm "...")
// In Fiji:  Plugins > Macros > Run... (or drag this file onto Fiji and press Run), after
//           setting the paths below to your own; an argument as above overrides them.
// The defaults use the shipped test-images, relative to the project folder.

data = "test-images/digits";
stack = "test-images/digits-stack.tif";
model = getDirectory("temp") + "digits.zip";
results = getDirectory("temp") + "digits-stack.csv";
epochs = "6";

arg = getArgument();
data = call("ij.Macro.getValue", arg, "data", data);
stack = call("ij.Macro.getValue", arg, "stack", stack);
model = call("ij.Macro.getValue", arg, "model", model);
results = call("ij.Macro.getValue", arg, "results", results);
epochs = call("ij.Macro.getValue", arg, "max_epochs", epochs);

setBatchMode(true);
run("Train CNN Classifier", "data=[" + data + "] model=[" + model + "] max_epochs=" + epochs +
	" mini_batch_size=32 validation_frequency=10");
open(stack);
run("Classify with CNN", "model=[" + model + "]");
saveAs("Results", results);
for (i = 0; i < nResults; i++) {
	print("slice " + getResult("Slice", i) + ": " + getResultString("Class", i) +
		" (confidence " + d2s(getResult("Confidence", i), 3) + ")");
}
print("Classified " + nResults + " slices of " + stack + "; results in " + results);
